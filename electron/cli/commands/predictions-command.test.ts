/**
 * `ceiling import-predictions` and `ceiling predict` through the built CLI (out/main/cli.js): the predict
 * path runs the bundled out/main/ml-worker.js.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../services/ml/backend/init-tensorflow';
import { modelFolderHandler } from '../../services/ml/runs/model-folder-handler';
import { putManyPngs, tempDirs } from '../../services/test-support/fixtures';
import { importAndFreeze, runCli } from '../../services/test-support/built-cli';

const LABELS = ['boot', 'coat', 'shirt'];

describe('ceiling import-predictions / predict', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  let paths: string[];
  const run = (...args: string[]) => runCli(home, args, { timeout: 60_000 });

  beforeAll(async () => {
    dataset = await temp.make();
    home = await temp.make();
    paths = await putManyPngs(dataset, LABELS, 24);
    importAndFreeze(run, dataset);
  }, 60_000);
  afterAll(() => temp.cleanupAll());

  it('imports a CSV by path, printing the bad rows by line and the missing items', async () => {
    const csv = join(await temp.make(), 'preds.csv');
    const rows = paths.slice(1).map((path, n) => `${path},${n === 0 ? 'coat' : path.split('/')[0]}`);
    await writeFile(csv, ['path,predicted', ...rows, 'boot/nope.png,boot', `${paths[2]},hat`].join('\n'));
    const result = run('import-predictions', dataset, csv);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^Run \d{8}-\d{6}-[0-9a-f]{6}: 23 predictions imported over split v1 \(no p_ columns: confidence unknown\)/,
    );
    expect(result.stdout).toContain('1 items of the split have no prediction');
    expect(result.stdout).toContain('line 25 (boot/nope.png): unknown path "boot/nope.png"');
    expect(result.stdout).toContain(`line 26 (${paths[2]}): duplicate: the same item as line 3`);
    const json = JSON.parse(run('import-predictions', dataset, csv, '--json').stdout);
    expect(json).toMatchObject({ imported: 23, missing: 1, confidenceKnown: false });
    const runs = JSON.parse(run('runs', dataset, '--json').stdout);
    expect(runs.map((r: { source: string }) => r.source)).toEqual(['imported-csv', 'imported-csv']);
  });

  it('runs a TF.js model from a folder in the bundled worker', async () => {
    const { tf } = await initTensorFlow();
    const folder = await temp.make();
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [16, 16, 1] }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    await model.save(modelFolderHandler(tf, folder));
    const classes = join(await temp.make(), 'classes.json');
    await writeFile(classes, JSON.stringify(LABELS));
    const result = run('predict', dataset, '--model', folder, '--classes', classes);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/layers model, input 16×16×1, 24 items of split v1 predicted/);
    expect(result.stdout).toContain(`Classes from ${classes}: boot, coat, shirt`);
    expect(result.stderr).toContain('predicting 24/24');
    expect(run('predict', dataset).stderr).toContain('Give the model folder with --model');
  }, 60_000);
});
