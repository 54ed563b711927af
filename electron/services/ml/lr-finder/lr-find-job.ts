import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { LrFinder } from '../../../../shared/tuning/lr-finder';
import {
  recommendSuggestion,
  type LrCurvePoint,
  type LrFindResult,
  type LrFindSettings,
  type LrSuggestionPoint,
} from '../../../../shared/tuning/lr-find-result';
import { suggestLearningRates, type LrSuggestion } from '../../../../shared/tuning/lr-suggestions';
import type { TrainingConfig } from '../../../../shared/training/training-config';
import type { TensorFlow } from '../backend/init-tensorflow';
import { buildBatch, range } from '../data/batch-builder';
import { readDataCache } from '../data/data-cache-file';
import type { DecodedDataset, DecodedPart } from '../data/decoded-dataset';
import { seededRandom, shuffledIndices } from '../data/seeded-random';
import { buildModel, setLearningRate } from '../models/build-model';

export interface LrFindJob {
  config: TrainingConfig;
  settings: LrFindSettings;
  /** The decoded split (data/data-cache-file.ts). */
  cachePath: string;
}

export interface LrFindProgress {
  done: number;
  total: number;
  /** Every point so far (at most `iterations`: small), so the plot can draw while the sweep runs. */
  points: LrCurvePoint[];
}

export type LrFindJobResult = Pick<
  LrFindResult,
  'status' | 'points' | 'suggestions' | 'recommended' | 'reason' | 'seconds'
>;

/** Progress at most this often; the last point always arrives with the result. */
const PROGRESS_INTERVAL_MS = 150;

/**
 * The LR range test on the configured model, in the calling thread (the ML worker): read the decoded
 * split, build the model exactly as training does (same builders, same seed, so the same initial
 * weights), then sweep the rate with `sweepLearningRate`. The model is thrown away after; nothing is
 * written.
 */
export async function runLrFindJob(
  tf: TensorFlow,
  job: LrFindJob,
  onProgress: (progress: LrFindProgress) => void,
  isCancelled: () => boolean,
): Promise<LrFindJobResult> {
  const dataset = await readDataCache(job.cachePath);
  const train = dataset.parts.train;
  if (train.ids.length === 0) throw new Error('The frozen split has no train items.');
  if (dataset.classes.length < 2)
    throw new Error(`The LR finder needs at least two classes; the split has ${dataset.classes.length}.`);
  const model = buildModel(tf, job.config, dataset.classes.length);
  try {
    return await sweepLearningRate(tf, model, dataset, job.config, job.settings, onProgress, isCancelled);
  } finally {
    model.dispose();
  }
}

/**
 * Smith's range test (fastai `Learner.lr_find`): one optimizer step per train batch (shuffled with the
 * config's seed, reshuffled after each pass as fastai's epochs do, augmented as training would be) at
 * lr_i = start · (end/start)^(i/iterations), recording the raw and smoothed loss, until the smoothed
 * loss diverges or the iterations run out. The model's weights (BatchNorm's moving statistics
 * included: they are weights too) are put back as they were before the sweep, as fastai's
 * `LRFinder.after_fit` reloads its `_tmp` save, so a finder never leaves a trained model behind.
 */
export async function sweepLearningRate(
  tf: TensorFlow,
  model: LayersModel,
  dataset: DecodedDataset,
  config: TrainingConfig,
  settings: LrFindSettings,
  onProgress: (progress: LrFindProgress) => void = () => undefined,
  isCancelled: () => boolean = () => false,
): Promise<LrFindJobResult> {
  const started = performance.now();
  const finder = new LrFinder({
    startLr: settings.startLr,
    endLr: settings.endLr,
    iterations: settings.iterations,
    beta: settings.beta,
    divergenceFactor: settings.divergenceFactor,
  });
  const train = dataset.parts.train;
  const random = seededRandom(config.seed);
  const trainIndices =
    config.limitTrainItems > 0 && config.limitTrainItems < train.ids.length
      ? shuffledIndices(train.ids.length, random).slice(0, config.limitTrainItems)
      : range(0, train.ids.length);
  const batchesPerPass = Math.max(1, Math.ceil(trainIndices.length / config.batchSize));
  const initialWeights: Tensor[] = model.getWeights().map((weight) => weight.clone());
  const rawLosses: number[] = [];
  let order = shuffledIndices(trainIndices.length, random);
  let lastReport = 0;
  let cancelled = false;
  try {
    for (let lr = finder.nextLearningRate(); lr !== null; lr = finder.nextLearningRate()) {
      if (isCancelled()) {
        cancelled = true;
        break;
      }
      const batch = rawLosses.length % batchesPerPass;
      if (batch === 0 && rawLosses.length > 0) order = shuffledIndices(trainIndices.length, random);
      const picked = order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
      const indices = Int32Array.from(picked, (i) => trainIndices[i]!);
      const loss = await trainStep(tf, model, dataset, train, indices, config, random, lr);
      rawLosses.push(loss);
      finder.record(loss);
      const now = performance.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS && finder.status === 'running') {
        lastReport = now;
        onProgress({
          done: rawLosses.length,
          total: settings.iterations,
          points: pointsOf(finder, rawLosses),
        });
      }
    }
  } finally {
    model.setWeights(initialWeights);
    for (const weight of initialWeights) weight.dispose();
  }
  const points = pointsOf(finder, rawLosses);
  onProgress({ done: rawLosses.length, total: settings.iterations, points });
  const status = cancelled ? 'cancelled' : finder.status === 'running' ? 'done' : finder.status;
  const suggestions = suggestLearningRates(finder.lrs, finder.losses, settings.iterations);
  // the suggestions index the trimmed curve, which starts ⌊iterations/10⌋ points in (lr-suggestions.ts)
  const offset = Math.floor(settings.iterations / 10);
  const asPoint = (suggestion: LrSuggestion | null): LrSuggestionPoint | null =>
    suggestion && !cancelled
      ? { lr: suggestion.lr, loss: suggestion.loss, index: suggestion.index + offset }
      : null;
  return {
    status,
    points,
    suggestions: { valley: asPoint(suggestions.valley), steep: asPoint(suggestions.steep) },
    ...recommendSuggestion(status, suggestions),
    seconds: (performance.now() - started) / 1000,
  };
}

async function trainStep(
  tf: TensorFlow,
  model: LayersModel,
  dataset: DecodedDataset,
  train: DecodedPart,
  indices: Int32Array,
  config: TrainingConfig,
  random: () => number,
  lr: number,
): Promise<number> {
  setLearningRate(model, lr);
  const arrays = buildBatch(dataset, train, indices, { options: config.augmentation, random });
  const x = tf.tensor4d(arrays.pixels, [arrays.count, dataset.height, dataset.width, dataset.channels]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(arrays.labels, 'int32'), dataset.classes.length));
  try {
    const result = await model.trainOnBatch(x, y);
    return Array.isArray(result) ? result[0]! : result;
  } finally {
    x.dispose();
    y.dispose();
  }
}

/** JSON has no NaN or Infinity: a loss that is not finite is recorded as null. */
function pointsOf(finder: LrFinder, rawLosses: readonly number[]): LrCurvePoint[] {
  const finite = (value: number | undefined) =>
    value !== undefined && Number.isFinite(value) ? value : null;
  return finder.lrs.map((lr, i) => ({ lr, loss: finite(rawLosses[i]), smoothed: finite(finder.losses[i]) }));
}
