import { mkdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportSource } from '../../../shared/import-report';
import { THUMBNAIL_SIZE } from '../images/image-limits';
import { thumbnailPath } from '../images/thumbnails';
import { ITEM_INDEX_FILE, ItemIndex } from '../items/item-index';
import {
  bmpBuffer,
  jpegBuffer,
  listFiles,
  pngBuffer,
  put,
  putManyPngs,
  tempDirs,
} from '../test-support/fixtures';
import { importDataset } from './import-dataset';

const temps = tempDirs('ceiling-import-');
afterEach(() => temps.cleanupAll());

/** A dataset root (realpath) with its project folder at `<root>/.ceiling`. */
async function dataset(): Promise<{ root: string; projectDir: string }> {
  const root = await realpath(await temps.make());
  const projectDir = join(root, '.ceiling');
  await mkdir(projectDir);
  return { root, projectDir };
}

function run(
  root: string,
  projectDir: string,
  previous: ItemIndex | null = null,
  extra: {
    signal?: AbortSignal;
    onProgress?: (p: ImportProgress) => void;
    source?: ImportSource;
    concurrency?: number;
  } = {},
) {
  return importDataset({
    realRoot: root,
    projectDir,
    source: extra.source ?? { kind: 'folder' },
    previous,
    signal: extra.signal,
    onProgress: extra.onProgress,
    concurrency: extra.concurrency,
  });
}

describe('importDataset: folder layouts', () => {
  it('reads class/*.png: label from the folder, no source, no split, real size and format', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/a.png', await pngBuffer(20, 10, 1));
    await put(root, 'cat/b.png', await pngBuffer(8, 8, 2));
    await put(root, 'dog/c.png', await pngBuffer(12, 30, 3));
    await put(root, 'README.txt', 'not an item and not a problem');

    const { index, report } = await run(root, projectDir);

    expect(report.problems).toEqual([]);
    expect(report.items).toBe(3);
    expect(report.added).toBe(3);
    expect(index.items.map((item) => [item.path, item.label, item.source, item.split])).toEqual([
      ['cat/a.png', 'cat', null, null],
      ['cat/b.png', 'cat', null, null],
      ['dog/c.png', 'dog', null, null],
    ]);
    const a = index.items.find((item) => item.path === 'cat/a.png')!;
    expect([a.width, a.height, a.format]).toEqual([20, 10, 'png']);
    expect(a.bytes).toBe((await stat(join(root, 'cat/a.png'))).size);
    expect(a.id).toMatch(/^[0-9a-f]{20}$/);
    expect(a.id).toBe(a.hash);
  });

  it('reads source/class/*: source from the first folder, label from the second', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'studio/shirt/1.png', await pngBuffer(8, 8, 1));
    await put(root, 'phone/shirt/2.png', await pngBuffer(8, 8, 2));
    await put(root, 'phone/shoe/3.jpg', await jpegBuffer(8, 8, 3));

    const { index, report } = await run(root, projectDir);

    expect(report.problems).toEqual([]);
    expect(index.items.map((item) => [item.path, item.source, item.label, item.format])).toEqual([
      ['phone/shirt/2.png', 'phone', 'shirt', 'png'],
      ['phone/shoe/3.jpg', 'phone', 'shoe', 'jpeg'],
      ['studio/shirt/1.png', 'studio', 'shirt', 'png'],
    ]);
  });

  it('lists a folder nested deeper than source/class as bad-layout and skips the hidden project folder', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'a/b/ok.png', await pngBuffer(8, 8, 1));
    await put(root, 'a/b/c/too-deep.png', await pngBuffer(8, 8, 2));
    await put(root, '.hidden/x/y.png', await pngBuffer(8, 8, 3));

    const { index, report } = await run(root, projectDir);

    expect(index.items.map((item) => item.path)).toEqual(['a/b/ok.png']);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'bad-layout', path: 'a/b/c' })]);
  });
});

describe('importDataset: bad files are listed, good files still import', () => {
  it('gives each bad file its own problem code', async () => {
    const { root, projectDir } = await dataset();
    const good = await pngBuffer(16, 16, 7);
    await put(root, 'cat/good.png', good);
    await put(root, 'dog/good.png', await pngBuffer(16, 16, 8));
    await put(root, 'cat/truncated.png', (await pngBuffer(64, 64, 9)).subarray(0, 60));
    await put(root, 'cat/text.png', 'this is plain text, not a PNG at all');
    await put(root, 'cat/empty.png', new Uint8Array(0));
    await put(root, 'dog/notes.txt', 'a text file in a class folder');

    const { index, report } = await run(root, projectDir);

    expect(index.items.map((item) => item.path)).toEqual(['cat/good.png', 'dog/good.png']);
    const codes = Object.fromEntries(report.problems.map((problem) => [problem.path, problem.code]));
    expect(codes).toEqual({
      'cat/truncated.png': 'corrupt-image',
      'cat/text.png': 'not-an-image',
      'cat/empty.png': 'empty-file',
      'dog/notes.txt': 'not-an-image',
    });
    for (const problem of report.problems) expect(problem.reason.length).toBeGreaterThan(5);
    expect(report.seen).toBe(6);
    expect(report.items).toBe(2);
  });

  it('refuses an image whose header claims more pixels than the limit, without decoding it', async () => {
    const { root, projectDir } = await dataset();
    // A real 8×8 PNG whose IHDR now says 20000×20000 (CRC fixed): 4×10^8 pixels > MAX_INPUT_PIXELS.
    const png = Buffer.from(await pngBuffer(8, 8, 1));
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
    await put(root, 'cat/huge.png', png);
    await put(root, 'cat/ok.png', await pngBuffer(8, 8, 2));
    const { index, report } = await run(root, projectDir);
    expect(index.items.map((item) => item.path)).toEqual(['cat/ok.png']);
    expect(report.problems).toEqual([
      expect.objectContaining({ path: 'cat/huge.png', code: 'too-many-pixels' }),
    ]);
  });

  it('leaves no half-written thumbnail behind for a file that fails to decode', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/truncated.png', (await pngBuffer(64, 64, 9)).subarray(0, 80));
    const { report } = await run(root, projectDir);
    expect(report.problems.map((problem) => problem.code)).toEqual(['corrupt-image']);
    expect(await listFiles(join(projectDir, 'thumbnails'))).toEqual([]);
  });
});

describe('importDataset: duplicates', () => {
  it('finds an exact duplicate across two classes: one group, conflicting labels, ids hash and hash-2', async () => {
    const { root, projectDir } = await dataset();
    const same = await pngBuffer(16, 16, 42);
    await put(root, 'cat/x.png', same);
    await put(root, 'dog/y.png', same);
    await put(root, 'dog/other.png', await pngBuffer(16, 16, 43));

    // One file at a time: the id and grouping rules, apart from the concurrency bug tested below.
    const { index, report } = await run(root, projectDir, null, { concurrency: 1 });

    expect(report.problems).toEqual([]);
    expect(report.items).toBe(3);
    expect(report.duplicateGroups).toHaveLength(1);
    const [group] = report.duplicateGroups;
    const hash = index.items.find((item) => item.path === 'cat/x.png')!.hash;
    expect(group).toEqual({
      hash,
      ids: [hash, `${hash}-2`],
      paths: ['cat/x.png', 'dog/y.png'],
      conflictingLabels: true,
    });
    expect(index.get(`${hash}-2`)?.path).toBe('dog/y.png');
  });

  it('does not call a duplicate with the same label conflicting', async () => {
    const { root, projectDir } = await dataset();
    const same = await pngBuffer(16, 16, 44);
    await put(root, 'cat/x.png', same);
    await put(root, 'cat/x-copy.png', same);
    const { report } = await run(root, projectDir, null, { concurrency: 1 });
    expect(report.duplicateGroups).toHaveLength(1);
    expect(report.duplicateGroups[0]!.conflictingLabels).toBe(false);
  });

  // Duplicates read at the same time share one thumbnail path and its `.tmp` file: the second rename fails.
  it('imports every copy when many identical files are read concurrently', async () => {
    const { root, projectDir } = await dataset();
    const same = await pngBuffer(32, 32, 45);
    const labels = Array.from({ length: 24 }, (_, n) => `class-${n}`);
    for (const label of labels) await put(root, `${label}/same.png`, same);

    const { index, report } = await run(root, projectDir);

    expect(report.problems).toEqual([]);
    expect(index.size).toBe(labels.length);
    expect(report.duplicateGroups).toHaveLength(1);
    expect(report.duplicateGroups[0]!.ids).toHaveLength(labels.length);
  });
});

describe('importDataset: symbolic links', () => {
  it('refuses a link that points outside the dataset root with outside-root', async () => {
    const { root, projectDir } = await dataset();
    const outside = await temps.make();
    const secret = await put(outside, 'secret.png', await pngBuffer(8, 8, 5));
    await put(root, 'cat/ok.png', await pngBuffer(8, 8, 6));
    await symlink(secret, join(root, 'cat', 'link.png'));
    await symlink(outside, join(root, 'linked-folder'));

    const { index, report } = await run(root, projectDir);

    expect(index.items.map((item) => item.path)).toEqual(['cat/ok.png']);
    const outsideProblems = report.problems.filter((problem) => problem.code === 'outside-root');
    expect(outsideProblems.map((problem) => problem.path).sort()).toEqual(['cat/link.png', 'linked-folder']);
  });

  it('follows a link that stays inside the root', async () => {
    const { root, projectDir } = await dataset();
    const target = await put(root, 'cat/real.png', await pngBuffer(8, 8, 6));
    await mkdir(join(root, 'dog'));
    await symlink(target, join(root, 'dog', 'alias.png'));
    const { index, report } = await run(root, projectDir, null, { concurrency: 1 });
    expect(report.problems).toEqual([]);
    expect(index.items.map((item) => [item.path, item.label])).toEqual([
      ['cat/real.png', 'cat'],
      ['dog/alias.png', 'dog'],
    ]);
  });

  // A dangling link inside the root is a missing file, not an escape from the dataset folder.
  it('reports a dangling link inside the root as unreadable, not outside-root', async () => {
    const { root, projectDir } = await dataset();
    await mkdir(join(root, 'cat'));
    await symlink(join(root, 'cat', 'gone.png'), join(root, 'cat', 'dangling.png'));
    const { report } = await run(root, projectDir);
    expect(report.problems).toEqual([
      expect.objectContaining({ path: 'cat/dangling.png', code: 'unreadable' }),
    ]);
  });
});

describe('importDataset: formats and thumbnails', () => {
  it('imports a hand-written 24-bit BMP with format bmp', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/bitmap.bmp', bmpBuffer(7, 5));
    const { index, report } = await run(root, projectDir);
    expect(report.problems).toEqual([]);
    expect(index.items).toHaveLength(1);
    expect(index.items[0]).toMatchObject({ format: 'bmp', width: 7, height: 5, label: 'cat' });
    const thumb = await sharp(thumbnailPath(projectDir, index.items[0]!.hash)).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 7, 5]);
  });

  it('reports the size of a JPEG with EXIF orientation 6 as displayed (rotated)', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/rotated.jpg', await jpegBuffer(32, 16, 3, 6));
    await put(root, 'cat/plain.jpg', await jpegBuffer(32, 16, 4));
    const { index } = await run(root, projectDir);
    const rotated = index.items.find((item) => item.path === 'cat/rotated.jpg')!;
    const plain = index.items.find((item) => item.path === 'cat/plain.jpg')!;
    expect([rotated.width, rotated.height]).toEqual([16, 32]);
    expect([plain.width, plain.height]).toEqual([32, 16]);
    const thumb = await sharp(thumbnailPath(projectDir, rotated.hash)).metadata();
    expect([thumb.width, thumb.height]).toEqual([16, 32]);
  });

  it('writes a WebP thumbnail per item, fitted inside the thumbnail size without enlarging', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/wide.png', await pngBuffer(400, 100, 1));
    await put(root, 'cat/small.png', await pngBuffer(10, 12, 2));
    await put(root, 'dog/tall.jpg', await jpegBuffer(64, 384, 3));
    const { index } = await run(root, projectDir);
    expect(index.size).toBe(3);
    const sizes: Record<string, [number, number]> = {};
    for (const item of index.items) {
      const meta = await sharp(thumbnailPath(projectDir, item.hash)).metadata();
      expect(meta.format).toBe('webp');
      sizes[item.path] = [meta.width!, meta.height!];
    }
    expect(sizes).toEqual({
      'cat/wide.png': [THUMBNAIL_SIZE, THUMBNAIL_SIZE / 4],
      'cat/small.png': [10, 12],
      'dog/tall.jpg': [THUMBNAIL_SIZE / 6, THUMBNAIL_SIZE],
    });
    expect((await listFiles(join(projectDir, 'thumbnails'))).filter((file) => file.endsWith('.tmp'))).toEqual(
      [],
    );
  });
});

describe('importDataset: re-import', () => {
  it('keeps ids and addedAt of unchanged files and counts added, removed and unchanged', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/keep-1.png', await pngBuffer(8, 8, 1));
    await put(root, 'cat/keep-2.png', await pngBuffer(8, 8, 2));
    await put(root, 'dog/remove.png', await pngBuffer(8, 8, 3));
    const first = await run(root, projectDir);
    expect(first.report.added).toBe(3);
    const before = new Map(first.index.items.map((item) => [item.path, item]));

    await new Promise((resolve) => setTimeout(resolve, 5)); // a later clock for the second import
    await rm(join(root, 'dog', 'remove.png'));
    await put(root, 'dog/new.png', await pngBuffer(8, 8, 4));
    const second = await run(root, projectDir, (await ItemIndex.load(projectDir)).index);

    expect([
      second.report.added,
      second.report.removed,
      second.report.unchanged,
      second.report.items,
    ]).toEqual([1, 1, 2, 3]);
    for (const path of ['cat/keep-1.png', 'cat/keep-2.png']) {
      const item = second.index.items.find((candidate) => candidate.path === path)!;
      expect(item.id).toBe(before.get(path)!.id);
      expect(item.addedAt).toBe(before.get(path)!.addedAt);
    }
    const added = second.index.items.find((item) => item.path === 'dog/new.png')!;
    expect(added.addedAt).toBe(second.report.startedAt);
    expect(added.addedAt).not.toBe(first.report.startedAt);
    expect(second.index.get(before.get('dog/remove.png')!.id)).toBeUndefined();
  });

  it('gives a file whose content changed a new id (one added, one removed)', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
    const first = await run(root, projectDir);
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 2));
    const second = await run(root, projectDir, first.index);
    expect([second.report.added, second.report.removed, second.report.unchanged]).toEqual([1, 1, 0]);
    expect(second.index.items[0]!.id).not.toBe(first.index.items[0]!.id);
  });

  it('keeps a relabelled file (moved to another class) as a new item with the new label', async () => {
    const { root, projectDir } = await dataset();
    const bytes = await pngBuffer(8, 8, 1);
    await put(root, 'cat/a.png', bytes);
    const first = await run(root, projectDir);
    await rm(join(root, 'cat'), { recursive: true });
    await put(root, 'dog/a.png', bytes);
    const second = await run(root, projectDir, first.index);
    expect(second.index.items.map((item) => [item.path, item.label])).toEqual([['dog/a.png', 'dog']]);
  });
});

describe('importDataset: cancel and progress', () => {
  it('an already-aborted signal rejects and leaves the saved index untouched', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
    const first = await run(root, projectDir);
    const saved = await readFile(join(projectDir, ITEM_INDEX_FILE), 'utf8');
    await put(root, 'cat/b.png', await pngBuffer(8, 8, 2));

    const controller = new AbortController();
    controller.abort();
    await expect(run(root, projectDir, first.index, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await readFile(join(projectDir, ITEM_INDEX_FILE), 'utf8')).toBe(saved);
    expect((await ItemIndex.load(projectDir)).index!.items.map((item) => item.path)).toEqual(['cat/a.png']);
  });

  it('aborting while reading stops before the index is written', async () => {
    const { root, projectDir } = await dataset();
    await putManyPngs(root, ['a', 'b', 'c'], 120);
    const controller = new AbortController();
    const phases: string[] = [];
    const promise = run(root, projectDir, null, {
      signal: controller.signal,
      onProgress: (progress) => {
        phases.push(progress.phase);
        if (progress.phase === 'reading') controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(phases).toContain('reading');
    expect(phases).not.toContain('saving');
    await expect(stat(join(projectDir, ITEM_INDEX_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports progress through scanning, reading, saving and done', async () => {
    const { root, projectDir } = await dataset();
    await putManyPngs(root, ['a', 'b'], 6);
    await put(root, 'a/broken.png', 'not an image');
    const events: ImportProgress[] = [];
    await run(root, projectDir, null, { onProgress: (progress) => events.push(progress) });
    const phases = [...new Set(events.map((event) => event.phase))];
    expect(phases).toEqual(['scanning', 'reading', 'saving', 'done']);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', done: 7, total: 7, problems: 1 });
    expect(last.rate).toBeGreaterThan(0);
  });
});

describe('importDataset: manifest source', () => {
  it('imports the rows of a CSV manifest with label, source and split', async () => {
    const { root, projectDir } = await dataset();
    await put(root, 'images/1.png', await pngBuffer(8, 8, 1));
    await put(root, 'images/2.png', await pngBuffer(8, 8, 2));
    await put(root, 'images/bad.png', 'text');
    const manifestPath = join(root, 'labels.csv');
    await writeFile(
      manifestPath,
      'path,label,source,split\nimages/1.png,cat,studio,train\nimages/2.png,dog,,dev\nimages/bad.png,cat,,\n',
    );
    const { index, report } = await run(root, projectDir, null, {
      source: { kind: 'manifest', manifestPath },
    });
    expect(index.items.map((item) => [item.path, item.label, item.source, item.split])).toEqual([
      ['images/1.png', 'cat', 'studio', 'train'],
      ['images/2.png', 'dog', null, 'dev'],
    ]);
    expect(report.problems).toEqual([
      expect.objectContaining({ path: 'images/bad.png', code: 'not-an-image' }),
    ]);
    expect(report.seen).toBe(3);
  });
});
