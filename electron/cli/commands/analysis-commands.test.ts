/**
 * `ceiling sample`, `ceiling tag` and `ceiling report` through the built CLI (out/main/cli.js): a project
 * with a frozen split and an imported predictions CSV in which every item is wrong (so dev has errors
 * whatever the split put there).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putManyPngs, tempDirs } from '../../services/test-support/fixtures';
import { importAndFreeze, runCli } from '../../services/test-support/built-cli';

const LABELS = ['boot', 'coat', 'shirt'];

describe('ceiling sample / tag / report', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  const run = (...args: string[]) => runCli(home, args, { timeout: 60_000 });

  beforeAll(async () => {
    dataset = await temp.make();
    home = await temp.make();
    const paths = await putManyPngs(dataset, LABELS, 90);
    importAndFreeze(run, dataset);
    const csv = join(await temp.make(), 'preds.csv');
    const next = (label: string) => LABELS[(LABELS.indexOf(label) + 1) % 3]!;
    await writeFile(
      csv,
      ['path,predicted', ...paths.map((path) => `${path},${next(path.split('/')[0]!)}`)].join('\n'),
    );
    expect(run('import-predictions', dataset, csv).status).toBe(0);
  }, 60_000);
  afterAll(() => temp.cleanupAll());

  it('draws a seeded sample of the newest run, the same again with the same seed, extends and lists it', () => {
    const first = JSON.parse(run('sample', dataset, '--size', '5', '--seed', '4', '--json').stdout);
    const second = JSON.parse(
      run('sample', dataset, 'create', '--size', '5', '--seed', '4', '--json').stdout,
    );
    expect(first).toMatchObject({ size: 5, seed: 4, stratify: 'none', devErrorPercent: 100 });
    expect(second.items.map((i: { id: string }) => i.id)).toEqual(
      first.items.map((i: { id: string }) => i.id),
    );
    const extended = JSON.parse(
      run('sample', dataset, 'extend', '--sample', first.id, '--by', '3', '--json').stdout,
    );
    expect(extended.items.slice(0, 5)).toEqual(first.items);
    expect(extended.size).toBe(8);
    const list = run('sample', dataset, 'list');
    expect(list.stdout).toContain(`Sample ${first.id}: 8 items of run`);
    expect(run('sample', dataset, 'delete', '--sample', second.id).stdout).toContain('Deleted');
  });

  it('tags by hotkey and by name, takes a tag off, sets a note and a corrected label', () => {
    const sample = JSON.parse(run('sample', dataset, 'show', '--sample', newest(), '--json').stdout);
    const [a, b] = sample.items;
    const tagged = run('tag', dataset, a.id, '1', 'multiple objects', '--json');
    expect(tagged.status, tagged.stderr).toBe(0);
    expect(JSON.parse(tagged.stdout)).toEqual({
      id: a.id,
      categories: ['Blurry / low quality', 'Multiple objects'],
    });
    expect(run('tag', dataset, a.id, '2', '--off').stdout).toBe(`${a.id}: Blurry / low quality\n`);
    const noted = run(
      'tag',
      dataset,
      b.id,
      'mislabeled',
      '--note',
      '+looks odd',
      '--corrected-label',
      a.given,
    );
    expect(noted.stdout).toContain(`${b.id}: Mislabeled`);
    expect(noted.stdout).toContain(`corrected label ${a.given}`);
    const unknown = run('tag', dataset, a.id, 'smudged');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No category "smudged". The categories: 1 Blurry / low quality');
    expect(run('tag', dataset, b.id, '--corrected-label', 'sandal').stderr).toContain(
      'not one of the project',
    );
  });

  it('prints the ceiling table and writes both CSVs and Markdown', async () => {
    const table = run('report', dataset);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/8 of \d+ errors, 2 tagged · dev error 100\.0%/);
    expect(table.stdout).toMatch(/Blurry \/ low quality\s+1\s+12\.5%/);
    const folder = await temp.make();
    const written = run(
      'report',
      dataset,
      '--csv',
      join(folder, 't.csv'),
      '--items-csv',
      join(folder, 'i.csv'),
      '--json',
    );
    expect(written.status, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout).table.rows).toHaveLength(6);
    const items = Papa.parse<Record<string, string>>(await readFile(join(folder, 'i.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(items).toHaveLength(8);
    expect(items.find((row) => row.note !== '')!.note).toBe("'+looks odd");
    const markdown = run('report', dataset, '--markdown').stdout;
    expect(markdown).toContain('| Category | Count | Share |');
  });

  function newest(): string {
    return JSON.parse(run('sample', dataset, 'list', '--json').stdout)[0].id;
  }
});
