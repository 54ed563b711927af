import { readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../../shared/items';
import type { CeilingApp } from '../ceiling-app';
import { thumbnailPath } from '../images/thumbnails';
import type { Project } from '../projects/project';
import { createTestApp, valueOf } from '../test-support/app';
import { bmpBuffer, jpegBuffer, pngBuffer, put, tempDirs } from '../test-support/fixtures';
import { parseMediaPath, readMedia } from './media';

const temps = tempDirs('ceiling-media-');
let app: CeilingApp;
let project: Project;
let root: string;
const byPath = new Map<string, Item>();

function isWebp(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('latin1');
  return text.startsWith('RIFF') && text.slice(8, 12) === 'WEBP';
}

beforeAll(async () => {
  root = await realpath(await temps.make());
  const same = await pngBuffer(20, 20, 3);
  await put(root, 'cat/a.png', await pngBuffer(40, 20, 1));
  await put(root, 'cat/b.jpg', await jpegBuffer(16, 16, 2));
  await put(root, 'cat/c.bmp', bmpBuffer(6, 4));
  await put(root, 'dog/same-1.png', same);
  app = await createTestApp(await temps.make());
  valueOf(await app.router.call('project.open', { datasetPath: root }));
  valueOf(await app.router.call('import.run', {}));
  // A copy of the same bytes imported afterwards becomes `hash-2` without racing its twin's thumbnail.
  await put(root, 'dog/same-2.png', same);
  valueOf(await app.router.call('import.run', {}));
  project = app.currentProject!;
  for (const item of project.index!.items) byPath.set(item.path, item);
});

afterAll(async () => {
  await app.closeProject();
  await temps.cleanupAll();
});

describe('readMedia', () => {
  it('serves the thumbnail of an item by id as WebP bytes', async () => {
    const item = byPath.get('cat/a.png')!;
    const media = await readMedia(project, 'thumb', item.id);
    expect(media?.contentType).toBe('image/webp');
    expect(isWebp(media!.body)).toBe(true);
    expect(Buffer.from(media!.body)).toEqual(await readFile(thumbnailPath(project.projectDir, item.hash)));
    const meta = await sharp(media!.body).metadata();
    expect([meta.width, meta.height]).toEqual([40, 20]);
  });

  it('serves the thumbnail of a duplicate (hash-2 id) from the shared hash', async () => {
    const twin = byPath.get('dog/same-2.png')!;
    expect(twin.id).toBe(`${twin.hash}-2`);
    const media = await readMedia(project, 'thumb', twin.id);
    expect(isWebp(media!.body)).toBe(true);
  });

  it('serves browser formats as the original bytes with their type', async () => {
    const png = await readMedia(project, 'image', byPath.get('cat/a.png')!.id);
    expect(png?.contentType).toBe('image/png');
    expect(Buffer.from(png!.body)).toEqual(await readFile(join(root, 'cat/a.png')));
    const jpeg = await readMedia(project, 'image', byPath.get('cat/b.jpg')!.id);
    expect(jpeg?.contentType).toBe('image/jpeg');
  });

  it('converts a BMP to PNG for display', async () => {
    const media = await readMedia(project, 'image', byPath.get('cat/c.bmp')!.id);
    expect(media?.contentType).toBe('image/png');
    const meta = await sharp(media!.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 6, 4]);
  });

  it('remakes a missing thumbnail on demand', async () => {
    const item = byPath.get('cat/b.jpg')!;
    await rm(thumbnailPath(project.projectDir, item.hash));
    const media = await readMedia(project, 'thumb', item.id);
    expect(isWebp(media!.body)).toBe(true);
    await readFile(thumbnailPath(project.projectDir, item.hash));
  });

  it('answers null for a well-formed id that is not in the project', async () => {
    expect(await readMedia(project, 'thumb', '0123456789abcdef0123')).toBeNull();
    expect(await readMedia(project, 'image', '0123456789abcdef0123-2')).toBeNull();
  });

  it.each([
    ['../../etc/passwd'],
    ['cat/a.png'],
    [''],
    ['ABCDEF0123456789ABCD'],
    ['0123456789abcdef0123-'],
    ['0123'],
  ])('answers null for the malformed id %j', async (id) => {
    expect(await readMedia(project, 'thumb', id)).toBeNull();
    expect(await readMedia(project, 'image', id)).toBeNull();
  });
});

describe('parseMediaPath', () => {
  it('parses the two media routes', () => {
    expect(parseMediaPath('/media/thumb/0123456789abcdef0123')).toEqual({
      kind: 'thumb',
      id: '0123456789abcdef0123',
    });
    expect(parseMediaPath('/media/image/0123456789abcdef0123-2')).toEqual({
      kind: 'image',
      id: '0123456789abcdef0123-2',
    });
  });

  it.each([
    ['/media/thumb/../../x'],
    ['/media/thumb/..%2F..%2Fx'],
    ['/media/thumb/abc/def'],
    ['/media/file/0123456789abcdef0123'],
    ['/media/thumb/'],
    ['/media/thumb/0123456789abcdef0123?x=1'],
    ['media/thumb/0123456789abcdef0123'],
    ['/x/media/thumb/0123456789abcdef0123'],
  ])('refuses %j', (pathname) => {
    expect(parseMediaPath(pathname)).toBeNull();
  });
});
