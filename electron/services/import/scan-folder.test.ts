import { realpath, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { put, tempDirs } from '../test-support/fixtures';
import { scanFolder } from './scan-folder';

const temps = tempDirs('ceiling-scan-');
afterEach(() => temps.cleanupAll());

async function root(): Promise<string> {
  return realpath(await temps.make());
}

describe('scanFolder', () => {
  it('passes over root-level files, hidden files and folders, and node_modules', async () => {
    const dir = await root();
    await put(dir, 'README.md', '# data');
    await put(dir, 'labels.csv', 'path,label\n');
    await put(dir, 'cat/.DS_Store', 'mac');
    await put(dir, 'cat/a.png', 'x');
    await put(dir, '.git/objects/x.png', 'x');
    await put(dir, 'node_modules/pkg/y.png', 'x');
    const { candidates, problems } = await scanFolder(dir);
    expect(problems).toEqual([]);
    expect(candidates.map((candidate) => candidate.path)).toEqual(['cat/a.png']);
  });

  it('accepts image extensions in any case and lists others as not-an-image', async () => {
    const dir = await root();
    for (const name of ['a.PNG', 'b.JpEg', 'c.webp', 'd.tif', 'e.gif', 'f.bmp', 'g.svg', 'h', 'i.png.txt']) {
      await put(dir, `cat/${name}`, 'x');
    }
    const { candidates, problems } = await scanFolder(dir);
    expect(candidates.map((candidate) => candidate.path)).toEqual([
      'cat/a.PNG',
      'cat/b.JpEg',
      'cat/c.webp',
      'cat/d.tif',
      'cat/e.gif',
      'cat/f.bmp',
    ]);
    expect(problems.map((problem) => [problem.path, problem.code])).toEqual([
      ['cat/g.svg', 'not-an-image'],
      ['cat/h', 'not-an-image'],
      ['cat/i.png.txt', 'not-an-image'],
    ]);
  });

  it('decides the layout per file by depth: class/image and source/class/image side by side', async () => {
    const dir = await root();
    await put(dir, 'cat/a.png', 'x');
    await put(dir, 'phone/dog/b.png', 'x');
    const { candidates } = await scanFolder(dir);
    expect(candidates.map(({ path, label, source, split }) => ({ path, label, source, split }))).toEqual([
      { path: 'cat/a.png', label: 'cat', source: null, split: null },
      { path: 'phone/dog/b.png', label: 'dog', source: 'phone', split: null },
    ]);
  });

  it('follows a linked class folder that stays inside the root, naming the label after the link', async () => {
    const dir = await root();
    const real = await put(dir, 'cat/a.png', 'x');
    await symlink(join(dir, 'cat'), join(dir, 'kitten'));
    const { candidates, problems } = await scanFolder(dir);
    expect(problems).toEqual([]);
    expect(candidates.map(({ path, label, absolutePath }) => [path, label, absolutePath])).toEqual([
      ['cat/a.png', 'cat', real],
      ['kitten/a.png', 'kitten', real],
    ]);
  });

  it('terminates on a link loop back to the root', async () => {
    const dir = await root();
    await put(dir, 'cat/a.png', 'x');
    await symlink(dir, join(dir, 'cat', 'loop'));
    const { candidates, problems } = await scanFolder(dir);
    expect(candidates.map((candidate) => candidate.path)).toContain('cat/a.png');
    expect(problems.some((problem) => problem.code === 'bad-layout')).toBe(true);
  });

  it('rejects with AbortError when the signal is already aborted', async () => {
    const dir = await root();
    await put(dir, 'cat/a.png', 'x');
    const controller = new AbortController();
    controller.abort();
    await expect(scanFolder(dir, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
