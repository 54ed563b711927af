import type { EyeballSettings } from '../../../shared/analysis/eyeball-schemas';
import { isEyeballItem } from '../../../shared/analysis/eyeball-split';
import type { SamplePool } from '../../../shared/analysis/sample-schemas';
import type { MisclassifiedItem } from '../../../shared/ceiling/error-sample';
import { ApiFailure } from '../../../shared/result';
import { SPLITS } from '../../../shared/splits';
import type { RunRecord } from '../../../shared/training/run-schemas';
import { runPredictions, type RunPredictions } from '../ml/predictions/run-predictions';
import { RunStore } from '../ml/runs/run-store';
import type { Project } from '../projects/project';

const DEV = SPLITS.indexOf('dev');

/** A completed run seen by the error analysis: its record, predictions and dev rows. */
export interface AnalysisRunView {
  record: RunRecord;
  run: RunPredictions;
  /** Rows of the predictions file whose item is in dev (of the run's frozen split version). */
  devRows: number[];
}

export async function loadAnalysisRun(project: Project, runId: string): Promise<AnalysisRunView> {
  const record = await new RunStore(project.projectDir).get(runId);
  if (record.status !== 'completed')
    throw new ApiFailure('not_found', `Run ${runId} is ${record.status}: it has no predictions to analyse.`);
  const run = await runPredictions(project, runId);
  const devRows: number[] = [];
  run.predictions.splits.forEach((split, row) => {
    if (split === DEV) devRows.push(row);
  });
  return { record, run, devRows };
}

export function isWrong(view: AnalysisRunView, row: number): boolean {
  const { predicted, labels } = view.run.predictions;
  return predicted[row] !== labels[row];
}

export function labelAt(view: AnalysisRunView, row: number): string {
  return view.run.predictions.classes[view.run.predictions.labels[row]!] ?? '(unknown label)';
}

export function predictedAt(view: AnalysisRunView, row: number): string {
  return view.run.predictions.classes[view.run.predictions.predicted[row]!] ?? '?';
}

/** Dev rows in a pool: all of dev, or its eyeball part under the given settings (on or off). */
export function poolRows(view: AnalysisRunView, pool: SamplePool, eyeball: EyeballSettings): number[] {
  if (pool === 'dev') return view.devRows;
  const ids = view.run.predictions.ids;
  return view.devRows.filter((row) => isEyeballItem(ids[row]!, eyeball.fraction, eyeball.seed));
}

/** The misclassified items of a pool, as the sampler takes them. */
export function poolErrors(
  view: AnalysisRunView,
  pool: SamplePool,
  eyeball: EyeballSettings,
): MisclassifiedItem[] {
  return poolRows(view, pool, eyeball)
    .filter((row) => isWrong(view, row))
    .map((row) => ({
      id: view.run.predictions.ids[row]!,
      given: labelAt(view, row),
      predicted: predictedAt(view, row),
    }));
}

/** Errors and count over some rows, and the error in percent (null without rows). */
export function errorRate(
  view: AnalysisRunView,
  rows: readonly number[],
): { errors: number; count: number; percent: number | null } {
  let errors = 0;
  for (const row of rows) if (isWrong(view, row)) errors++;
  return { errors, count: rows.length, percent: rows.length === 0 ? null : (errors / rows.length) * 100 };
}

/** Whether an item id is in the blackbox part: a dev item outside the eyeball share while eyeball mode is on. */
export function isBlackbox(id: string, eyeball: EyeballSettings): boolean {
  return eyeball.enabled && !isEyeballItem(id, eyeball.fraction, eyeball.seed);
}

/** The 5 most probable classes of a row (none when the run has no confidence). */
export function topProbabilities(
  view: AnalysisRunView,
  row: number,
  k = 5,
): { label: string; probability: number }[] {
  if (!view.run.confidenceKnown) return [];
  const { classes, probabilities } = view.run.predictions;
  const c = classes.length;
  return classes
    .map((label, index) => ({ label, probability: probabilities[row * c + index]! }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}
