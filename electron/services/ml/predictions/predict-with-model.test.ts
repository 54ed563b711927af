/**
 * `predict.run`: a TF.js model the user brings, run in the ML worker over a real project's frozen split.
 * The models are made here with tf.layers and saved with the run folder handler; one comes from a
 * completed built-in run.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictProgress, PredictReport } from '../../../../shared/calls/prediction-calls';
import type { ApiEvent } from '../../../../shared/contract';
import type { RunRecord } from '../../../../shared/training/run-schemas';
import type { CeilingApp } from '../../ceiling-app';
import { createTestApp, errorOf, valueOf } from '../../test-support/app';
import { putManyPngs, tempDirs } from '../../test-support/fixtures';
import { initTensorFlow, type TensorFlow } from '../backend/init-tensorflow';
import { DATA_CACHE_FOLDER } from '../data/build-data-cache';
import { dataCacheFileName, readDataCache } from '../data/data-cache-file';
import { modelFolderHandler } from '../runs/model-folder-handler';
import { PREDICTIONS_FILE, readPredictions } from '../runs/predictions-file';
import { RUNS_FOLDER } from '../runs/run-store';

const LABELS = ['boot', 'coat', 'shirt'];

describe('predict.run with a TF.js model the user brings', () => {
  const temps = tempDirs();
  let app: CeilingApp;
  let tf: TensorFlow;
  let projectDir: string;
  const events: ApiEvent[] = [];
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));

  /** A tiny model saved to a new folder: 10×12 greyscale input, 3 outputs (softmax or raw scores). */
  async function tinyModel(
    activation: 'softmax' | 'linear',
    units = 3,
    inputShape = [10, 12, 1],
  ): Promise<string> {
    const folder = await temps.make();
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape }),
        tf.layers.dense({
          units,
          activation,
          kernelInitializer: tf.initializers.randomNormal({ seed: 3, stddev: 2 }),
        }),
      ],
    });
    await model.save(modelFolderHandler(tf, folder));
    model.dispose();
    return folder;
  }

  beforeAll(async () => {
    ({ tf } = await initTensorFlow());
    const dataset = await temps.make();
    await putManyPngs(dataset, LABELS, 30);
    projectDir = join(await temps.make(), 'project');
    app = await createTestApp(await temps.make());
    app.events.subscribe((event) => events.push(event));
    await call('project.open', { datasetPath: dataset, projectDir });
    await call('import.run');
    await call('split.freeze', {});
  });
  afterAll(async () => {
    await app?.closeProject();
    await temps.cleanupAll();
  });

  it('runs a layers model in the worker at its input size, with classes.txt, and records a run', async () => {
    const folder = await tinyModel('softmax');
    await writeFile(join(folder, 'classes.txt'), 'shirt\ncoat\nboot\n');
    const report = await call<PredictReport>('predict.run', { modelDir: folder });
    expect(report).toMatchObject({
      format: 'layers',
      input: { width: 12, height: 10, channels: 1 },
      classes: ['shirt', 'coat', 'boot'],
      classesFrom: join(folder, 'classes.txt'),
      predicted: 30,
      missing: 0,
      softmaxApplied: false,
    });
    const record = await call<RunRecord>('runs.get', { runId: report.runId });
    expect(record).toMatchObject({ status: 'completed', source: 'tfjs-model', confidenceKnown: true });
    expect(record.metrics!.train.count + record.metrics!.dev.count).toBeGreaterThan(0);
    const predictions = await readPredictions(join(projectDir, RUNS_FOLDER, report.runId, PREDICTIONS_FILE));
    expect(predictions.classes).toEqual(['shirt', 'coat', 'boot']);
    for (let i = 0; i < predictions.ids.length; i++) {
      const row = predictions.probabilities.subarray(i * 3, i * 3 + 3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(predictions.confidence[i]).toBe(Math.max(...row));
    }
    const progress = events
      .filter((event) => event.name === 'predict.progress')
      .map((event) => event.payload as PredictProgress);
    expect(progress.at(-1)).toEqual({ phase: 'predicting', done: 30, total: 30 });
    expect(progress.some((p) => p.phase === 'decoding')).toBe(true);
  }, 60_000);

  it('turns raw scores into probabilities, and checks the class count', async () => {
    const folder = await tinyModel('linear');
    const report = await call<PredictReport>('predict.run', { modelDir: folder });
    expect(report).toMatchObject({
      softmaxApplied: true,
      classesFrom: "the project's class order",
      classes: LABELS,
    });
    const four = await tinyModel('softmax', 4);
    const error = errorOf(await app.router.call('predict.run', { modelDir: four }), 'invalid_input');
    expect(error.message).toBe(
      "The model outputs 4 classes but 3 class names were given (the project's class order).",
    );
    const classes = join(await temps.make(), 'names.json');
    await writeFile(classes, JSON.stringify(['boot', 'coat', 'shirt', 'bag']));
    const withFile = await call<PredictReport>('predict.run', { modelDir: four, classesPath: classes });
    expect(withFile.classes).toEqual(['boot', 'coat', 'shirt', 'bag']);
    // weights that do not fit the topology: TF.js fails in the worker, reported as the user's input
    const broken = await tinyModel('softmax');
    await writeFile(join(broken, 'weights.bin'), Buffer.alloc(8));
    expect(
      errorOf(await app.router.call('predict.run', { modelDir: broken }), 'invalid_input').message,
    ).toMatch(/^Inference failed: /);
    const empty = await temps.make();
    await mkdir(empty, { recursive: true });
    expect(errorOf(await app.router.call('predict.run', { modelDir: empty }), 'not_found').message).toContain(
      'model.json',
    );
  }, 60_000);

  it('runs a graph model (a converted SavedModel: Placeholder → Reshape → MatMul → Softmax)', async () => {
    const folder = await temps.make();
    const weights = Float32Array.from({ length: 8 * 8 * 3 }, (_, i) => Math.sin(i) * 3);
    const tensor = (dtype: string, dims: number[]) => ({
      tensor: { dtype, tensorShape: { dim: dims.map((size) => ({ size: String(size) })) } },
    });
    const float = { type: 'DT_FLOAT' };
    const modelJson = {
      format: 'graph-model',
      generatedBy: 'hand',
      convertedBy: 'hand',
      modelTopology: {
        node: [
          {
            name: 'x',
            op: 'Placeholder',
            attr: {
              dtype: float,
              shape: { shape: { dim: [-1, 8, 8, 1].map((size) => ({ size: String(size) })) } },
            },
          },
          {
            name: 'shape',
            op: 'Const',
            attr: { value: tensor('DT_INT32', [2]), dtype: { type: 'DT_INT32' } },
          },
          { name: 'flat', op: 'Reshape', input: ['x', 'shape'], attr: { T: float } },
          { name: 'w', op: 'Const', attr: { value: tensor('DT_FLOAT', [64, 3]), dtype: float } },
          {
            name: 'mm',
            op: 'MatMul',
            input: ['flat', 'w'],
            attr: { transpose_a: { b: false }, transpose_b: { b: false }, T: float },
          },
          { name: 'out', op: 'Softmax', input: ['mm'], attr: { T: float } },
        ],
        versions: { producer: 1 },
      },
      weightsManifest: [
        {
          paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
          weights: [
            { name: 'shape', shape: [2], dtype: 'int32' },
            { name: 'w', shape: [64, 3], dtype: 'float32' },
          ],
        },
      ],
    };
    const bytes = Buffer.concat([Buffer.from(Int32Array.from([-1, 64]).buffer), Buffer.from(weights.buffer)]);
    await writeFile(join(folder, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(folder, 'group1-shard1of2.bin'), bytes.subarray(0, 100));
    await writeFile(join(folder, 'group1-shard2of2.bin'), bytes.subarray(100));
    await writeFile(join(folder, 'classes.json'), JSON.stringify(LABELS));
    const report = await call<PredictReport>('predict.run', { modelDir: folder });
    expect(report).toMatchObject({
      format: 'graph',
      input: { width: 8, height: 8, channels: 1 },
      predicted: 30,
      softmaxApplied: false,
      classesFrom: join(folder, 'classes.json'),
    });
    // the same arithmetic here, from the decoded cache: softmax(pixels / 255 · w)
    const cache = await readDataCache(
      join(projectDir, DATA_CACHE_FOLDER, dataCacheFileName(1, 0, { width: 8, height: 8, channels: 1 })),
    );
    const predictions = await readPredictions(join(projectDir, RUNS_FOLDER, report.runId, PREDICTIONS_FILE));
    const train = cache.parts.train;
    const expected = tf.tidy(() =>
      tf
        .softmax(
          tf.matMul(
            tf.tensor2d(
              Float32Array.from(train.pixels, (v) => v / 255),
              [train.ids.length, 64],
            ),
            tf.tensor2d(weights, [64, 3]),
          ),
        )
        .dataSync(),
    );
    const row = predictions.ids.indexOf(train.ids[0]!);
    expect(row).toBe(0);
    for (let i = 0; i < train.ids.length * 3; i++)
      expect(predictions.probabilities[i]).toBeCloseTo(expected[i]!, 5);
  }, 60_000);

  it("predicts with a completed built-in run's saved model as that run did", async () => {
    const { runId } = await call<{ runId: string }>('train.start', { epochs: 1, batchSize: 8, seed: 1 });
    const trained = await new Promise<RunRecord>((resolve) => {
      const stop = app.events.subscribe((event) => {
        if (event.name === 'train.finished' && (event.payload as RunRecord).id === runId) {
          stop();
          resolve(event.payload as RunRecord);
        }
      });
    });
    expect(trained.status).toBe('completed');
    const runDir = join(projectDir, RUNS_FOLDER, runId);
    const report = await call<PredictReport>('predict.run', { modelDir: runDir });
    expect(report).toMatchObject({
      format: 'layers',
      input: { width: 28, height: 28, channels: 1 },
      classes: LABELS,
    });
    const before = await readPredictions(join(runDir, PREDICTIONS_FILE));
    const after = await readPredictions(join(projectDir, RUNS_FOLDER, report.runId, PREDICTIONS_FILE));
    expect(after.ids).toEqual(before.ids);
    expect(Array.from(after.predicted)).toEqual(Array.from(before.predicted));
    for (let i = 0; i < before.probabilities.length; i++)
      expect(after.probabilities[i]).toBeCloseTo(before.probabilities[i]!, 5);
    expect(report.metrics.dev.errorRate).toBeCloseTo(trained.metrics!.dev.errorRate!, 6);
  }, 90_000);

  it('records nothing when the project is closed during inference (its lock is gone)', async () => {
    // a new input size: the split is decoded first, and the project closes at the first decoding event
    const folder = await tinyModel('softmax', 3, [9, 9, 1]);
    const runs = () => readdir(join(projectDir, RUNS_FOLDER)).catch(() => []);
    const before = (await runs()).length;
    const stop = app.events.subscribe((event) => {
      if (event.name === 'predict.progress') {
        stop();
        void app.closeProject();
      }
    });
    const error = errorOf(await app.router.call('predict.run', { modelDir: folder }), 'cancelled');
    expect(error.message).toBe('The project was closed during inference: no run was recorded.');
    expect((await runs()).length).toBe(before);
  }, 60_000);
});
