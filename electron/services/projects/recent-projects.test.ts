import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../test-support/fixtures';
import { RecentProjects } from './recent-projects';

const temps = tempDirs('ceiling-recent-');
afterEach(() => temps.cleanupAll());

const entry = (n: number) => ({
  name: `p${n}`,
  datasetRoot: `/data/p${n}`,
  projectDir: `/data/p${n}/.ceiling`,
});

describe('RecentProjects', () => {
  it('lists newest first, moves a re-opened project to the top without duplicating it, keeps 12', async () => {
    const home = await temps.make();
    const recent = await RecentProjects.open(home);
    for (let n = 1; n <= 13; n++) await recent.remember(entry(n));
    expect(recent.list().map((project) => project.name)).toEqual(
      Array.from({ length: 12 }, (_, i) => `p${13 - i}`),
    );
    await recent.remember(entry(5));
    const names = recent.list().map((project) => project.name);
    expect(names[0]).toBe('p5');
    expect(names.filter((name) => name === 'p5')).toHaveLength(1);
    expect(names).toHaveLength(12);
  });

  it('persists across reopen', async () => {
    const home = await temps.make();
    await (await RecentProjects.open(home)).remember(entry(1));
    const reopened = await RecentProjects.open(home);
    expect(reopened.list()).toEqual([expect.objectContaining({ ...entry(1), openedAt: expect.any(String) })]);
  });

  it('starts empty when its file is damaged, keeping the damaged file', async () => {
    const home = await temps.make();
    await writeFile(join(home, 'recent-projects.json'), '[oops');
    const recent = await RecentProjects.open(home);
    expect(recent.list()).toEqual([]);
    expect((await readdir(home)).some((name) => name.startsWith('recent-projects.json.broken-'))).toBe(true);
  });
});
