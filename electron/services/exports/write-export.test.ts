import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiFailure } from '../../../shared/result';
import { tempDirs } from '../test-support/fixtures';
import { writeExport } from './write-export';

describe('writeExport', () => {
  const temps = tempDirs();
  afterEach(() => temps.cleanupAll());

  it('writes to <project>/exports/<name> by default, atomically (no temp file left)', async () => {
    const project = await temps.make();
    const path = await writeExport(project, 'report.csv', 'a,b\r\n', undefined, 'project');
    expect(path).toBe(join(project, 'exports', 'report.csv'));
    expect(await readFile(path, 'utf8')).toBe('a,b\r\n');
    expect(await readdir(join(project, 'exports'))).toEqual(['report.csv']);
  });

  it('takes a relative target from the project folder', async () => {
    const project = await temps.make();
    const path = await writeExport(project, 'x.csv', 'x', 'mine/split.csv', 'project');
    expect(path).toBe(join(project, 'mine', 'split.csv'));
  });

  it('refuses a target outside the project for the UI, and allows it for the CLI', async () => {
    const project = await temps.make();
    const elsewhere = join(await temps.make(), 'out.csv');
    for (const target of [elsewhere, '../escape.csv']) {
      await expect(writeExport(project, 'x.csv', 'x', target, 'project')).rejects.toMatchObject({
        code: 'forbidden',
      } satisfies Partial<ApiFailure>);
    }
    expect(await writeExport(project, 'x.csv', 'x', elsewhere, 'anywhere')).toBe(elsewhere);
    expect(await readFile(elsewhere, 'utf8')).toBe('x');
  });
});
