import type { Params } from './search-space';

export type Direction = 'minimize' | 'maximize';

export interface ScoredTrial {
  params: Params;
  /** The trial's final metric; null for a trial without one (failed, pruned without a value). */
  value: number | null;
}

/**
 * The k best trials with a value, best first (ties keep the input order). `direction` says whether a
 * smaller (loss, error) or larger (accuracy) value is better.
 */
export function topTrials<T extends ScoredTrial>(trials: readonly T[], k: number, direction: Direction): T[] {
  const sign = direction === 'minimize' ? 1 : -1;
  return trials
    .map((trial, index) => ({ trial, index }))
    .filter(({ trial }) => trial.value !== null && Number.isFinite(trial.value))
    .sort((a, b) => sign * (a.trial.value! - b.trial.value!) || a.index - b.index)
    .slice(0, k)
    .map(({ trial }) => trial);
}
