import { join } from 'node:path';
import type { CellPrediction, Item, ItemPrediction } from '../../../../shared/items';
import { ApiFailure } from '../../../../shared/result';
import type { PredictionLookup } from '../../items/item-index';
import type { Project } from '../../projects/project';
import { PREDICTIONS_FILE, readPredictions, type Predictions } from '../runs/predictions-file';
import { RunStore } from '../runs/run-store';

/** A completed run's predictions, indexed by item id, for the grid. */
export interface RunPredictions {
  runId: string;
  predictions: Predictions;
  confidenceKnown: boolean;
  rowOf: Map<string, number>;
}

/** Predictions files never change once written: keep the last few read, per project folder and run. */
const cache = new Map<string, Promise<RunPredictions>>();
const CACHED_RUNS = 4;

export function runPredictions(project: Project, runId: string): Promise<RunPredictions> {
  const key = `${project.projectDir}\u0000${runId}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = load(project, runId);
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    while (cache.size > CACHED_RUNS) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

async function load(project: Project, runId: string): Promise<RunPredictions> {
  const store = new RunStore(project.projectDir);
  const record = await store.get(runId);
  if (record.status !== 'completed' || !record.files)
    throw new ApiFailure('not_found', `Run ${runId} is ${record.status}: it has no predictions.`);
  const predictions = await readPredictions(join(store.folderOf(runId), PREDICTIONS_FILE));
  return {
    runId,
    predictions,
    confidenceKnown: record.confidenceKnown ?? true,
    rowOf: new Map(predictions.ids.map((id, row) => [id, row])),
  };
}

export function cellPrediction(run: RunPredictions, row: number): CellPrediction {
  const { predictions } = run;
  return {
    predicted: predictions.classes[predictions.predicted[row]!] ?? '?',
    confidence: run.confidenceKnown ? predictions.confidence[row]! : null,
    correct: predictions.predicted[row] === predictions.labels[row],
  };
}

export function predictionLookup(run: RunPredictions): PredictionLookup {
  return (item: Item) => {
    const row = run.rowOf.get(item.id);
    return row === undefined ? null : cellPrediction(run, row);
  };
}

/** An item's prediction with its 3 most probable classes (none when the confidence is unknown). */
export function itemPrediction(run: RunPredictions, id: string): ItemPrediction | null {
  const row = run.rowOf.get(id);
  if (row === undefined) return null;
  const { classes, probabilities } = run.predictions;
  const c = classes.length;
  const top = run.confidenceKnown
    ? classes
        .map((label, index) => ({ label, probability: probabilities[row * c + index]! }))
        .sort((a, b) => b.probability - a.probability)
        .slice(0, 3)
    : [];
  return { runId: run.runId, ...cellPrediction(run, row), top };
}
