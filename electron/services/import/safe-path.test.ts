import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { put, tempDirs } from '../test-support/fixtures';
import { isInside, resolveInsideRoot, toDatasetPath } from './safe-path';
import { readManifest } from './read-manifest';

const temps = tempDirs('ceiling-safe-path-');
afterEach(() => temps.cleanupAll());

describe('isInside', () => {
  it.each([
    ['/data', '/data', true],
    ['/data', '/data/cat/a.png', true],
    ['/data', '/data/..', false],
    ['/data', '/', false],
    ['/data', '/data2/a.png', false],
    ['/data', '/dat', false],
    ['/data', '/other/data/a.png', false],
  ])('isInside(%j, %j) = %j', (root, child, expected) => {
    expect(isInside(root, child)).toBe(expected);
  });

  // `relative()` gives '..a.png' for a file so named: it starts with '..' but is not a parent step.
  it('keeps a file whose name starts with two dots inside the root', () => {
    expect(isInside('/data', '/data/..a.png')).toBe(true);
    expect(isInside('/data', '/data/...')).toBe(true);
  });
});

describe('resolveInsideRoot', () => {
  it('resolves a path inside the root to its real location', async () => {
    const root = await realpath(await temps.make());
    const file = await put(root, 'cat/a.png', 'x');
    expect(await resolveInsideRoot(root, 'cat/./../cat/a.png')).toEqual({ ok: true, path: file });
    expect(toDatasetPath(root, file)).toBe('cat/a.png');
  });

  it('refuses ../ escapes, absolute paths and links that lead out, and reports missing files', async () => {
    const root = await realpath(await temps.make());
    const outside = await realpath(await temps.make());
    await writeFile(join(outside, 'secret.png'), 'x');
    await mkdir(join(root, 'cat'));
    await symlink(join(outside, 'secret.png'), join(root, 'cat', 'link.png'));
    await symlink(outside, join(root, 'linked-dir'));

    const reasons = async (path: string) => {
      const result = await resolveInsideRoot(root, path);
      return result.ok ? 'ok' : result.reason;
    };
    expect(await reasons('../x.png')).toMatch(/outside/);
    expect(await reasons(join(outside, 'secret.png'))).toMatch(/outside/);
    expect(await reasons('cat/link.png')).toMatch(/symbolic link/);
    expect(await reasons('linked-dir/secret.png')).toMatch(/symbolic link/);
    expect(await reasons('cat/missing.png')).toMatch(/does not exist/);
  });

  it('accepts a manifest row naming a file that starts with two dots', async () => {
    const root = await realpath(await temps.make());
    await put(root, '..odd-name.png', 'x');
    await writeFile(join(root, 'm.csv'), 'path,label\n..odd-name.png,cat\n');
    const { candidates, problems } = await readManifest(root, join(root, 'm.csv'));
    expect(problems).toEqual([]);
    expect(candidates.map((candidate) => candidate.path)).toEqual(['..odd-name.png']);
  });
});
