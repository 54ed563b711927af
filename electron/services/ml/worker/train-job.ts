import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';
import { SPLITS, type SplitName } from '../../../../shared/splits';
import { learningRateAt } from '../../../../shared/training/learning-rate-schedule';
import type { EpochMetrics, SplitMetrics, TrainingProgress } from '../../../../shared/training/run-schemas';
import type { TrainingConfig } from '../../../../shared/training/training-config';
import type { TensorFlow } from '../backend/init-tensorflow';
import { buildBatch, range } from '../data/batch-builder';
import { readDataCache } from '../data/data-cache-file';
import type { DecodedDataset, DecodedPart } from '../data/decoded-dataset';
import { seededRandom, shuffledIndices } from '../data/seeded-random';
import { buildModel, setLearningRate } from '../models/build-model';
import { modelFolderHandler } from '../runs/model-folder-handler';
import { PREDICTIONS_FILE, writePredictions, type Predictions } from '../runs/predictions-file';

export interface TrainJob {
  config: TrainingConfig;
  /** The decoded split (data/data-cache-file.ts). */
  cachePath: string;
  /** Where the model and predictions go (the run's folder). */
  runDir: string;
  /** A tuning trial: the epochs and their dev figures only; no predictions, no model written. */
  trialOnly?: boolean;
}

export type JobProgress = Omit<TrainingProgress, 'runId' | 'backend'>;

export interface TrainJobResult {
  status: 'completed' | 'cancelled';
  classes: string[];
  curves: EpochMetrics[];
  metrics: Record<SplitName, SplitMetrics> | null;
  inferenceImagesPerSecond: number | null;
  /** Seconds per training epoch (wall clock), for the bench. */
  epochSeconds: number[];
}

/** Batch size of inference passes: large, since no gradients are kept. */
const INFERENCE_BATCH = 256;
/** Batch progress at most this often; epoch ends are always reported. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * One training run, start to finish, in the calling thread (the training worker): read the decoded
 * split, build the configured model, train it batch by batch (the cancel flag is read between batches),
 * evaluate dev at every epoch's end, then predict every split, save the model and the predictions.
 * Nothing is written before training ends, and nothing at all when cancelled.
 */
export async function runTrainJob(
  tf: TensorFlow,
  job: TrainJob,
  onProgress: (progress: JobProgress) => void,
  isCancelled: () => boolean,
): Promise<TrainJobResult> {
  const { config } = job;
  const dataset = await readDataCache(job.cachePath);
  const classes = dataset.classes;
  const train = dataset.parts.train;
  if (train.ids.length === 0) throw new Error('The frozen split has no train items.');
  if (classes.length < 2)
    throw new Error(`Training needs at least two classes; the split has ${classes.length}.`);
  const random = seededRandom(config.seed);
  const trainIndices =
    config.limitTrainItems > 0 && config.limitTrainItems < train.ids.length
      ? shuffledIndices(train.ids.length, random).slice(0, config.limitTrainItems)
      : range(0, train.ids.length);
  const model = buildModel(tf, config, classes.length);
  const batchesPerEpoch = Math.ceil(trainIndices.length / config.batchSize);
  const curves: EpochMetrics[] = [];
  const epochSeconds: number[] = [];
  const trainingStarted = performance.now();
  let examplesSeen = 0;
  let lastReport = 0;
  let lastDev: { loss: number | null; accuracy: number | null } = { loss: null, accuracy: null };
  const cancelled = (): TrainJobResult => {
    model.dispose();
    return {
      status: 'cancelled',
      classes,
      curves,
      metrics: null,
      inferenceImagesPerSecond: null,
      epochSeconds,
    };
  };

  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const epochStarted = performance.now();
    const learningRate = learningRateAt(config.schedule, config.learningRate, epoch, config.epochs);
    setLearningRate(model, learningRate);
    const order = shuffledIndices(trainIndices.length, random);
    let lossSum = 0;
    let correctSum = 0;
    let seen = 0;
    // the figures so far, as a progress event (examples/s over the whole run; ETA for what is left)
    function progress(batch: number, epochEnd: EpochMetrics | null): JobProgress {
      const seconds = (performance.now() - trainingStarted) / 1000;
      const rate = seconds > 0 ? examplesSeen / seconds : null;
      const remaining = (config.epochs - epoch) * trainIndices.length - seen;
      return {
        phase: 'training',
        epoch: epoch + 1,
        epochs: config.epochs,
        batch,
        batchesPerEpoch,
        trainLoss: seen ? lossSum / seen : null,
        trainAccuracy: seen ? correctSum / seen : null,
        devLoss: lastDev.loss,
        devAccuracy: lastDev.accuracy,
        examplesPerSecond: rate,
        etaSeconds: rate ? Math.max(0, remaining) / rate : null,
        epochEnd,
      };
    }
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      if (isCancelled()) return cancelled();
      const picked = order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
      const indices = Int32Array.from(picked, (i) => trainIndices[i]!);
      const arrays = buildBatch(dataset, train, indices, { options: config.augmentation, random });
      const [x, y] = toTensors(tf, dataset, arrays.pixels, arrays.labels, classes.length);
      const [loss, accuracy] = (await model.trainOnBatch(x, y)) as number[];
      x.dispose();
      y.dispose();
      lossSum += loss! * arrays.count;
      correctSum += accuracy! * arrays.count;
      seen += arrays.count;
      examplesSeen += arrays.count;
      const now = performance.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS && batch < batchesPerEpoch - 1) {
        lastReport = now;
        onProgress(progress(batch + 1, null));
      }
    }
    epochSeconds.push((performance.now() - epochStarted) / 1000);
    if (isCancelled()) return cancelled();
    const dev = dataset.parts.dev.ids.length ? await evaluate(tf, model, dataset, dataset.parts.dev) : null;
    lastDev = { loss: dev?.loss ?? null, accuracy: dev?.accuracy ?? null };
    const point: EpochMetrics = {
      epoch: epoch + 1,
      learningRate,
      trainLoss: lossSum / seen,
      trainAccuracy: correctSum / seen,
      devLoss: lastDev.loss,
      devAccuracy: lastDev.accuracy,
      seconds: (performance.now() - epochStarted) / 1000,
    };
    curves.push(point);
    onProgress(progress(batchesPerEpoch, point));
  }

  if (isCancelled()) return cancelled();
  if (job.trialOnly) {
    model.dispose();
    return {
      status: 'completed',
      classes,
      curves,
      metrics: null,
      inferenceImagesPerSecond: null,
      epochSeconds,
    };
  }
  onProgress(phaseOnly('predicting', config, batchesPerEpoch, lastDev));
  const inferenceStarted = performance.now();
  const predictions = await predictAll(tf, model, dataset);
  const inferenceSeconds = (performance.now() - inferenceStarted) / 1000;
  const metrics = metricsBySplit(predictions);
  if (isCancelled()) return cancelled();
  onProgress(phaseOnly('saving', config, batchesPerEpoch, lastDev));
  await writePredictions(join(job.runDir, PREDICTIONS_FILE), predictions);
  await model.save(modelFolderHandler(tf, job.runDir));
  model.dispose();
  return {
    status: 'completed',
    classes,
    curves,
    metrics,
    inferenceImagesPerSecond: inferenceSeconds > 0 ? predictions.ids.length / inferenceSeconds : null,
    epochSeconds,
  };
}

function phaseOnly(
  phase: 'predicting' | 'saving',
  config: TrainingConfig,
  batchesPerEpoch: number,
  dev: { loss: number | null; accuracy: number | null },
): JobProgress {
  return {
    phase,
    epoch: config.epochs,
    epochs: config.epochs,
    batch: batchesPerEpoch,
    batchesPerEpoch,
    trainLoss: null,
    trainAccuracy: null,
    devLoss: dev.loss,
    devAccuracy: dev.accuracy,
    examplesPerSecond: null,
    etaSeconds: null,
    epochEnd: null,
  };
}

/** Pixels as the model's input ([n, h, w, c]; the MLP flattens) and labels one-hot. */
function toTensors(
  tf: TensorFlow,
  dataset: DecodedDataset,
  pixels: Float32Array,
  labels: Int32Array,
  classCount: number,
) {
  const x = tf.tensor4d(pixels, [labels.length, dataset.height, dataset.width, dataset.channels]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classCount));
  return [x, y] as const;
}

/** Class probabilities of every image of a part, in order (inference mode: no dropout, BatchNorm's moving statistics). */
async function predictPart(
  tf: TensorFlow,
  model: LayersModel,
  dataset: DecodedDataset,
  part: DecodedPart,
): Promise<Float32Array> {
  const classCount = dataset.classes.length;
  const out = new Float32Array(part.ids.length * classCount);
  for (let start = 0; start < part.ids.length; start += INFERENCE_BATCH) {
    const end = Math.min(part.ids.length, start + INFERENCE_BATCH);
    const { pixels, labels } = buildBatch(dataset, part, range(start, end));
    const x = tf.tensor4d(pixels, [labels.length, dataset.height, dataset.width, dataset.channels]);
    const probabilities = model.predict(x) as ReturnType<typeof tf.tensor>;
    out.set(await probabilities.data<'float32'>(), start * classCount);
    x.dispose();
    probabilities.dispose();
  }
  return out;
}

/** Mean cross-entropy −log p(label) (probabilities clipped at 1e-7, as Keras does) and accuracy. */
function lossAndAccuracy(probabilities: Float32Array, labels: ArrayLike<number>, classCount: number) {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = probabilities.subarray(i * classCount, (i + 1) * classCount);
    loss -= Math.log(Math.max(row[labels[i]!]!, 1e-7));
    if (argmax(row) === labels[i]) correct++;
  }
  return { loss: loss / labels.length, accuracy: correct / labels.length };
}

async function evaluate(tf: TensorFlow, model: LayersModel, dataset: DecodedDataset, part: DecodedPart) {
  return lossAndAccuracy(await predictPart(tf, model, dataset, part), part.labels, dataset.classes.length);
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
  return best;
}

async function predictAll(tf: TensorFlow, model: LayersModel, dataset: DecodedDataset): Promise<Predictions> {
  const classCount = dataset.classes.length;
  const total = SPLITS.reduce((sum, split) => sum + dataset.parts[split].ids.length, 0);
  const predictions: Predictions = {
    classes: dataset.classes,
    ids: [],
    splits: new Uint8Array(total),
    labels: new Uint16Array(total),
    predicted: new Uint16Array(total),
    confidence: new Float32Array(total),
    probabilities: new Float32Array(total * classCount),
  };
  let offset = 0;
  for (const [splitIndex, split] of SPLITS.entries()) {
    const part = dataset.parts[split];
    const probabilities = await predictPart(tf, model, dataset, part);
    predictions.probabilities.set(probabilities, offset * classCount);
    for (let i = 0; i < part.ids.length; i++) {
      const row = probabilities.subarray(i * classCount, (i + 1) * classCount);
      const best = argmax(row);
      predictions.ids.push(part.ids[i]!);
      predictions.splits[offset + i] = splitIndex;
      predictions.labels[offset + i] = part.labels[i]!;
      predictions.predicted[offset + i] = best;
      predictions.confidence[offset + i] = row[best]!;
    }
    offset += part.ids.length;
  }
  return predictions;
}

/** Loss, accuracy and error rate per split from the predictions (null where a split is empty). */
export function metricsBySplit(predictions: Predictions): Record<SplitName, SplitMetrics> {
  const classCount = predictions.classes.length;
  const result = {} as Record<SplitName, SplitMetrics>;
  for (const [splitIndex, split] of SPLITS.entries()) {
    const rows: number[] = [];
    predictions.splits.forEach((s, i) => s === splitIndex && rows.push(i));
    if (rows.length === 0) {
      result[split] = { count: 0, loss: null, accuracy: null, errorRate: null };
      continue;
    }
    const probabilities = new Float32Array(rows.length * classCount);
    rows.forEach((row, i) =>
      probabilities.set(
        predictions.probabilities.subarray(row * classCount, (row + 1) * classCount),
        i * classCount,
      ),
    );
    const { loss, accuracy } = lossAndAccuracy(
      probabilities,
      rows.map((row) => predictions.labels[row]!),
      classCount,
    );
    result[split] = { count: rows.length, loss, accuracy, errorRate: 1 - accuracy };
  }
  return result;
}
