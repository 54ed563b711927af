/**
 * `ceiling suspects`, `ceiling fix` and `ceiling export-labels` through the built CLI (out/main/cli.js),
 * on a project whose imported predictions confidently contradict a few labels.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putManyPngs, tempDirs } from '../../services/test-support/fixtures';
import { importAndFreeze, runCli } from '../../services/test-support/built-cli';

const LABELS = ['boot', 'coat', 'shirt'];

describe('ceiling suspects / fix / export-labels', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  let paths: string[];
  const run = (...args: string[]) => runCli(home, args, { timeout: 60_000 });
  const other = (label: string) => LABELS[(LABELS.indexOf(label) + 1) % LABELS.length]!;

  beforeAll(async () => {
    dataset = await temp.make();
    home = await temp.make();
    paths = await putManyPngs(dataset, LABELS, 60);
    importAndFreeze(run, dataset);
    // every 5th item predicted confidently as another class
    const rows = paths.map((path, n) => {
      const label = path.split('/')[0]!;
      const predicted = n % 5 === 0 ? other(label) : label;
      const high = n % 5 === 0 ? 0.9 : 0.8;
      return `${path},${predicted},${LABELS.map((l) => (l === predicted ? high : (1 - high) / 2)).join(',')}`;
    });
    const csv = join(await temp.make(), 'preds.csv');
    await writeFile(csv, [`path,predicted,${LABELS.map((l) => `p_${l}`).join(',')}`, ...rows].join('\n'));
    expect(run('import-predictions', dataset, csv).status).toBe(0);
  }, 60_000);
  afterAll(() => temp.cleanupAll());

  it('lists the suspects under the policy flags (saved as the session policy)', () => {
    const result = run('suspects', dataset, '--splits', 'dev', '--top', '2', '--json');
    expect(result.status, result.stderr).toBe(0);
    const queue = JSON.parse(result.stdout);
    expect(queue.policy).toMatchObject({ splits: ['dev'], depth: { kind: 'topK', k: 2 } });
    expect(queue.items).toHaveLength(2);
    expect(queue.items[0]).toMatchObject({ split: 'dev', rank: 1, isLabelIssue: true });
    expect(queue.items[0].suggestedLabel).toBe(other(queue.items[0].givenLabel));
    const text = run('suspects', dataset);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Policy: dev · self_confidence · top 2 per split');
    expect(text.stdout).toMatch(/dev coverage: 0\/2 reviewed/);
  });

  it('checks its flags', () => {
    expect(run('suspects', dataset, '--top', 'many').stderr).toContain('--top takes a number');
    expect(run('suspects', dataset, '--top', '3', '--below', '0.2').stderr).toContain('not both');
    expect(run('suspects', dataset, '--splits', 'dev,train').stderr).toContain('k-fold');
    expect(run('fix', dataset, paths[0]!).stderr).toContain('Give the new label');
    expect(run('fix', dataset, paths[0]!, 'coat', '--keep').stderr).toContain('--keep takes no new label');
  });

  it('ranks train after --cross-validate', () => {
    const result = run(
      'suspects',
      dataset,
      '--splits',
      'dev,test,train',
      '--top',
      '2',
      '--cross-validate',
      '2',
      '--epochs',
      '1',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Out-of-fold probabilities for \d+ train items/);
    const queue = JSON.parse(result.stdout);
    expect(queue.items.filter((item: { split: string }) => item.split === 'train')).toHaveLength(2);
    expect(run('suspects', dataset, '--splits', 'dev', '--json').status).toBe(0);
  }, 60_000);

  it('fixes by item path, keeps, undoes, and exports the corrected manifest and the log with the warning', async () => {
    const queue = JSON.parse(run('suspects', dataset, '--json').stdout);
    const [first, second] = queue.items;
    const fixed = run(
      'fix',
      dataset,
      first.relativePath,
      first.suggestedLabel,
      '--reason',
      'looks like one',
      '--reviewer',
      'Bo',
    );
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fixed.stdout).toBe(
      `Entry 1: item ${first.itemId} ${first.givenLabel} → ${first.suggestedLabel}, by Bo. Labels are at revision 1.\n`,
    );
    expect(run('fix', dataset, second.itemId, '--keep').status).toBe(0);
    const undo = JSON.parse(run('fix', dataset, '--undo', '2', '--json').stdout);
    expect(undo).toMatchObject({ revision: 3, review: 'pending', entry: { decision: 'undo', undoes: 2 } });
    expect(run('fix', dataset, first.itemId, 'sock').stderr).toContain('not one of the project');

    const out = join(await temp.make(), 'labels.csv');
    const log = join(await temp.make(), 'log.csv');
    const exported = run('export-labels', dataset, '--out', out, '--log', log);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`Wrote 60 items at label revision 3 to ${out}`);
    expect(exported.stderr).toContain('WARNING: Dev labels were reviewed');
    const rows = (await readFile(out, 'utf8')).trim().split('\r\n');
    expect(rows[0]).toBe('path,label,source,split,id,original_label,excluded,decision,fix_seq');
    const row = rows.find((line) => line.startsWith(`${first.relativePath},`))!.split(',');
    expect([row[1], row[5], row[7], row[8]]).toEqual([
      first.suggestedLabel,
      first.givenLabel,
      'relabel',
      '1',
    ]);
    expect(await readFile(`${out}.WARNING.txt`, 'utf8')).toContain('leaves test out');
    const logRows = (await readFile(log, 'utf8')).trim().split('\r\n');
    expect(logRows).toHaveLength(4);
    expect(logRows[1]).toContain(',relabel,');
    expect(logRows[1]).toContain(',looks like one,Bo,');

    // training now says which labels it reads, and warns
    const trained = run('train', dataset, '--epochs', '1', '--json');
    expect(trained.status, trained.stderr).toBe(0);
    expect(trained.stderr).toContain('(labels at revision 3)');
    expect(trained.stderr).toContain('WARNING: Dev labels were reviewed');
    expect(JSON.parse(trained.stdout)).toMatchObject({
      labelFixRevision: 3,
      labelCoverageWarning: expect.any(String),
    });
  }, 60_000);
});
