import type { Direction } from './trial-ranking';

/** A trial's reported intermediate values: step (epoch) → metric. */
export type IntermediateValues = ReadonlyMap<number, number>;

export interface MedianPrunerOptions {
  direction: Direction;
  /** No pruning until this many trials completed (Optuna: 5). */
  startupTrials?: number;
  /** No pruning before this step (Optuna: 0). */
  warmupSteps?: number;
  /** Check only every this many steps after the warm-up (Optuna: 1). */
  intervalSteps?: number;
  /** Completed trials that must have reported this step (Optuna: 1). */
  minTrials?: number;
}

/** numpy's `percentile` with linear interpolation (its default), NaNs dropped: NaN when nothing is left. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (q / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

/**
 * Optuna's `_is_first_in_interval_step`: a step is checked when no earlier report of this trial lies at or
 * after the last pruning step ⌊(step − warmup)/interval⌋·interval + warmup, so a trial that skips steps
 * is still checked once per interval.
 */
function isFirstInIntervalStep(
  step: number,
  steps: Iterable<number>,
  warmup: number,
  interval: number,
): boolean {
  const nearestLowerPruningStep = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLowerPruningStep;
}

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017), as Optuna's `MedianPruner`
 * (= `PercentilePruner(50)`, `optuna/pruners/_percentile.py`): at the trial's last reported step, prune
 * when its best value so far is worse than the median of the completed trials' values at that same step.
 * Never prunes with fewer than `startupTrials` completed trials, before `warmupSteps`, off the interval,
 * or when fewer than `minTrials` completed trials reported that step. A trial whose values are all NaN is
 * pruned (as Optuna does).
 */
export function shouldPruneByMedian(
  trial: IntermediateValues,
  completed: readonly IntermediateValues[],
  options: MedianPrunerOptions,
): boolean {
  const startup = options.startupTrials ?? 5;
  const warmup = options.warmupSteps ?? 0;
  const interval = options.intervalSteps ?? 1;
  const minTrials = options.minTrials ?? 1;
  if (completed.length === 0 || completed.length < startup) return false;
  if (trial.size === 0) return false;
  const step = Math.max(...trial.keys());
  if (step < warmup) return false;
  if (!isFirstInIntervalStep(step, trial.keys(), warmup, interval)) return false;
  const values = [...trial.values()].filter((v) => !Number.isNaN(v));
  if (values.length === 0) return true;
  const maximize = options.direction === 'maximize';
  const best = maximize ? Math.max(...values) : Math.min(...values);
  const atStep = completed.map((other) => other.get(step)).filter((v): v is number => v !== undefined);
  if (atStep.length < minTrials) return false;
  const median = percentile(atStep, 50);
  if (Number.isNaN(median)) return false;
  return maximize ? best < median : best > median;
}
