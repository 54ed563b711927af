import { describe, expect, it } from 'vitest';
import { buildParzenEstimator, defaultWeights, parzenLogPdf } from './parzen-estimator';
import { randomSearch, sampleParameter } from './random-search';
import type { Params, SearchSpace } from './search-space';
import { seededRandom } from './seeded-random';
import { defaultGamma, splitTrials, suggestTpe, type TpeTrial } from './tpe-sampler';
import { percentile } from './median-pruner';

/** Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at three points. */
function branin(x: number, y: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
}
const BRANIN_SPACE: SearchSpace = {
  parameters: [
    { name: 'x', scale: 'uniform', low: -5, high: 10 },
    { name: 'y', scale: 'uniform', low: 0, high: 15 },
  ],
};
const evaluate = (params: Params) => branin(params.x as number, params.y as number);

function bestOfTpe(seed: number, budget: number): number {
  const random = seededRandom(seed);
  const trials: TpeTrial[] = [];
  for (let i = 0; i < budget; i++) {
    const params = suggestTpe(BRANIN_SPACE, trials, random, { direction: 'minimize' });
    trials.push({ params, state: 'complete', value: evaluate(params) });
  }
  return Math.min(...trials.map((trial) => trial.value!));
}

function bestOfRandom(seed: number, budget: number): number {
  return Math.min(...randomSearch(BRANIN_SPACE, seed, budget).map(evaluate));
}

describe("TPE, Optuna's defaults", () => {
  it('γ(n) = min(⌈0.1·n⌉, 25)', () => {
    expect([1, 10, 11, 95, 250, 251, 1000].map(defaultGamma)).toEqual([1, 1, 2, 10, 25, 25, 25]);
  });

  it('weighs observations 1 below 25, then ramps the oldest from 1/n to 1', () => {
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30, 12);
    expect(w[4]).toBeCloseTo(1, 12);
    expect(w.slice(5)).toEqual(new Array(25).fill(1));
  });

  it("sets Parzen widths as Optuna's `_calculate_numerical_distributions`", () => {
    // Uniform [0, 10], observations 2, 3, 7: sorted with ends [0, 2, 3, 7, 10]; gaps → σ = max(2, 1) = 2,
    // max(1, 4) = 4, max(4, 3) = 4; no endpoints: first = 3 − 2 = 1, last = 7 − 3 = 4; magic clip:
    // [10 / min(100, 1 + 4), 10] = [2, 10] → σ = 2, 4, 4; the prior: μ = 5, σ = 10.
    const space: SearchSpace = { parameters: [{ name: 'x', scale: 'uniform', low: 0, high: 10 }] };
    const estimator = buildParzenEstimator(space, [{ x: 3 }, { x: 2 }, { x: 7 }]);
    const dimension = estimator.dimensions[0]!;
    expect(dimension.kind).toBe('numeric');
    if (dimension.kind !== 'numeric') return;
    expect(dimension.mus).toEqual([3, 2, 7, 5]);
    expect(dimension.sigmas).toEqual([4, 2, 4, 10]);
    expect(estimator.weights).toEqual([0.25, 0.25, 0.25, 0.25]);
    // The density integrates to 1 over the range (midpoint rule on 10,000 cells).
    let integral = 0;
    for (let i = 0; i < 10_000; i++) integral += Math.exp(parzenLogPdf(estimator, [(i + 0.5) / 1000])) / 1000;
    expect(integral).toBeCloseTo(1, 3);
  });

  it('gives a categorical kernel prior_weight / n_kernels per choice plus 1 on its observation', () => {
    const space: SearchSpace = {
      parameters: [{ name: 'opt', scale: 'choice', choices: ['sgd', 'adam', 'rms'] }],
    };
    const estimator = buildParzenEstimator(space, [{ opt: 'adam' }]);
    const dimension = estimator.dimensions[0]!;
    if (dimension.kind !== 'categorical') throw new Error('expected categorical');
    // Two kernels: [0.5, 1.5, 0.5] / 2.5 and the prior's uniform row.
    expect(dimension.weights[0]).toEqual([0.2, 0.6, 0.2]);
    expect(dimension.weights[1]!.map((w) => w * 3)).toEqual([1, 1, 1]);
    expect(Math.exp(parzenLogPdf(estimator, [1]))).toBeCloseTo(0.5 * 0.6 + 0.5 / 3, 12);
  });

  it('splits the best γ(n) trials from the rest, pruned trials after complete ones, each in trial order', () => {
    const trial = (
      value: number | null,
      state: TpeTrial['state'] = 'complete',
      lastStep?: number,
    ): TpeTrial => ({
      params: { v: value ?? -1 },
      state,
      value,
      lastStep,
    });
    const trials = [trial(5), trial(1), trial(3), trial(9, 'pruned', 2), trial(4, 'pruned', 7)];
    const { below, above } = splitTrials(trials, 4, 'minimize');
    expect(below.map((t) => t.value)).toEqual([5, 1, 3, 4]);
    expect(above.map((t) => t.value)).toEqual([9]);
    expect(splitTrials(trials, 1, 'maximize').below.map((t) => t.value)).toEqual([5]);
  });

  it('samples at random during the 10 start-up trials, then stays in range and on the right types', () => {
    const space: SearchSpace = {
      parameters: [
        { name: 'lr', scale: 'log_uniform', low: 1e-5, high: 1 },
        { name: 'beta', scale: 'log_complement', low: 0.9, high: 0.999 },
        { name: 'units', scale: 'int', low: 16, high: 512, log: true },
        { name: 'batch', scale: 'choice', choices: [32, 64, 128] },
      ],
    };
    const a = seededRandom(5);
    const b = seededRandom(5);
    const trials: TpeTrial[] = [];
    for (let i = 0; i < 30; i++) {
      const params = suggestTpe(space, trials, a, { direction: 'minimize' });
      if (i < 10) expect(params).toEqual(randomSearchStep(space, b));
      expect(params.lr).toBeGreaterThanOrEqual(1e-5);
      expect(params.lr).toBeLessThanOrEqual(1);
      expect(params.beta).toBeGreaterThanOrEqual(0.9);
      expect(params.beta).toBeLessThanOrEqual(0.999);
      expect(Number.isInteger(params.units)).toBe(true);
      expect([32, 64, 128]).toContain(params.batch);
      // Best near lr = 1e-2, β = 0.99, 128 units, batch 64.
      const value =
        (Math.log10(params.lr as number) + 2) ** 2 +
        (Math.log10(1 - (params.beta as number)) + 2) ** 2 +
        Math.abs(Math.log2((params.units as number) / 128)) +
        (params.batch === 64 ? 0 : 1);
      trials.push({ params, state: 'complete', value });
    }
    const late = trials.slice(20).map((t) => t.value!);
    const early = trials.slice(0, 10).map((t) => t.value!);
    expect(percentile(late, 50)).toBeLessThan(percentile(early, 50));
  });

  it('leaves out trials whose params do not fit the space (a narrowed round 2)', () => {
    const narrowed: SearchSpace = { parameters: [{ name: 'x', scale: 'uniform', low: 0, high: 1 }] };
    const outside = Array.from({ length: 12 }, (_, i): TpeTrial => ({
      params: { x: 5 + i },
      state: 'complete',
      value: i,
    }));
    // Twelve trials, none inside [0, 1]: still in the random start-up, drawing what sampleParams draws.
    expect(suggestTpe(narrowed, outside, seededRandom(3), { direction: 'minimize' })).toEqual(
      randomSearchStep(narrowed, seededRandom(3)),
    );
  });

  it('beats random search on Branin: median best over 20 seeds at 50 trials, and in most seeds', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => 1000 + i);
    const tpe = seeds.map((seed) => bestOfTpe(seed, 50));
    const random = seeds.map((seed) => bestOfRandom(seed + 5000, 50));
    const wins = tpe.filter((value, i) => value < random[i]!).length;
    const tpeMedian = percentile(tpe, 50);
    const randomMedian = percentile(random, 50);
    // Measured here: TPE 0.627, random 1.507, TPE better in 19 of 20 (optimum 0.398).
    expect(tpeMedian).toBeLessThan(randomMedian);
    // A sign test: 15 or more of 20 has one-sided p = 0.021 under "no difference".
    expect(wins).toBeGreaterThanOrEqual(15);
  });

  it('beats random search on a 1-D learning-rate valley (log scale), 30 trials over 20 seeds', () => {
    const space: SearchSpace = { parameters: [{ name: 'lr', scale: 'log_uniform', low: 1e-6, high: 1 }] };
    const loss = (params: Params) => (Math.log10(params.lr as number) + 2.5) ** 2;
    const tpe: number[] = [];
    const random: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const generator = seededRandom(seed);
      const trials: TpeTrial[] = [];
      for (let i = 0; i < 30; i++) {
        const params = suggestTpe(space, trials, generator, { direction: 'minimize' });
        trials.push({ params, state: 'complete', value: loss(params) });
      }
      tpe.push(Math.min(...trials.map((trial) => trial.value!)));
      random.push(Math.min(...randomSearch(space, seed + 5000, 30).map(loss)));
    }
    // Measured here: median best (log10 lr + 2.5)² TPE 0.00089, random 0.0048; TPE better in 16 of 20.
    expect(percentile(tpe, 50)).toBeLessThan(percentile(random, 50));
    expect(tpe.filter((value, i) => value < random[i]!).length).toBeGreaterThanOrEqual(14);
  });
});

/** The draws `sampleParams` makes, in the same order, from a twin generator. */
function randomSearchStep(space: SearchSpace, random: ReturnType<typeof seededRandom>): Params {
  const params: Params = {};
  for (const parameter of space.parameters) params[parameter.name] = sampleParameter(parameter, random);
  return params;
}
