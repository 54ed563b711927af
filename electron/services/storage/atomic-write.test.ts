import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../test-support/fixtures';
import { writeFileAtomic } from './atomic-write';

const temps = tempDirs('ceiling-atomic-');
afterEach(() => temps.cleanupAll());

describe('writeFileAtomic', () => {
  it('creates a file and leaves nothing else in the folder', async () => {
    const dir = await temps.make();
    await writeFileAtomic(join(dir, 'doc.json'), '{"a":1}');
    expect(await readFile(join(dir, 'doc.json'), 'utf8')).toBe('{"a":1}');
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('replaces existing content entirely (a shorter write leaves no tail of the old one)', async () => {
    const dir = await temps.make();
    const target = join(dir, 'doc.json');
    await writeFile(target, 'x'.repeat(10_000));
    await writeFileAtomic(target, 'short');
    expect(await readFile(target, 'utf8')).toBe('short');
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('writes bytes as given', async () => {
    const dir = await temps.make();
    const bytes = new Uint8Array([0, 255, 1, 254, 10, 13]);
    await writeFileAtomic(join(dir, 'blob.bin'), bytes);
    expect(new Uint8Array(await readFile(join(dir, 'blob.bin')))).toEqual(bytes);
  });

  it('many writes at once to one file end with one whole version and no temp files', async () => {
    const dir = await temps.make();
    const target = join(dir, 'doc.json');
    const versions = Array.from({ length: 20 }, (_, n) => JSON.stringify({ n, pad: 'y'.repeat(n * 100) }));
    await Promise.all(versions.map((text) => writeFileAtomic(target, text)));
    expect(versions).toContain(await readFile(target, 'utf8'));
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('fails without leaving a temp file when the target cannot be replaced', async () => {
    const dir = await temps.make();
    const target = join(dir, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'keep me');
    await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({
      code: expect.stringMatching(/^E/),
    });
    expect(await readdir(dir)).toEqual(['occupied']);
    expect(await readFile(join(target, 'inside.txt'), 'utf8')).toBe('keep me');
  });

  it('fails with ENOENT when the folder does not exist', async () => {
    const dir = await temps.make();
    await expect(writeFileAtomic(join(dir, 'missing', 'doc.json'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
