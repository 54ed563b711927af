/**
 * `ceiling lr-find` through the built CLI (out/main/cli.js, built by `npm run build`, which `npm test`
 * runs first): the sweep runs in the bundled out/main/ml-worker.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../../services/test-support/fixtures';
import { runCli } from '../../services/test-support/built-cli';
import { copyDemoStudio } from '../../services/test-support/demo-images';

describe('ceiling lr-find', () => {
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

  it('refuses before a split is frozen, naming the command', () => {
    expect(run('import', dataset).status).toBe(0);
    const result = run('lr-find', dataset);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ceiling split <dataset> --freeze');
  });

  it('prints the whole result as JSON with --json', () => {
    expect(run('split', dataset, '--freeze').status).toBe(0);
    const result = run(
      'lr-find',
      dataset,
      '--iterations',
      '30',
      '--batch-size',
      '16',
      '--seed',
      '2',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const found = JSON.parse(result.stdout);
    expect(found).toMatchObject({
      splitVersion: 1,
      backend: { name: 'wasm' },
      settings: { startLr: 1e-7, endLr: 10, iterations: 30 },
      config: { batchSize: 16, seed: 2, model: { kind: 'mlp' } },
    });
    expect(found.points.length).toBeGreaterThan(10);
    expect(found.points[0]).toEqual({
      lr: 1e-7,
      loss: expect.any(Number),
      smoothed: expect.any(Number),
    });
    expect(['valley', 'steep', null]).toContain(found.recommended);
  }, 60_000);

  it('prints a decade summary, both suggestions and the recommendation as text', () => {
    const result = run('lr-find', dataset, '--iterations', '30', '--start', '1e-5', '--end', '1');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^LR finder \d{8}-\d{6}-[0-9a-f]{6}: \d+ batches of 64, 1e-5 → 1;/);
    expect(result.stdout).toMatch(/^ {2}1e-4 +\d+\.\d{3}/m);
    expect(result.stdout).toMatch(/^. valley +\S+/m);
    expect(result.stdout).toMatch(/^. steep +\S+/m);
    expect(result.stdout).toContain('Recommended: ');
  }, 60_000);

  it('checks its flags', () => {
    expect(run('lr-find', dataset, '--model', 'resnet').stderr).toContain('--model is mlp or cnn');
    const reversed = run('lr-find', dataset, '--start', '1', '--end', '0.1');
    expect(reversed.status).toBe(1);
    expect(reversed.stderr).toContain('Invalid setting --end: The end rate must be above the start rate.');
    expect(run('lr-find', dataset, '--iterations', 'many').stderr).toContain('--iterations takes a number');
  });
});
