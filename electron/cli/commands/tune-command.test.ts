/**
 * `ceiling tune` through the built CLI (out/main/cli.js, built by `npm run build`, which `npm test` runs
 * first): the trials run in the bundled out/main/ml-worker.js.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../../services/test-support/fixtures';
import { importAndFreeze, runCli } from '../../services/test-support/built-cli';
import { copyDemoStudio } from '../../services/test-support/demo-images';

describe('ceiling tune', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  let spaceFile: string;
  const run = (...args: string[]) => runCli(home, args, { timeout: 90_000 });

  beforeAll(async () => {
    dataset = await temp.make();
    home = await temp.make();
    await copyDemoStudio(dataset, 15);
    spaceFile = join(await temp.make(), 'space.json');
    await writeFile(
      spaceFile,
      JSON.stringify({
        parameters: [
          { name: 'learning_rate', scale: 'log_uniform', low: 0.001, high: 0.01 },
          { name: 'hidden_units', scale: 'int', low: 16, high: 64, log: true },
        ],
      }),
    );
    importAndFreeze(run, dataset);
  });
  afterAll(() => temp.cleanupAll());

  it('runs a 2-trial random study: one stderr line per trial, the study as JSON, the trials as CSV', async () => {
    const csv = join(await temp.make(), 'trials.csv');
    const result = run(
      'tune',
      dataset,
      '--space',
      spaceFile,
      '--trials',
      '2',
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--seed',
      '4',
      '--csv',
      csv,
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const { study, trials } = JSON.parse(result.stdout);
    expect(study).toMatchObject({
      status: 'completed',
      workers: 1,
      settings: { strategy: 'random', trials: 2 },
    });
    expect(trials).toHaveLength(2);
    for (const trial of trials) {
      expect(trial.status).toBe('completed');
      expect(trial.curves).toHaveLength(1);
      expect(trial.params.hidden_units).toBeGreaterThanOrEqual(16);
    }
    expect(result.stderr).toMatch(
      /trial 1\/2 completed: dev [0-9.]+% · learning_rate=[0-9.e-]+ hidden_units=\d+/,
    );
    expect(result.stderr).toMatch(/trial 2\/2 completed/);
    const lines = (await readFile(csv, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toMatch(/^trial,round,status,param_learning_rate,param_hidden_units,dev_accuracy,/);
    expect(lines).toHaveLength(3);
  }, 90_000);

  it('prints the best trial without --json', () => {
    const result = run('tune', dataset, '--trials', '1', '--epochs', '1', '--batch-size', '16');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Study \S+: completed, 1 trials \(random, 1 worker\)/);
    expect(result.stdout).toMatch(/Best: trial 1, dev accuracy [0-9.]+% · learning_rate=/);
  }, 90_000);

  it('names every problem of a bad space file, by parameter, and checks its flags', async () => {
    const bad = join(await temp.make(), 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        parameters: [
          { name: 'learning_rate', scale: 'log_uniform', low: 0, high: 1 },
          { name: 'batch_size', scale: 'choice', choices: [] },
        ],
      }),
    );
    const result = run('tune', dataset, '--space', bad);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'learning_rate: "learning_rate" is on a log scale, so its range must stay above 0',
    );
    expect(result.stderr).toContain('batch_size: "batch_size" has no choices');
    expect(run('tune', dataset, '--strategy', 'bayes').stderr).toContain(
      '--strategy is random, grid, coarse-to-fine, tpe, not "bayes"',
    );
    expect(run('tune', dataset, '--pruner', 'hyperband').stderr).toContain(
      '--pruner is none, median or successive-halving',
    );
  });
});
