import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OutOfFoldSchema,
  type CrossValidateProgress,
  type OutOfFold,
} from '../../../shared/cleanup/cleanup-schemas';
import { stratifiedFolds } from '../../../shared/cleanup/stratified-folds';
import { ApiFailure } from '../../../shared/result';
import { SPLITS } from '../../../shared/splits';
import { TrainingConfigSchema } from '../../../shared/training/training-config';
import { ensureDataCacheAtCurrentLabels } from '../ml/data/current-labels-data-cache';
import { readDataCache, writeDataCache } from '../ml/data/data-cache-file';
import { imageBytes, type DecodedPart } from '../ml/data/decoded-dataset';
import {
  PREDICTIONS_FILE,
  readPredictions,
  writePredictions,
  type Predictions,
} from '../ml/runs/predictions-file';
import { startTrainingWorker } from '../ml/worker/training-worker';
import type { Project } from '../projects/project';
import { SplitService } from '../splits/split-service';
import { writeFileAtomic } from '../storage/atomic-write';
import type { CurrentLabels } from './cleanup-service';
import { LABELS_FOLDER } from './fix-log-file';

const OOF_PREDICTIONS = 'out-of-fold-train.bin';
const OOF_RECORD = 'out-of-fold-train.json';

export interface OutOfFoldRequest {
  k: number;
  epochs: number;
  model: 'mlp' | 'cnn';
  seed: number;
}

/** Told as the folds train (the UI shows it: k models take minutes). */
export type OutOfFoldProgress = (progress: CrossValidateProgress) => void;

/** The out-of-fold record and its probabilities, or null when none was computed (or it cannot be read). */
export async function readOutOfFold(
  projectDir: string,
): Promise<{ record: OutOfFold; predictions: Predictions } | null> {
  try {
    const record = OutOfFoldSchema.parse(
      JSON.parse(await readFile(join(projectDir, LABELS_FOLDER, OOF_RECORD), 'utf8')),
    );
    const predictions = await readPredictions(join(projectDir, LABELS_FOLDER, OOF_PREDICTIONS));
    return { record, predictions };
  } catch {
    return null;
  }
}

/**
 * Out-of-sample probabilities for the train split by k-fold training (Northcutt et al. 2021 §2; cleanlab
 * `estimate_cross_validated_probabilities`): the frozen split's train items, with the current labels and
 * excluded items left out (the same data cache training reads), are dealt into k stratified folds; for
 * each fold a model is trained in the training worker on the other k − 1 folds and predicts the held-out
 * fold. Every train item thus gets probabilities from a model that never saw it. The result goes to
 * `<project>/labels/out-of-fold-train.bin` (the predictions-file format) and its record to
 * `out-of-fold-train.json` (written last: a record means complete probabilities).
 */
export async function computeOutOfFold(
  project: Project,
  labels: CurrentLabels,
  request: OutOfFoldRequest,
  stillOpen: () => boolean,
  onProgress: OutOfFoldProgress = () => {},
): Promise<OutOfFold> {
  const started = performance.now();
  const index = project.index;
  const splits = await SplitService.of(project);
  const frozen = (await splits.state()).current;
  const splitOf = await splits.splitLookup();
  if (!index || !frozen || !splitOf)
    throw new ApiFailure(
      'not_found',
      'k-fold training needs a frozen split: freeze one on the Split screen.',
    );
  const config = TrainingConfigSchema.parse({
    model: { kind: request.model },
    epochs: request.epochs,
    seed: request.seed,
  });
  const cache = await ensureDataCacheAtCurrentLabels(
    project,
    { items: index.items, splitOf, splitVersion: frozen.version, input: config.input },
    labels,
  );
  const dataset = await readDataCache(cache.path);
  const train = dataset.parts.train;
  const n = train.ids.length;
  if (n < request.k * 2)
    throw new ApiFailure('invalid_input', `The train split has ${n} items: too few for ${request.k} folds.`);
  const folds = stratifiedFolds(train.labels, request.k, request.seed);
  const perImage = imageBytes(dataset);
  const c = dataset.classes.length;
  const probabilities = new Float32Array(n * c);
  const rowOf = new Map(train.ids.map((id, row) => [id, row]));
  const pick = (keep: (fold: number) => boolean): DecodedPart => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (keep(folds[i]!)) rows.push(i);
    const pixels = new Uint8Array(rows.length * perImage);
    rows.forEach((row, i) =>
      pixels.set(train.pixels.subarray(row * perImage, (row + 1) * perImage), i * perImage),
    );
    return {
      ids: rows.map((row) => train.ids[row]!),
      pixels,
      labels: Uint16Array.from(rows, (row) => train.labels[row]!),
    };
  };
  const empty: DecodedPart = { ids: [], pixels: new Uint8Array(0), labels: new Uint16Array(0) };
  const scratch = await mkdtemp(join(tmpdir(), 'ceiling-kfold-'));
  try {
    for (let fold = 0; fold < request.k; fold++) {
      if (!stillOpen()) throw new ApiFailure('cancelled', 'The project was closed during k-fold training.');
      const where = { fold: fold + 1, k: request.k, epochs: config.epochs };
      onProgress({ ...where, epoch: 0, batch: 0, batchesPerEpoch: 0 });
      const folder = join(scratch, `fold-${fold}`);
      await mkdir(folder);
      const cachePath = join(folder, 'data.bin');
      // the held-out fold is the worker's dev part: evaluated and predicted, never trained on
      await writeDataCache(cachePath, {
        ...dataset,
        parts: {
          train: pick((f) => f !== fold),
          'train-dev': empty,
          dev: pick((f) => f === fold),
          test: empty,
        },
      });
      const result = await startTrainingWorker(
        { config: { ...config, seed: config.seed + fold }, cachePath, runDir: folder },
        {
          // as often as the worker reports (it paces its progress messages itself)
          onProgress: (progress) =>
            onProgress({
              ...where,
              epoch: progress.epoch,
              batch: progress.batch,
              batchesPerEpoch: progress.batchesPerEpoch,
            }),
        },
      ).result;
      if (result.status !== 'completed') throw new ApiFailure('cancelled', 'k-fold training was cancelled.');
      const predicted = await readPredictions(join(folder, PREDICTIONS_FILE));
      const dev = SPLITS.indexOf('dev');
      predicted.ids.forEach((id, row) => {
        if (predicted.splits[row] !== dev) return;
        const target = rowOf.get(id)!;
        probabilities.set(predicted.probabilities.subarray(row * c, (row + 1) * c), target * c);
      });
      await rm(folder, { recursive: true, force: true });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const predicted = new Uint16Array(n);
  const confidence = new Float32Array(n);
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (probabilities[i * c + j]! > probabilities[i * c + best]!) best = j;
    predicted[i] = best;
    confidence[i] = probabilities[i * c + best]!;
    if (best === train.labels[i]) right++;
  }
  if (!stillOpen()) throw new ApiFailure('cancelled', 'The project was closed during k-fold training.');
  const folder = join(project.projectDir, LABELS_FOLDER);
  await mkdir(folder, { recursive: true });
  await writePredictions(join(folder, OOF_PREDICTIONS), {
    classes: dataset.classes,
    ids: train.ids,
    splits: new Uint8Array(n).fill(SPLITS.indexOf('train')),
    labels: Uint16Array.from(train.labels),
    predicted,
    confidence,
    probabilities,
  });
  const record: OutOfFold = {
    k: request.k,
    items: n,
    revision: labels.revision,
    splitVersion: frozen.version,
    model: request.model,
    epochs: request.epochs,
    accuracy: n > 0 ? right / n : null,
    seconds: (performance.now() - started) / 1000,
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(folder, OOF_RECORD), JSON.stringify(record, null, 1));
  return record;
}
