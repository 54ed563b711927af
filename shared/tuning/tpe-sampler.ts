import { buildParzenEstimator, parzenLogPdf, pointToParams, sampleParzen } from './parzen-estimator';
import { isValueOf } from './parameter-scale';
import { sampleParams } from './random-search';
import { assertValidSearchSpace, type Params, type SearchSpace } from './search-space';
import type { SeededRandom } from './seeded-random';
import type { Direction } from './trial-ranking';

/** A finished trial as TPE sees it. */
export interface TpeTrial {
  params: Params;
  state: 'complete' | 'pruned';
  /** A complete trial's final value; a pruned trial's last reported value (null if it reported none). */
  value: number | null;
  /** A pruned trial's last reported step. */
  lastStep?: number | null;
}

export interface TpeOptions {
  direction: Direction;
  /** Random trials before TPE starts (Optuna: 10). */
  startupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (Optuna: 24). */
  eiCandidates?: number;
  /** How many trials form the "good" group (Optuna: `default_gamma`). */
  gamma?: (n: number) => number;
}

/** Optuna's `default_gamma`: γ(n) = min(⌈0.1·n⌉, 25) good trials out of n. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Splits finished trials into the good group (below) and the rest (above), Optuna `_split_trials`:
 * the best complete trials by value first; if γ asks for more, pruned trials by the furthest step
 * reached, then the better last value; each group kept in trial order (which the ramp of
 * `defaultWeights` relies on).
 */
export function splitTrials(
  trials: readonly TpeTrial[],
  nBelow: number,
  direction: Direction,
): { below: TpeTrial[]; above: TpeTrial[] } {
  const sign = direction === 'minimize' ? 1 : -1;
  const indexed = trials.map((trial, index) => ({ trial, index }));
  const complete = indexed
    .filter(({ trial }) => trial.state === 'complete' && trial.value !== null && Number.isFinite(trial.value))
    .sort((a, b) => sign * (a.trial.value! - b.trial.value!) || a.index - b.index);
  const pruned = indexed
    .filter(({ trial }) => trial.state === 'pruned')
    .sort(
      (a, b) =>
        (b.trial.lastStep ?? -Infinity) - (a.trial.lastStep ?? -Infinity) ||
        sign * ((a.trial.value ?? Infinity * sign) - (b.trial.value ?? Infinity * sign)) ||
        a.index - b.index,
    );
  const belowComplete = complete.slice(0, Math.min(nBelow, complete.length));
  const belowPruned = pruned.slice(0, Math.max(0, nBelow - belowComplete.length));
  const belowSet = new Set([...belowComplete, ...belowPruned].map(({ index }) => index));
  const inOrder = [...complete, ...pruned].sort((a, b) => a.index - b.index);
  return {
    below: inOrder.filter(({ index }) => belowSet.has(index)).map(({ trial }) => trial),
    above: inOrder.filter(({ index }) => !belowSet.has(index)).map(({ trial }) => trial),
  };
}

/**
 * The next trial's params by the Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl,
 * "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011; Watanabe, "Tree-Structured Parzen
 * Estimator: Understanding Its Algorithm Components", 2023), following Optuna's `TPESampler`
 * (`optuna/samplers/_tpe/sampler.py`, multivariate, the default for one objective):
 *
 * 1. fewer than 10 finished (complete or pruned) trials: a random draw (`sampleParams`);
 * 2. else split the n finished trials into the γ(n) = min(⌈0.1·n⌉, 25) best ("below") and the rest;
 * 3. fit a Parzen estimator l(x) to the good trials and g(x) to the rest (`buildParzenEstimator`);
 * 4. draw 24 candidates from l(x) and return the one maximising log l(x) − log g(x) (maximising
 *    l/g maximises expected improvement under TPE's model).
 *
 * Only trials whose params all fit the space count (after a coarse-to-fine narrowing, the trials outside
 * the new ranges are left out, as Optuna leaves out trials outside its intersection search space).
 * Trials must be in the order they were started (trial number). The random generator carries the seed,
 * so a study replayed with the same seed and results suggests the same params.
 */
export function suggestTpe(
  space: SearchSpace,
  trials: readonly TpeTrial[],
  random: SeededRandom,
  options: TpeOptions,
): Params {
  assertValidSearchSpace(space);
  const startup = options.startupTrials ?? 10;
  const candidates = options.eiCandidates ?? 24;
  const gamma = options.gamma ?? defaultGamma;
  const finished = trials.filter(
    (trial) =>
      (trial.state === 'pruned' || (trial.value !== null && Number.isFinite(trial.value))) &&
      space.parameters.every((parameter) => isValueOf(parameter, trial.params[parameter.name])),
  );
  if (finished.length < startup) return sampleParams(space, random);
  const { below, above } = splitTrials(finished, gamma(finished.length), options.direction);
  const good = buildParzenEstimator(
    space,
    below.map((trial) => trial.params),
  );
  const rest = buildParzenEstimator(
    space,
    above.map((trial) => trial.params),
  );
  const points = sampleParzen(good, random, candidates);
  let best = points[0]!;
  let bestScore = -Infinity;
  for (const point of points) {
    const score = parzenLogPdf(good, point) - parzenLogPdf(rest, point);
    if (score > bestScore) {
      bestScore = score;
      best = point;
    }
  }
  return pointToParams(space, best);
}
