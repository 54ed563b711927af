import { gridValuesPerAxis } from './grid-search';

/**
 * The seed's argument for random over grid search, in numbers (Bergstra & Bengio, "Random Search for
 * Hyper-Parameter Optimization", JMLR 13, 2012, §2.1; Ng's "try random values: don't use a grid").
 * A sweet spot covers a fraction f of the most important axis; the other axes barely matter.
 */

/**
 * Random search: each of N independent trials lands in the sweet spot with probability f, so at least one
 * does with probability 1 − (1 − f)^N (25 trials, f = 10 %: 1 − 0.9²⁵ = 92.8 %).
 */
export function randomHitProbability(trials: number, fraction: number): number {
  checkFraction(fraction);
  return 1 - (1 - fraction) ** trials;
}

/**
 * A grid of N trials over k axes has m = ⌊N^(1/k)⌋ values per axis, so it tries only m distinct values of
 * the most important one: the rest of its budget repeats them. Counting those m values as m chances of f
 * each, as the seed's argument does, the grid hits with 1 − (1 − f)^m (a 5 × 5 grid, f = 10 %:
 * 1 − 0.9⁵ = 41.0 %): random search gets N chances on that axis, the grid N^(1/k). (The m values of an
 * evenly spaced grid are not independent draws: against a sweet spot at a uniformly random place they hit
 * with min(1, m·f), 50 % here; `evenGridHitProbability` gives that figure.)
 */
export function gridHitProbability(trials: number, axes: number, fraction: number): number {
  checkFraction(fraction);
  return 1 - (1 - fraction) ** gridValuesPerAxis(trials, axes);
}

/**
 * An evenly spaced grid (m values at spacing 1/m, offset at random) against a sweet spot of width f
 * placed uniformly at random: it holds a grid value with probability min(1, m·f).
 */
export function evenGridHitProbability(trials: number, axes: number, fraction: number): number {
  checkFraction(fraction);
  return Math.min(1, gridValuesPerAxis(trials, axes) * fraction);
}

/** The random trials needed to hit a sweet spot of fraction f with probability p: ⌈ln(1 − p) / ln(1 − f)⌉. */
export function trialsForHitProbability(probability: number, fraction: number): number {
  checkFraction(fraction);
  if (!(probability > 0 && probability < 1))
    throw new RangeError(`probability must be in (0, 1), got ${probability}`);
  return Math.ceil(Math.log(1 - probability) / Math.log(1 - fraction) - 1e-9);
}

function checkFraction(fraction: number): void {
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`the sweet spot's fraction must be in (0, 1], got ${fraction}`);
}
