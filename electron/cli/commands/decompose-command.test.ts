import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../../services/test-support/fixtures';
import { runCli } from '../../services/test-support/built-cli';

/** The real `ceiling decompose` (package.json bin → out/main/cli.js, built by `npm run build`). */
describe('ceiling decompose', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  const run = (...args: string[]) => runCli(home, ['decompose', dataset, ...args], { cwd: dataset });

  beforeAll(async () => {
    dataset = await temp.make(); // the decomposition needs no images
    home = await temp.make();
  });
  afterAll(() => temp.cleanupAll());

  it('refuses to compute without a human level, saying how to give one', () => {
    const result = run('--train', '8');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Enter at least one human-level error');
    expect(result.stderr).toContain('--human "expert=2,team=0.7"');
  });

  it('computes the Ola table from flags and prints the waterfall and the diagnosis', () => {
    const result = run(
      '--human',
      'human=8',
      '--train',
      '12',
      '--train-dev',
      '15',
      '--dev',
      '28',
      '--test',
      '30',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('errors typed by hand: no model run yet');
    expect(result.stdout).toMatch(/\+ data mismatch\s+\+13\.0\s+▓+\s+dev − train-dev\s+◀ largest/);
    expect(result.stdout).toMatch(/test error\s+30\.0%/);
    expect(result.stdout).toContain('Diagnosis: The largest gap is data mismatch: 13.0 points');
  });

  it('--json gives the full result; --save keeps the values for the next run', () => {
    const saved = run(
      '--human',
      'typical student=5, expert=2, team of experts=0.7',
      '--train',
      '2',
      '--train-dev',
      '10',
      '--dev',
      '10',
      '--save',
      '--json',
    );
    expect(saved.status, saved.stderr).toBe(0);
    const json = JSON.parse(saved.stdout);
    expect(json.saved).toBe(true);
    expect(json.result.bayesProxy).toEqual({ label: 'team of experts', errorPercent: 0.7, index: 2 });
    expect(json.result.largest).toBe('variance');
    expect(json.result.gaps.map((gap: { points: number | null }) => gap.points)).toEqual([1.3, 8, 0, null]);

    const overridden = run('--test', '12', '--json');
    const again = JSON.parse(overridden.stdout);
    expect(again.input.humanLevels).toHaveLength(3);
    expect(again.input.errors).toEqual({ train: 2, trainDev: 10, dev: 10, test: 12 });
    expect(again.saved).toBe(false);
    expect(JSON.parse(run('--json').stdout).input.errors.test).toBeNull(); // not saved without --save
  });

  it('--markdown prints the table and --export writes CSV relative to the current folder', async () => {
    const result = run('--markdown', '--export', 'decomposition.csv', '--train', '0.5');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('| Row | Level or gap | Formula | Value | Note |');
    expect(result.stdout).toContain('can no longer be estimated from human level');
    expect(result.stdout).toContain(`CSV written to ${join(dataset, 'decomposition.csv')}`);
    const csv = await readFile(join(dataset, 'decomposition.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('kind,name,formula,value,unit,note');
    expect(csv).toContain('gap,Avoidable bias,train − human,-0.2,percentage points,');
  });

  it('refuses bad flags with the field named', () => {
    expect(run('--dev', 'abc').stderr).toContain('--dev: "abc" is not a number.');
    expect(run('--human', 'expert').stderr).toContain('--human: "expert" is not label=error');
  });

  it('has its own --help', () => {
    const help = runCli(home, ['decompose', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('ceiling decompose <dataset>');
  });
});
