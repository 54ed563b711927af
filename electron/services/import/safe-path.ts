import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `child` is `root` itself or lies inside it (both absolute, already resolved). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Resolve a path given by a manifest or found while walking, and refuse it unless its real location
 * (after `..` and symlinks) is inside the dataset root. Returns the real absolute path.
 * `realRoot` must itself be a realpath.
 */
export async function resolveInsideRoot(
  realRoot: string,
  candidate: string,
): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  const lexical = resolve(realRoot, candidate);
  if (!isInside(realRoot, lexical))
    return { ok: false, reason: 'the path points outside the dataset folder' };
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: code === 'ENOENT' ? 'the file does not exist' : `cannot resolve the path (${code})`,
    };
  }
  if (!isInside(realRoot, real))
    return { ok: false, reason: 'a symbolic link leads outside the dataset folder' };
  return { ok: true, path: real };
}

/** Dataset-relative path with `/` separators, as stored in the item index. */
export function toDatasetPath(realRoot: string, absolute: string): string {
  return relative(realRoot, absolute).split(sep).join('/');
}
