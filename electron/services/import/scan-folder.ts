import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { hasImageExtension } from '../../../shared/image-formats';
import type { ImportProblem } from '../../../shared/import-report';
import { resolveInsideRoot, toDatasetPath } from './safe-path';

/** A file that should become an item, before it is read. */
export interface Candidate {
  /** Real absolute path, checked to be inside the dataset root. */
  absolutePath: string;
  /** Dataset-relative path with `/` separators. */
  path: string;
  label: string;
  source: string | null;
  split: string | null;
}

/** Folders the walker never enters: the project's own state and anything hidden. */
function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/**
 * Walk a dataset folder laid out as `class/image` or `source/class/image` (decided per file by its
 * depth). Files at the root (README, LICENSE, manifests) are not items and are passed over; deeper
 * files and non-image files inside class folders are listed as problems; symlinks are followed only
 * when they stay inside the root.
 */
export async function scanFolder(
  realRoot: string,
  signal?: AbortSignal,
): Promise<{ candidates: Candidate[]; problems: ImportProblem[] }> {
  const candidates: Candidate[] = [];
  const problems: ImportProblem[] = [];

  async function walk(dir: string, parts: string[]): Promise<void> {
    signal?.throwIfAborted();
    const entries = [];
    for await (const entry of await opendir(dir)) entries.push(entry);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let real = full;
      if (entry.isSymbolicLink()) {
        const resolved = await resolveInsideRoot(realRoot, full);
        if (!resolved.ok) {
          problems.push({
            code: resolved.kind === 'outside' ? 'outside-root' : 'unreadable',
            path: [...parts, entry.name].join('/'),
            reason: resolved.reason,
          });
          continue;
        }
        real = resolved.path;
        const info = await stat(real);
        isDir = info.isDirectory();
        isFile = info.isFile();
      }
      if (isDir) {
        if (isSkippedFolder(entry.name)) continue;
        if (parts.length >= 2) {
          problems.push({
            code: 'bad-layout',
            path: toDatasetPath(realRoot, full),
            reason: 'folder nested too deep: expected class/image or source/class/image',
          });
          continue;
        }
        await walk(real, [...parts, entry.name]);
        continue;
      }
      if (!isFile || entry.name.startsWith('.')) continue;
      const path = [...parts, entry.name].join('/');
      if (parts.length === 0) continue; // root-level files are documentation or manifests, not items
      if (!hasImageExtension(entry.name)) {
        problems.push({ code: 'not-an-image', path, reason: 'not an image file (extension)' });
        continue;
      }
      const [first, second] = parts;
      candidates.push({
        absolutePath: real,
        path,
        label: parts.length === 1 ? first! : second!,
        source: parts.length === 2 ? first! : null,
        split: null,
      });
    }
  }

  await walk(realRoot, []);
  return { candidates, problems };
}
