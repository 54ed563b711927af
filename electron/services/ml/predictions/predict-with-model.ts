import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { PredictProgress, PredictReport } from '../../../../shared/calls/prediction-calls';
import { ApiFailure } from '../../../../shared/result';
import { SPLITS } from '../../../../shared/splits';
import type { Project } from '../../projects/project';
import { ensureDataCache } from '../data/build-data-cache';
import { LABELS_AS_IMPORTED } from '../../../../shared/cleanup/replay-fix-log';
import { frozenSplit, saveForeignRun, type PredictionEntry } from './prediction-run';
import { startPredictWorker } from './predict-worker';
import { readUserModel } from './user-model';

/**
 * `predict.run`: a TF.js model the user brought (a folder with model.json + weights) predicts every item
 * of the frozen split in the ML worker; the result is a model run (source 'tfjs-model').
 *
 * Class names: `classesPath` (a JSON array, or a text file with one name a line), else a classes.json or
 * classes.txt beside model.json, else the project's class order (the sorted labels of the split, the
 * order built-in runs use). Their count must match the model's outputs.
 */
export async function predictWithModel(
  project: Project,
  request: { modelDir: string; classesPath?: string },
  onProgress: (progress: PredictProgress) => void = () => undefined,
  /** False once the project was closed (its lock released): nothing may be written into it then. */
  stillOpen: () => boolean = () => true,
): Promise<PredictReport> {
  const startedAt = new Date().toISOString();
  const info = await readUserModel(request.modelDir);
  const split = await frozenSplit(project);
  const { classes, classesFrom } = await classNames(request, split.classes);
  const cache = await ensureDataCache({
    projectDir: project.projectDir,
    datasetRoot: project.datasetRoot,
    items: project.index!.items,
    splitOf: split.splitOf,
    splitVersion: split.version,
    labelFixRevision: LABELS_AS_IMPORTED,
    input: info.input,
    onProgress: (done, total) => onProgress({ phase: 'decoding', done, total }),
  });
  // a model TF.js cannot load or run (an unsupported op, a wrong shape) fails in the worker: the user's input
  const result = await startPredictWorker(
    { modelDir: request.modelDir, format: info.format, modelInput: info.modelInput, cachePath: cache.path },
    { onProgress: (done, total) => onProgress({ phase: 'predicting', done, total }) },
  ).result.catch((error: unknown) => {
    throw new ApiFailure('invalid_input', error instanceof Error ? error.message : String(error));
  });
  if (result.status !== 'completed') throw new ApiFailure('cancelled', 'Inference was cancelled.');
  if (result.classCount !== classes.length)
    throw new ApiFailure(
      'invalid_input',
      `The model outputs ${result.classCount} classes but ${classes.length} class names were given (${classesFrom}).`,
    );
  const classIndex = new Map(classes.map((name, index) => [name, index]));
  const byId = new Map(split.items.map((entry) => [entry.item.id, entry]));
  const c = classes.length;
  const entries: PredictionEntry[] = result.ids.map((id, row) => {
    const probabilities = result.probabilities.slice(row * c, (row + 1) * c);
    let predicted = 0;
    for (let j = 1; j < c; j++) if (probabilities[j]! > probabilities[predicted]!) predicted = j;
    const entry = byId.get(id)!;
    return { item: entry.item, split: SPLITS[result.splits[row]!]!, predicted, probabilities };
  });
  const unknownLabels = [...new Set(split.items.map((entry) => entry.item.label))].filter(
    (label) => !classIndex.has(label),
  );
  const missing = split.items.length - entries.length;
  if (!stillOpen())
    throw new ApiFailure('cancelled', 'The project was closed during inference: no run was recorded.');
  const record = await saveForeignRun(project, {
    source: 'tfjs-model',
    split,
    classes,
    entries,
    confidenceKnown: true,
    origin: { path: request.modelDir, predicted: entries.length, rejected: missing, missing },
    startedAt,
    inferenceImagesPerSecond: result.imagesPerSecond,
  });
  return {
    runId: record.id,
    splitVersion: split.version,
    format: info.format,
    input: info.input,
    classes,
    classesFrom,
    predicted: entries.length,
    missing,
    unknownLabels,
    softmaxApplied: result.softmaxApplied,
    imagesPerSecond: result.imagesPerSecond,
    metrics: record.metrics!,
  };
}

async function classNames(
  request: { modelDir: string; classesPath?: string },
  projectClasses: string[],
): Promise<{ classes: string[]; classesFrom: string }> {
  const candidates = request.classesPath
    ? [request.classesPath]
    : [join(request.modelDir, 'classes.json'), join(request.modelDir, 'classes.txt')].filter((path) =>
        existsSync(path),
      );
  const path = candidates[0];
  if (!path) return { classes: projectClasses, classesFrom: "the project's class order" };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ApiFailure('not_found', `Cannot read the class names in ${path}: ${(error as Error).message}`);
  }
  let classes: unknown;
  if (extname(path).toLowerCase() === '.json' || text.trimStart().startsWith('[')) {
    try {
      classes = JSON.parse(text);
    } catch (error) {
      throw new ApiFailure('invalid_input', `${path} is not valid JSON: ${(error as Error).message}`);
    }
  } else
    classes = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((name) => typeof name === 'string'))
    throw new ApiFailure(
      'invalid_input',
      `${path} must hold a JSON array of class names, or one name a line.`,
    );
  if (new Set(classes).size !== classes.length)
    throw new ApiFailure('invalid_input', `${path} names a class twice.`);
  return { classes: classes as string[], classesFrom: path };
}
