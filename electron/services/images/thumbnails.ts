import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Sharp } from 'sharp';
import { THUMBNAIL_SIZE } from './image-limits';

/** Where the thumbnail of an item lives in the project: sharded by the first two hex digits. */
export function thumbnailPath(projectDir: string, itemId: string): string {
  return join(projectDir, 'thumbnails', itemId.slice(0, 2), `${itemId}.webp`);
}

/**
 * Make the thumbnail: EXIF auto-orient, fit inside THUMBNAIL_SIZE² without enlarging, WebP. Writing it
 * decodes every pixel, so a truncated or corrupt file fails here rather than later in the grid.
 * `madeFolders`, when given, remembers the folders already created.
 */
export async function writeThumbnail(image: Sharp, target: string, madeFolders?: Set<string>): Promise<void> {
  // An import passes the set of shard folders it already made: one mkdir per folder, not per file.
  const folder = dirname(target);
  if (!madeFolders?.has(folder)) {
    await mkdir(folder, { recursive: true });
    madeFolders?.add(folder);
  }
  const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await image
      .autoOrient()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(temp);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // A crash never leaves half a thumbnail under the real name; identical files written at the same time
  // each use their own temporary name, and the last rename wins with the same bytes.
  await rename(temp, target);
}
