/**
 * The ML engine end to end on a real project: 400 Fashion-MNIST PNGs from the demo (40 per class), a
 * frozen split, real sharp, real TF.js on the wasm backend, in the real training worker.
 *
 * The worker runs from the sources here: training-worker.ts loads worker-bootstrap.mjs, which registers
 * tsx's ESM loader in the worker thread (no build needed; the app uses out/main/ml-worker.js).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, AppInfo } from '../../../shared/contract';
import type { RunRecord, RunSummary, TrainingProgress } from '../../../shared/training/run-schemas';
import { TrainingConfigSchema } from '../../../shared/training/training-config';
import type { CeilingApp } from '../ceiling-app';
import { errorOf, valueOf } from '../test-support/app';
import { openDemoProject } from '../test-support/demo-project';
import { tempDirs } from '../test-support/fixtures';
import { initTensorFlow } from './backend/init-tensorflow';
import { buildBatch, range } from './data/batch-builder';
import { DATA_CACHE_FOLDER } from './data/build-data-cache';
import { readDataCache } from './data/data-cache-file';
import { modelFolderHandler } from './runs/model-folder-handler';
import { PREDICTIONS_FILE, readPredictions } from './runs/predictions-file';
import { RUN_FILE, RUNS_FOLDER } from './runs/run-store';
import { TrainingRuns } from './runs/training-runs';
import { startTrainingWorker } from './worker/training-worker';

const PER_CLASS = 40;

describe('training on a real project', () => {
  const temps = tempDirs();
  let app: CeilingApp;
  let projectDir: string;
  let completed: RunRecord;
  const events: ApiEvent[] = [];
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));

  /** Starts a run and resolves with its record once `train.finished` names it. */
  async function train(config: unknown, onProgress?: (progress: TrainingProgress) => void) {
    const { runId } = await call<{ runId: string }>('train.start', config);
    return new Promise<RunRecord>((resolve) => {
      const stop = app.events.subscribe((event) => {
        if (event.name === 'train.progress' && (event.payload as TrainingProgress).runId === runId)
          onProgress?.(event.payload as TrainingProgress);
        if (event.name === 'train.finished' && (event.payload as RunRecord).id === runId) {
          stop();
          resolve(event.payload as RunRecord);
        }
      });
    });
  }

  beforeAll(async () => {
    ({ app, projectDir } = await openDemoProject(temps, PER_CLASS, (event) => events.push(event)));
  });
  afterAll(async () => {
    await app?.closeProject();
    await temps.cleanupAll();
  });

  it('refuses to train without a frozen split, naming the command that freezes one', async () => {
    const error = errorOf(await app.router.call('train.start', {}), 'not_found');
    expect(error.message).toContain('ceiling split <dataset> --freeze');
    await call('split.freeze', {});
  });

  it('trains the MLP in the worker: loss falls, progress streams, the run is recorded with its files', async () => {
    const progress: TrainingProgress[] = [];
    completed = await train({ epochs: 4, batchSize: 16, learningRate: 0.003, seed: 7 }, (p) =>
      progress.push(p),
    );
    expect(completed.error).toBeNull();
    expect(completed.status).toBe('completed');
    expect(completed.curves).toHaveLength(4);
    expect(completed.curves.at(-1)!.trainLoss).toBeLessThan(completed.curves[0]!.trainLoss * 0.8);
    expect(completed.backend?.name).toBe('wasm');
    expect(completed.splitVersion).toBe(1);
    expect(completed.labelFixRevision).toBe(0);
    expect(completed.classes).toHaveLength(10);
    // every split scored; error rate = 1 − accuracy; 10 classes, so better than chance (90 % error)
    for (const split of ['train', 'train-dev', 'dev', 'test'] as const) {
      const metrics = completed.metrics![split];
      expect(metrics.count).toBeGreaterThan(0);
      expect(metrics.errorRate).toBeCloseTo(1 - metrics.accuracy!, 10);
    }
    expect(completed.metrics!.train.errorRate).toBeLessThan(0.5);

    const training = progress.filter((p) => p.phase === 'training');
    expect(progress.some((p) => p.phase === 'preparing')).toBe(true);
    const epochEnds = training.filter((p) => p.epochEnd);
    expect(epochEnds.map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    const last = epochEnds.at(-1)!;
    for (const field of [
      'batch',
      'batchesPerEpoch',
      'trainLoss',
      'trainAccuracy',
      'devLoss',
      'devAccuracy',
      'examplesPerSecond',
      'etaSeconds',
    ] as const)
      expect(typeof last[field], field).toBe('number');
    expect(last.batch).toBe(last.batchesPerEpoch);
    expect(last.backend?.name).toBe('wasm');

    const folder = join(projectDir, RUNS_FOLDER, completed.id);
    expect((await readdir(folder)).sort()).toEqual(['model.json', PREDICTIONS_FILE, RUN_FILE, 'weights.bin']);
    expect(JSON.parse(await readFile(join(folder, RUN_FILE), 'utf8'))).toEqual(completed);
    const list = await call<RunSummary[]>('runs.list');
    expect(list.map((run) => [run.id, run.status, run.model])).toEqual([[completed.id, 'completed', 'mlp']]);
    // once a worker has run, the status bar's answer is the backend that really ran
    const info = await call<AppInfo>('app.info');
    expect(info.backend.name).toBe('wasm');
    expect(info.backend.reason).toContain("with Ceiling's training kernels");
  }, 60_000);

  it('saves a model that reloads to identical predictions', async () => {
    const { tf } = await initTensorFlow();
    const folder = join(projectDir, RUNS_FOLDER, completed.id);
    const model = await tf.loadLayersModel(modelFolderHandler(tf, folder));
    const predictions = await readPredictions(join(folder, PREDICTIONS_FILE));
    const [cacheName] = await readdir(join(projectDir, DATA_CACHE_FOLDER));
    const dataset = await readDataCache(join(projectDir, DATA_CACHE_FOLDER, cacheName!));
    const test = dataset.parts.test;
    const { pixels } = buildBatch(dataset, test, range(0, test.ids.length));
    const output = model.predict(tf.tensor4d(pixels, [test.ids.length, 28, 28, 1])) as ReturnType<
      typeof tf.tensor
    >;
    const reloaded = await output.data();
    const first = predictions.ids.indexOf(test.ids[0]!);
    const stored = predictions.probabilities.subarray(first * 10, (first + test.ids.length) * 10);
    expect(predictions.ids.slice(first, first + test.ids.length)).toEqual(test.ids);
    expect(Array.from(reloaded)).toEqual(Array.from(stored));
    model.dispose();
  });

  it('reuses the data cache, and a cancelled run leaves its run.json (cancelled) and nothing else', async () => {
    const cacheFolder = join(projectDir, DATA_CACHE_FOLDER);
    const [cacheName] = await readdir(cacheFolder);
    const cacheTime = (await stat(join(cacheFolder, cacheName!))).mtimeMs;
    const phases: string[] = [];
    let runId = '';
    const cancelled = await train({ epochs: 50, batchSize: 8, seed: 1 }, (progress) => {
      phases.push(progress.phase);
      runId = progress.runId;
      if (progress.phase === 'training') void app.router.call('train.cancel', { runId });
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.files).toBeNull();
    expect(phases).not.toContain('preparing'); // the split was decoded once, by the first run
    expect(await readdir(cacheFolder)).toEqual([cacheName]);
    expect((await stat(join(cacheFolder, cacheName!))).mtimeMs).toBe(cacheTime);
    expect(await readdir(join(projectDir, RUNS_FOLDER, runId))).toEqual([RUN_FILE]);
    expect((await call<RunRecord>('runs.get', { runId })).status).toBe('cancelled');
  }, 30_000);

  it('cancels while the split is being decoded: no cache file, no model', async () => {
    const record = await train({ input: { width: 16, height: 16, channels: 1 } }, (progress) => {
      if (progress.phase === 'preparing') void app.router.call('train.cancel', { runId: progress.runId });
    });
    expect(record.status).toBe('cancelled');
    expect(
      (await readdir(join(projectDir, DATA_CACHE_FOLDER))).filter((name) => name.includes('16x16')),
    ).toEqual([]);
    expect(await readdir(join(projectDir, RUNS_FOLDER, record.id))).toEqual([RUN_FILE]);
  });

  it('stops a running training for a project that is closing, and records it as cancelled', async () => {
    let stopping: Promise<void> | null = null;
    const record = await train({ epochs: 50, batchSize: 8 }, (progress) => {
      if (progress.phase === 'training') stopping ??= TrainingRuns.stopFor(app.currentProject!);
    });
    await stopping;
    expect(record.status).toBe('cancelled');
    expect(await readdir(join(projectDir, RUNS_FOLDER, record.id))).toEqual([RUN_FILE]);
  }, 30_000);

  it('repeats a run exactly with the same seed (no dropout: its masks are not seeded), not with another', async () => {
    const [cacheName] = await readdir(join(projectDir, DATA_CACHE_FOLDER));
    const cachePath = join(projectDir, DATA_CACHE_FOLDER, cacheName!);
    const curves = async (seed: number) => {
      const config = TrainingConfigSchema.parse({
        model: { kind: 'mlp', hiddenUnits: [32], dropout: 0 },
        epochs: 2,
        batchSize: 32,
        seed,
      });
      const result = await startTrainingWorker({ config, cachePath, runDir: await temps.make() }).result;
      return result.curves.map(({ trainLoss, devLoss }) => [trainLoss, devLoss]);
    };
    const [first, again, other] = await Promise.all([curves(5), curves(5), curves(6)]);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  }, 30_000);

  it('reports a crash of the worker as an error, never taking the caller down', async () => {
    const job = { config: TrainingConfigSchema.parse({}), cachePath: '/nonexistent', runDir: '/nonexistent' };
    await expect(startTrainingWorker(job, {}, 'throw').result).rejects.toThrow(
      /Training failed: a test crash/,
    );
    await expect(startTrainingWorker(job, {}, 'unhandled-rejection').result).rejects.toThrow(
      /rejection nobody handled/,
    );
    await expect(startTrainingWorker(job, {}, 'exit').result).rejects.toThrow(/exited \(code 3\)/);
    await expect(startTrainingWorker(job, {}, 'out-of-memory', 64).result).rejects.toThrow(
      /ran out of memory/,
    );
    // a failure inside the job (here: no data cache) is a clear error too
    await expect(startTrainingWorker(job).result).rejects.toThrow(/Training failed: .*nonexistent/);
  }, 30_000);
});
