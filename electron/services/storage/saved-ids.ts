import { readdir } from 'node:fs/promises';
import type { z } from 'zod';

/**
 * The ids of the `<id>.json` files in `folder` that `idSchema` accepts, greatest first (ids that start
 * with their creation time come newest first); none when the folder cannot be read (nothing saved yet).
 */
export async function jsonFileIds(folder: string, idSchema: z.ZodType<string>): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((id) => idSchema.safeParse(id).success)
    .sort()
    .reverse();
}
