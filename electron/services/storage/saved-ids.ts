import { readdir } from 'node:fs/promises';
import type { z } from 'zod';

/**
 * The ids saved in `folder` as `<id><suffix>` (`.json` files, or folders with suffix '') that `idSchema`
 * accepts, greatest first (ids that start with their creation time come newest first); none when the
 * folder cannot be read (nothing saved yet).
 */
export async function savedIds(folder: string, idSchema: z.ZodType<string>, suffix = ''): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, name.length - suffix.length))
    .filter((id) => idSchema.safeParse(id).success)
    .sort()
    .reverse();
}
