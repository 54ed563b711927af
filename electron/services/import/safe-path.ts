import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `child` is `root` itself or lies inside it (both absolute, already resolved). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  // `..odd.png` is a legal name inside the root: only a leading `..` path segment leaves it.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Why a path was refused: it leads outside the root, it does not exist, or it could not be resolved. */
export type RefusalKind = 'outside' | 'missing' | 'unresolvable';

/**
 * Resolve a path given by a manifest or found while walking, and refuse it unless its real location
 * (after `..` and symlinks) is inside the dataset root. Returns the real absolute path.
 * `realRoot` must itself be a realpath.
 */
export async function resolveInsideRoot(
  realRoot: string,
  candidate: string,
): Promise<{ ok: true; path: string } | { ok: false; kind: RefusalKind; reason: string }> {
  const lexical = resolve(realRoot, candidate);
  if (!isInside(realRoot, lexical)) {
    return { ok: false, kind: 'outside', reason: 'the path points outside the dataset folder' };
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { ok: false, kind: 'missing', reason: 'the file does not exist (or a symbolic link leads nowhere)' }
      : { ok: false, kind: 'unresolvable', reason: `cannot resolve the path (${code})` };
  }
  if (!isInside(realRoot, real)) {
    return { ok: false, kind: 'outside', reason: 'a symbolic link leads outside the dataset folder' };
  }
  return { ok: true, path: real };
}

/** Dataset-relative path with `/` separators, as stored in the item index. */
export function toDatasetPath(realRoot: string, absolute: string): string {
  return relative(realRoot, absolute).split(sep).join('/');
}
