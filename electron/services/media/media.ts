import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ItemIdSchema } from '../../../shared/items';
import { openImage } from '../images/open-image';
import { thumbnailPath, writeThumbnail } from '../images/thumbnails';
import type { Project } from '../projects/project';

export type MediaKind = 'thumb' | 'image';

export interface Media {
  body: Uint8Array;
  contentType: string;
}

/** Formats a browser shows as they are; others (TIFF, BMP) are converted to PNG for display. */
const BROWSER_FORMATS: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/**
 * The bytes of an item's thumbnail or full image, looked up by **item id** only: the caller never names
 * a path (DESIGN §6). Returns null for an unknown id. A missing thumbnail is made on demand.
 */
export async function readMedia(project: Project, kind: MediaKind, id: string): Promise<Media | null> {
  if (!ItemIdSchema.safeParse(id).success) return null;
  const item = project.index?.get(id);
  if (!item) return null;
  const original = join(project.datasetRoot, ...item.path.split('/'));
  if (kind === 'thumb') {
    const path = thumbnailPath(project.projectDir, item.hash);
    try {
      return { body: await readFile(path), contentType: 'image/webp' };
    } catch {
      await writeThumbnail(openImage(await readFile(original)), path);
      return { body: await readFile(path), contentType: 'image/webp' };
    }
  }
  const buffer = await readFile(original);
  const type = BROWSER_FORMATS[item.format];
  if (type) return { body: buffer, contentType: type };
  return { body: await openImage(buffer).autoOrient().png().toBuffer(), contentType: 'image/png' };
}

/** Parse `/media/<kind>/<id>` (the one media route of both hosts). */
export function parseMediaPath(pathname: string): { kind: MediaKind; id: string } | null {
  const match = /^\/media\/(thumb|image)\/([0-9a-f-]+)$/.exec(pathname);
  return match ? { kind: match[1] as MediaKind, id: match[2]! } : null;
}
