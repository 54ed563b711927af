/**
 * `ceiling train` and `ceiling runs` through the built CLI (out/main/cli.js, built by `npm run build`,
 * which `npm test` runs first): this is the path where the training worker is the bundled
 * out/main/ml-worker.js, not the sources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../../services/test-support/fixtures';
import { runCli } from '../../services/test-support/built-cli';
import { copyDemoStudio } from '../../services/test-support/demo-images';

describe('ceiling train / runs', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  const run = (...args: string[]) => runCli(home, args, { timeout: 60_000 });

  beforeAll(async () => {
    dataset = await temp.make();
    home = await temp.make();
    await copyDemoStudio(dataset, 15);
  });
  afterAll(() => temp.cleanupAll());

  it('refuses to train before a split is frozen, naming the command', () => {
    expect(run('import', dataset).status).toBe(0);
    const result = run('train', dataset);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ceiling split <dataset> --freeze');
  });

  it('trains in the bundled worker, prints the run as JSON, progress on stderr; runs lists it', () => {
    expect(run('split', dataset, '--freeze').status).toBe(0);
    const result = run('train', dataset, '--epochs', '2', '--batch-size', '16', '--seed', '3', '--json');
    expect(result.status, result.stderr).toBe(0);
    const record = JSON.parse(result.stdout);
    expect(record).toMatchObject({ status: 'completed', splitVersion: 1, backend: { name: 'wasm' } });
    expect(record.curves).toHaveLength(2);
    expect(record.config).toMatchObject({ epochs: 2, batchSize: 16, seed: 3, model: { kind: 'mlp' } });
    expect(result.stderr).toMatch(/epoch 2\/2 batch \d+\/\d+ · loss/);
    const runs = JSON.parse(run('runs', dataset, '--json').stdout);
    expect(runs).toEqual([
      expect.objectContaining({ id: record.id, status: 'completed', model: 'mlp', epochs: 2 }),
    ]);
  }, 60_000);

  it('checks its flags', () => {
    const result = run('train', dataset, '--model', 'resnet');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--model is mlp or cnn');
  });
});
