import { fromTpeVariable, isNumeric, toTpeVariable, tpeDomain, type TpeDomain } from './parameter-scale';
import type { Params, SearchSpace } from './search-space';
import type { SeededRandom } from './seeded-random';
import { logGaussMass, sampleTruncatedNormal, truncatedNormalLogPdf } from './truncated-normal';

/** Optuna's defaults (`TPESampler.__init__`): prior weight 1, magic clip on, endpoints not considered. */
const PRIOR_WEIGHT = 1;

interface NumericKernels {
  kind: 'numeric';
  domain: TpeDomain;
  /** The kernels' support on the transformed axis (ln for log domains; ± step/2 for ints). */
  low: number;
  high: number;
  mus: number[];
  sigmas: number[];
}

interface CategoricalKernels {
  kind: 'categorical';
  /** weights[kernel][choice], each row summing to 1. */
  weights: number[][];
}

/**
 * A multivariate Parzen estimator over a search space (Optuna `samplers/_tpe/parzen_estimator.py`,
 * `_ParzenEstimator`, with the defaults of `TPESampler`): a mixture with one product kernel per observed
 * trial plus one prior kernel, every parameter on its own scale.
 */
export interface ParzenEstimator {
  /** Mixture weights, normalised: `defaultWeights(n)` for the n observations, then the prior's 1. */
  weights: number[];
  dimensions: (NumericKernels | CategoricalKernels)[];
}

/**
 * Optuna's `default_weights(n)`: all 1 below 25 observations; from 25 on, the oldest n − 25 ramp
 * linearly from 1/n to 1 and the newest 25 weigh 1 (observations in trial order).
 */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const rampLength = n - 25;
  const ramp = Array.from({ length: rampLength }, (_, i) =>
    rampLength === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (rampLength - 1),
  );
  return [...ramp, ...new Array<number>(25).fill(1)];
}

function transform(domain: TpeDomain, v: number): number {
  return domain.log ? Math.log(v) : v;
}

/**
 * Kernel widths, Optuna's `_calculate_numerical_distributions`: sort the centres μ with the range's ends
 * around them; each σ is the larger gap to its neighbours; without `consider_endpoints` the first and last
 * use the gap to their inner neighbour only (when there are at least two centres); then the "magic clip"
 * (Bergstra et al. 2011's hyperopt): σ ∈ [(high − low) / min(100, 1 + n_kernels), high − low], where
 * n_kernels counts the prior. The prior kernel sits at the middle with σ = high − low.
 */
function numericKernels(domain: TpeDomain, observed: readonly number[]): NumericKernels {
  let low = domain.low;
  let high = domain.high;
  if (domain.step !== null) {
    low -= domain.step / 2;
    high += domain.step / 2;
  }
  if (domain.log) {
    low = Math.log(low);
    high = Math.log(high);
  }
  const mus = observed.map((v) => transform(domain, v));
  const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]! || a - b);
  const sorted = [low, ...order.map((i) => mus[i]!), high];
  const sortedSigmas = order.map((_, j) =>
    Math.max(sorted[j + 1]! - sorted[j]!, sorted[j + 2]! - sorted[j + 1]!),
  );
  if (sorted.length >= 4) {
    sortedSigmas[0] = sorted[2]! - sorted[1]!;
    sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2]! - sorted[sorted.length - 3]!;
  }
  const minSigma = (high - low) / Math.min(100, 1 + (observed.length + 1));
  const maxSigma = high - low;
  const sigmas = new Array<number>(mus.length);
  order.forEach((i, j) => (sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sortedSigmas[j]!))));
  return {
    kind: 'numeric',
    domain,
    low,
    high,
    mus: [...mus, (low + high) / 2],
    sigmas: [...sigmas, high - low],
  };
}

/**
 * Categorical kernels, Optuna's `_calculate_categorical_distributions`: every kernel row starts at
 * prior_weight / n_kernels for each choice, the observed choice of its trial gets +1, rows are
 * normalised; the prior's row is uniform. With no observations, one uniform row.
 */
function categoricalKernels(choiceCount: number, observed: readonly number[]): CategoricalKernels {
  if (observed.length === 0)
    return { kind: 'categorical', weights: [new Array<number>(choiceCount).fill(1 / choiceCount)] };
  const kernels = observed.length + 1;
  const weights = Array.from({ length: kernels }, (_, k) => {
    const row = new Array<number>(choiceCount).fill(PRIOR_WEIGHT / kernels);
    if (k < observed.length) row[observed[k]!]! += 1;
    const sum = row.reduce((s, w) => s + w, 0);
    return row.map((w) => w / sum);
  });
  return { kind: 'categorical', weights };
}

/** Builds the estimator from observed trials' params (in trial order). */
export function buildParzenEstimator(space: SearchSpace, observations: readonly Params[]): ParzenEstimator {
  const weights = observations.length === 0 ? [1] : [...defaultWeights(observations.length), PRIOR_WEIGHT];
  const total = weights.reduce((sum, w) => sum + w, 0);
  const dimensions = space.parameters.map((parameter) => {
    if (!isNumeric(parameter)) {
      const indices = observations.map((params) => parameter.choices.indexOf(params[parameter.name]!));
      return categoricalKernels(parameter.choices.length, indices);
    }
    const domain = tpeDomain(parameter);
    return numericKernels(
      domain,
      observations.map((params) => toTpeVariable(parameter, params[parameter.name] as number)),
    );
  });
  return { weights: weights.map((w) => w / total), dimensions };
}

/**
 * A point in TPE's internal representation: per parameter, the variable v (numeric) or the choice's
 * index (categorical).
 */
export type InternalPoint = number[];

/**
 * Draws `count` points from the mixture (Optuna `_MixtureOfProductDistribution.sample`): pick a kernel by
 * weight, then each parameter from that kernel: a truncated normal on the transformed axis (exp for log
 * domains; ints rounded to the step and clipped), or the kernel's categorical row.
 */
export function sampleParzen(
  estimator: ParzenEstimator,
  random: SeededRandom,
  count: number,
): InternalPoint[] {
  return Array.from({ length: count }, () => {
    const kernel = random.weighted(estimator.weights);
    return estimator.dimensions.map((dimension) => {
      if (dimension.kind === 'categorical') {
        const row = dimension.weights[Math.min(kernel, dimension.weights.length - 1)]!;
        return random.weighted(row);
      }
      const x = sampleTruncatedNormal(
        random.next(),
        dimension.mus[kernel]!,
        dimension.sigmas[kernel]!,
        dimension.low,
        dimension.high,
      );
      const v = dimension.domain.log ? Math.exp(x) : x;
      const { step, low, high } = dimension.domain;
      if (step === null) return Math.min(high, Math.max(low, v));
      return Math.min(high, Math.max(low, low + Math.round((v - low) / step) * step));
    });
  });
}

/**
 * log of the mixture density at a point (Optuna `_MixtureOfProductDistribution.log_pdf`):
 * log Σ_k w_k Π_d p_kd(x_d), by log-sum-exp. A continuous parameter adds the truncated-normal log density
 * on its transformed axis; an int adds the log mass of [x − step/2, x + step/2] over the kernel's mass on
 * the range; a choice adds the log of its kernel weight.
 */
export function parzenLogPdf(estimator: ParzenEstimator, point: InternalPoint): number {
  const terms = estimator.weights.map((weight, kernel) => {
    let sum = Math.log(weight);
    estimator.dimensions.forEach((dimension, d) => {
      const x = point[d]!;
      if (dimension.kind === 'categorical') {
        const row = dimension.weights[Math.min(kernel, dimension.weights.length - 1)]!;
        sum += Math.log(row[x]!);
        return;
      }
      const mu = dimension.mus[kernel]!;
      const sigma = dimension.sigmas[kernel]!;
      const { step } = dimension.domain;
      if (step === null) {
        sum += truncatedNormalLogPdf(
          transform(dimension.domain, x),
          mu,
          sigma,
          dimension.low,
          dimension.high,
        );
        return;
      }
      const left = transform(dimension.domain, x - step / 2);
      const right = transform(dimension.domain, x + step / 2);
      sum +=
        logGaussMass((left - mu) / sigma, (right - mu) / sigma) -
        logGaussMass((dimension.low - mu) / sigma, (dimension.high - mu) / sigma);
    });
    return sum;
  });
  const max = Math.max(...terms);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
}

/** Internal point → params (v back to the value; index back to the choice). */
export function pointToParams(space: SearchSpace, point: InternalPoint): Params {
  const params: Params = {};
  space.parameters.forEach((parameter, d) => {
    const x = point[d]!;
    params[parameter.name] = isNumeric(parameter) ? fromTpeVariable(parameter, x) : parameter.choices[x]!;
  });
  return params;
}
