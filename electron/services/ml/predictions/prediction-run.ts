import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Item, Split } from '../../../../shared/items';
import { SPLITS } from '../../../../shared/splits';
import type { RunOrigin, RunRecord, RunSource, SplitMetrics } from '../../../../shared/training/run-schemas';
import { TrainingConfigSchema } from '../../../../shared/training/training-config';
import type { Project } from '../../projects/project';
import { requireFrozenSplit } from '../../splits/require-frozen-split';
import { PREDICTIONS_FILE, writePredictions, type Predictions } from '../runs/predictions-file';
import { newRunId, RunStore } from '../runs/run-store';
import { LABELS_AS_IMPORTED } from '../../../../shared/cleanup/replay-fix-log';

/** The frozen split as bring-your-own runs see it: its items, their split, and its sorted classes. */
export interface FrozenSplit {
  version: number;
  items: { item: Item; split: Split }[];
  splitOf: (item: Item) => Split | null;
  /** Sorted labels of the split's items (the class order of built-in runs). */
  classes: string[];
}

export async function frozenSplit(project: Project): Promise<FrozenSplit> {
  const { index, frozen, splitOf } = await requireFrozenSplit(
    project,
    'Predictions are matched to a frozen split',
  );
  const items = index.items
    .map((item) => ({ item, split: splitOf(item) }))
    .filter((entry): entry is { item: Item; split: Split } => entry.split !== null);
  return {
    version: frozen.version,
    items,
    splitOf,
    classes: [...new Set(items.map((entry) => entry.item.label))].sort(),
  };
}

export interface PredictionEntry {
  item: Item;
  split: Split;
  predicted: number;
  /** One per class; one-hot when the confidence is unknown. */
  probabilities: Float32Array;
}

/** Per-split count, accuracy, error rate and (when the confidence is known) cross-entropy, p clipped at 1e-7. */
export function splitMetrics(
  entries: readonly PredictionEntry[],
  labelOf: (entry: PredictionEntry) => number,
  confidenceKnown: boolean,
): Record<Split, SplitMetrics> {
  const metrics = {} as Record<Split, SplitMetrics>;
  for (const split of SPLITS) {
    const members = entries.filter((entry) => entry.split === split);
    let correct = 0;
    let loss = 0;
    for (const entry of members) {
      const label = labelOf(entry);
      if (entry.predicted === label) correct++;
      loss -= Math.log(Math.max(entry.probabilities[label] ?? 0, 1e-7));
    }
    const accuracy = members.length > 0 ? correct / members.length : null;
    metrics[split] = {
      count: members.length,
      accuracy,
      errorRate: accuracy === null ? null : 1 - accuracy,
      loss: members.length > 0 && confidenceKnown ? loss / members.length : null,
    };
  }
  return metrics;
}

/**
 * Records predictions made elsewhere as a completed model run: predictions.bin in the built-in runs'
 * format, run.json with the per-split error rates, its source and origin. Built-in training fields
 * (config, curves) hold the defaults and nothing, as no training happened here.
 */
export async function saveForeignRun(
  project: Project,
  run: {
    source: RunSource;
    split: FrozenSplit;
    classes: string[];
    entries: PredictionEntry[];
    confidenceKnown: boolean;
    origin: RunOrigin;
    startedAt: string;
    inferenceImagesPerSecond?: number | null;
  },
): Promise<RunRecord> {
  const classIndex = new Map(run.classes.map((name, index) => [name, index]));
  // a label the class list lacks (a model trained on fewer classes) can never be predicted: it stays wrong
  const labelOf = (entry: PredictionEntry) => classIndex.get(entry.item.label) ?? 0xffff;
  const n = run.entries.length;
  const c = run.classes.length;
  const predictions: Predictions = {
    classes: run.classes,
    ids: run.entries.map((entry) => entry.item.id),
    splits: Uint8Array.from(run.entries, (entry) => SPLITS.indexOf(entry.split)),
    labels: Uint16Array.from(run.entries, labelOf),
    predicted: Uint16Array.from(run.entries, (entry) => entry.predicted),
    confidence: Float32Array.from(run.entries, (entry) => entry.probabilities[entry.predicted] ?? 0),
    probabilities: new Float32Array(n * c),
  };
  run.entries.forEach((entry, i) => predictions.probabilities.set(entry.probabilities, i * c));
  const store = new RunStore(project.projectDir);
  const id = newRunId(new Date(run.startedAt));
  const record: RunRecord = {
    schemaVersion: 1,
    id,
    status: 'completed',
    config: TrainingConfigSchema.parse({}),
    splitVersion: run.split.version,
    labelFixRevision: LABELS_AS_IMPORTED,
    classes: run.classes,
    startedAt: run.startedAt,
    endedAt: new Date().toISOString(),
    backend: null,
    curves: [],
    metrics: splitMetrics(run.entries, labelOf, run.confidenceKnown),
    inferenceImagesPerSecond: run.inferenceImagesPerSecond ?? null,
    files: { model: '', weights: '', predictions: PREDICTIONS_FILE },
    error: null,
    source: run.source,
    confidenceKnown: run.confidenceKnown,
    origin: run.origin,
  };
  // the folder and predictions first, run.json last: a listed completed run has its predictions
  await mkdir(store.folderOf(id), { recursive: true });
  await writePredictions(join(store.folderOf(id), PREDICTIONS_FILE), predictions);
  await store.save(record);
  return record;
}
