import { isNumeric, toTpeVariable, tpeDomain } from './parameter-scale';
import type { Parameter, Params, SearchSpace } from './search-space';
import type { Direction } from './trial-ranking';
import { normalCdf } from './truncated-normal';

/**
 * PED-ANOVA parameter importance (Watanabe, Bansal & Hutter, "PED-ANOVA: Efficiently Quantifying
 * Hyperparameter Importance in Arbitrary Subspaces", IJCAI 2023, arXiv:2304.10255), as Optuna's
 * `PedAnovaImportanceEvaluator` (optuna/importance/_ped_anova/evaluator.py and
 * scott_parzen_estimator.py, Optuna 4.x) with its defaults: baseline quantile 0.1, evaluate on local,
 * 50 grid steps, prior weight 1, at least 2 top trials.
 *
 * For each parameter:
 * 1. discretise its domain into a grid on its own scale (numbers: `linspace` of n = min(50, …) points in
 *    ln for log scales; a log int gets ⌈log2(high − low + 1)⌉ + 1 points, a plain int one per value; a
 *    choice one cell per choice) and count the trials in each cell (a value goes to the first grid point
 *    ≥ value − step/2);
 * 2. fit a 1-D Parzen estimator to the counts of the top trials and one to all trials: a discrete
 *    truncated normal kernel per occupied cell weighted by its count, bandwidth by Scott's rule
 *    σ = 1.059 · min(IQR/1.34, sd) · n^(−1/5), at least 0.5/1.64 cells, plus a prior kernel (weight 1)
 *    centred on the grid with σ = its width; a choice gets Optuna's categorical kernels;
 * 3. importance = the Pearson χ² divergence Σ_k p_all(k) · (p_top(k)/p_all(k) − 1)², over the grid,
 *    times γ'² with γ' = (top trials)/(all trials), as Optuna 5 returns it (condPED-ANOVA's scaling,
 *    `raw`); normalised to sum to 1 as Optuna 4 returned it (`importance`).
 * Checked against Optuna 5.0.0's evaluator itself on a mixed space (parameter-importance.test.ts). A parameter the top trials spread over exactly as all
 * trials do scores 0; one the top trials concentrate in a corner scores high.
 */

export interface ImportanceTrial {
  params: Params;
  value: number;
}

export interface PedAnovaOptions {
  direction: Direction;
  /** The top trials are those at or better than this quantile (Optuna: 0.1). */
  baselineQuantile?: number;
  /** Grid points per numeric axis (Optuna: 50). */
  steps?: number;
  /** Weight of the prior kernel (Optuna: 1). */
  priorWeight?: number;
  /** The top set always holds at least this many trials (Optuna: 2). */
  minTopTrials?: number;
}

/**
 * Optuna's `_QuantileFilter`: loss = value (minimize) or −value (maximize); cut-off = the larger of the
 * minTop-th smallest loss and the loss at index ⌈q·n⌉ − 1 of the sorted losses (numpy's
 * "inverted_cdf" quantile); keep every trial at or below it (ties kept).
 */
export function topQuantileTrials<T extends ImportanceTrial>(
  trials: readonly T[],
  quantile: number,
  minTop: number,
  direction: Direction,
): T[] {
  const sign = direction === 'minimize' ? 1 : -1;
  const losses = trials.map((trial) => sign * trial.value);
  const sorted = [...losses].sort((a, b) => a - b);
  const quantileIndex = Math.max(0, Math.ceil(quantile * sorted.length) - 1);
  const cutoff = Math.max(sorted[minTop - 1]!, sorted[quantileIndex]!);
  return trials.filter((_, i) => losses[i]! <= cutoff);
}

/** The cells of one parameter's grid and the cell of each trial. */
function cellsOf(parameter: Parameter, trials: readonly ImportanceTrial[], steps: number) {
  if (!isNumeric(parameter)) {
    return {
      cells: parameter.choices.length,
      indices: trials.map((trial) => parameter.choices.indexOf(trial.params[parameter.name]!)),
      categorical: true,
    };
  }
  const domain = tpeDomain(parameter);
  let n = steps;
  if (domain.step !== null && domain.log) {
    n = Math.min(Math.ceil(Math.log(domain.high - domain.low + 1) / Math.log(2)) + 1, steps);
  } else if (domain.step !== null) {
    n = Math.min(Math.round((domain.high - domain.low) / domain.step) + 1, steps);
  }
  const scale = domain.log ? Math.log : (x: number) => x;
  const low = scale(domain.low);
  const high = scale(domain.high);
  const grid = Array.from({ length: n }, (_, i) => (n === 1 ? low : low + ((high - low) * i) / (n - 1)));
  const stepSize = n > 1 ? grid[1]! - grid[0]! : 0;
  const indices = trials.map((trial) => {
    const value = scale(toTpeVariable(parameter, trial.params[parameter.name] as number));
    // numpy searchsorted(side="left"): the first grid point ≥ value − step/2
    const target = value - stepSize / 2;
    let index = grid.findIndex((point) => point >= target);
    if (index === -1) index = n - 1;
    return index;
  });
  return { cells: n, indices, categorical: false };
}

function countCells(cells: number, indices: readonly number[]): number[] {
  const counts = new Array<number>(cells).fill(0);
  for (const index of indices) if (index >= 0) counts[index]!++;
  return counts;
}

/** Probability of each cell 0 … n−1 under the Scott-bandwidth Parzen estimator of `counts` (numeric axis). */
function numericPdf(counts: readonly number[], priorWeight: number): number[] {
  const n = counts.length;
  const total = counts.reduce((sum, c) => sum + c, 0);
  const mus: number[] = [];
  const weights: number[] = [];
  counts.forEach((count, cell) => {
    if (count > 0) {
      mus.push(cell);
      weights.push(count);
    }
  });
  const mean = mus.reduce((sum, mu, i) => sum + (mu * weights[i]!) / total, 0);
  const sd = Math.sqrt(
    mus.reduce((sum, mu, i) => sum + (mu - mean) ** 2 * weights[i]!, 0) / Math.max(1, total - 1),
  );
  // interquartile range from the cumulative counts (numpy searchsorted left / right)
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push(sum + w), sum + w), 0);
  const q25 = Math.floor(total / 4);
  const q75 = Math.floor((total * 3) / 4);
  let i25 = cumulative.findIndex((c) => c >= q25);
  if (i25 === -1) i25 = cumulative.length;
  let i75 = cumulative.findIndex((c) => c > q75);
  if (i75 === -1) i75 = cumulative.length;
  const iqr = (mus[Math.min(mus.length - 1, i75)] ?? 0) - (mus[Math.min(mus.length - 1, i25)] ?? 0);
  const scott = 1.059 * Math.min(iqr / 1.34, sd) * total ** -0.2;
  const sigma = Math.max(Number.isFinite(scott) ? scott : 0, 0.5 / 1.64);
  const kernels = mus.map((mu, i) => ({ mu, sigma, weight: weights[i]! }));
  kernels.push({ mu: 0.5 * (n - 1), sigma: n, weight: mus.length === 0 ? 1 : priorWeight });
  const weightSum = kernels.reduce((sum, kernel) => sum + kernel.weight, 0);
  const pdf = new Array<number>(n).fill(0);
  for (const kernel of kernels) {
    // a discrete truncated normal on 0 … n−1 with step 1 (Optuna's _BatchedDiscreteTruncNormDistributions)
    const mass = (a: number, b: number) =>
      normalCdf((b - kernel.mu) / kernel.sigma) - normalCdf((a - kernel.mu) / kernel.sigma);
    const normaliser = mass(-0.5, n - 0.5);
    for (let k = 0; k < n; k++)
      pdf[k]! += (kernel.weight / weightSum) * (mass(k - 0.5, k + 0.5) / normaliser);
  }
  return pdf;
}

/** Probability of each choice under Optuna's categorical Parzen estimator of `counts`. */
function categoricalPdf(counts: readonly number[], priorWeight: number): number[] {
  const n = counts.length;
  const observed = counts.map((count, choice) => ({ count, choice })).filter(({ count }) => count > 0);
  const kernelCount = observed.length + 1;
  const rows = observed.map(({ choice }) => {
    const row = new Array<number>(n).fill(priorWeight / kernelCount);
    row[choice]! += 1;
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / sum);
  });
  rows.push(new Array<number>(n).fill(1 / n));
  const weights = [...observed.map(({ count }) => count), observed.length === 0 ? 1 : priorWeight];
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const pdf = new Array<number>(n).fill(0);
  rows.forEach((row, r) => row.forEach((p, k) => (pdf[k]! += (weights[r]! / weightSum) * p)));
  return pdf;
}

/** Pearson χ² divergence of the top trials' density from all trials' density over the grid. */
function pearsonDivergence(
  parameter: Parameter,
  top: readonly ImportanceTrial[],
  all: readonly ImportanceTrial[],
  options: Required<PedAnovaOptions>,
): number {
  const topCells = cellsOf(parameter, top, options.steps);
  const allCells = cellsOf(parameter, all, options.steps);
  const density = topCells.categorical ? categoricalPdf : numericPdf;
  const pTop = density(countCells(topCells.cells, topCells.indices), options.priorWeight).map(
    (p) => p + 1e-12,
  );
  const pAll = density(countCells(allCells.cells, allCells.indices), options.priorWeight).map(
    (p) => p + 1e-12,
  );
  return pAll.reduce((sum, p, k) => sum + p * (pTop[k]! / p - 1) ** 2, 0);
}

/** A parameter that can take only one value (Optuna's `dist.single()`): its importance is 0. */
function isSingle(parameter: Parameter): boolean {
  return parameter.scale === 'choice' ? parameter.choices.length <= 1 : parameter.low === parameter.high;
}

export interface ParameterImportanceEntry {
  name: string;
  /** Normalised: the importances sum to 1. */
  importance: number;
  /** γ'² × the Pearson divergence: Optuna 5's `PedAnovaImportanceEvaluator` value, before normalising. */
  raw: number;
}

/**
 * PED-ANOVA importances of the space's parameters from finished trials (complete, with a finite value),
 * highest first. With 2 trials or fewer, every parameter gets an equal share (as Optuna does).
 */
export function pedAnovaImportance(
  space: SearchSpace,
  trials: readonly ImportanceTrial[],
  options: PedAnovaOptions,
): ParameterImportanceEntry[] {
  const settings: Required<PedAnovaOptions> = {
    baselineQuantile: 0.1,
    steps: 50,
    priorWeight: 1,
    minTopTrials: 2,
    ...options,
  };
  const usable = trials.filter(
    (trial) =>
      Number.isFinite(trial.value) &&
      space.parameters.every((parameter) => trial.params[parameter.name] !== undefined),
  );
  const varying = space.parameters.filter((parameter) => !isSingle(parameter));
  const single = space.parameters
    .filter(isSingle)
    .map((parameter) => ({ name: parameter.name, importance: 0, raw: 0 }));
  if (varying.length === 0) return single;
  if (usable.length <= settings.minTopTrials) {
    return [
      ...varying.map((parameter) => ({ name: parameter.name, importance: 1 / varying.length, raw: 0 })),
      ...single,
    ];
  }
  const top = topQuantileTrials(usable, settings.baselineQuantile, settings.minTopTrials, settings.direction);
  const scale = (top.length / usable.length) ** 2;
  const raw = varying.map((parameter) => ({
    name: parameter.name,
    raw: scale * pearsonDivergence(parameter, top, usable, settings),
  }));
  const sum = raw.reduce((total, entry) => total + entry.raw, 0);
  const entries = raw.map((entry) => ({
    ...entry,
    importance: sum > 0 ? entry.raw / sum : 1 / varying.length,
  }));
  return [...entries.sort((a, b) => b.importance - a.importance), ...single];
}
