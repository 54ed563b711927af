import { describe, expect, it } from 'vitest';
import { narrowSearchSpace } from './coarse-to-fine';
import { gridAxis, gridSearch, gridValuesPerAxis } from './grid-search';
import { fromScaleCoordinate, toScaleCoordinate } from './parameter-scale';
import { randomSearch } from './random-search';
import type { LogComplementParameter, SearchSpace } from './search-space';
import { seededRandom } from './seeded-random';
import { topTrials } from './trial-ranking';

/** Kolmogorov–Smirnov distance of samples from U(low, high). */
function ksUniform(samples: number[], low: number, high: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    const f = (x - low) / (high - low);
    d = Math.max(d, Math.abs((i + 1) / sorted.length - f), Math.abs(f - i / sorted.length));
  });
  return d;
}
/** KS critical value at α = 0.01 for n samples: 1.628/√n (Smirnov's asymptotic). */
const ksCritical = (n: number) => 1.628 / Math.sqrt(n);

const BETA: LogComplementParameter = { name: 'beta', scale: 'log_complement', low: 0.9, high: 0.999 };

describe('seeded generator', () => {
  it('repeats a seed exactly and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(seededRandom(43).next()).not.toBe(first[0]);
    const u = Array.from({ length: 5000 }, seededRandom(1).next);
    expect(ksUniform(u, 0, 1)).toBeLessThan(ksCritical(5000));
  });

  it('draws normals with mean 0 and variance 1, and shuffles into a permutation', () => {
    const random = seededRandom(9);
    const z = Array.from({ length: 20_000 }, () => random.normal());
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect([...random.shuffle([1, 2, 3, 4, 5])].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('random search', () => {
  const space: SearchSpace = {
    parameters: [
      { name: 'lr', scale: 'log_uniform', low: 1e-4, high: 1 },
      BETA,
      { name: 'units', scale: 'int', low: 50, high: 100 },
      { name: 'layers', scale: 'int', low: 2, high: 4 },
      { name: 'batch', scale: 'choice', choices: [64, 128, 256, 512] },
    ],
  };
  const trials = randomSearch(space, 7, 4000);

  it('repeats a seeded run exactly, and a longer run starts with the shorter one', () => {
    expect(randomSearch(space, 7, 10)).toEqual(trials.slice(0, 10));
    expect(randomSearch(space, 8, 10)).not.toEqual(trials.slice(0, 10));
  });

  it('log-uniform learning rates are uniform in log10 (KS test)', () => {
    const r = trials.map((t) => Math.log10(t.lr as number));
    expect(ksUniform(r, -4, 0)).toBeLessThan(ksCritical(r.length));
  });

  it('log-complement β is uniform in log10(1 − β) on [−3, −1]', () => {
    const r = trials.map((t) => Math.log10(1 - (t.beta as number)));
    expect(Math.min(...r)).toBeGreaterThanOrEqual(-3 - 1e-12);
    expect(Math.max(...r)).toBeLessThanOrEqual(-1 + 1e-12);
    expect(ksUniform(r, -3, -1)).toBeLessThan(ksCritical(r.length));
    expect(toScaleCoordinate(BETA, 0.99)).toBeCloseTo(-2, 12);
    expect(fromScaleCoordinate(BETA, -3)).toBeCloseTo(0.999, 12);
  });

  it('ints are whole and every value equally likely; choices too', () => {
    const layers = trials.map((t) => t.layers as number);
    expect(new Set(layers)).toEqual(new Set([2, 3, 4]));
    for (const value of [2, 3, 4]) {
      expect(Math.abs(layers.filter((v) => v === value).length / 4000 - 1 / 3)).toBeLessThan(0.03);
    }
    expect(new Set(trials.map((t) => t.batch))).toEqual(new Set([64, 128, 256, 512]));
  });

  it('log ints spread evenly in log', () => {
    const units = randomSearch(
      { parameters: [{ name: 'u', scale: 'int', low: 1, high: 1024, log: true }] },
      3,
      4000,
    );
    const small = units.filter((t) => (t.u as number) <= 32).length / units.length;
    // ln(32.5/0.5) / ln(1024.5/0.5) ≈ 0.548
    expect(Math.abs(small - Math.log(65) / Math.log(2049))).toBeLessThan(0.03);
  });
});

describe('grid search', () => {
  const space: SearchSpace = {
    parameters: [
      { name: 'lr', scale: 'log_uniform', low: 1e-4, high: 1 },
      { name: 'opt', scale: 'choice', choices: ['sgd', 'adam'] },
    ],
  };

  it('spaces values evenly on each parameter’s own scale', () => {
    gridAxis(space.parameters[0]!, 5).forEach((lr, i) =>
      expect(lr).toBeCloseTo([1e-4, 1e-3, 1e-2, 1e-1, 1][i]!, 12),
    );
    gridAxis(BETA, 3).forEach((beta, i) => expect(beta).toBeCloseTo([0.9, 0.99, 0.999][i]!, 12));
    expect(gridAxis({ name: 'l', scale: 'int', low: 2, high: 4 }, 5)).toEqual([2, 3, 4]);
    expect(gridValuesPerAxis(25, 2)).toBe(5);
    expect(gridValuesPerAxis(20, 2)).toBe(4);
  });

  it('holds every point once, in a seeded shuffled order', () => {
    const grid = gridSearch(space, 5, 1);
    expect(grid).toHaveLength(10);
    expect(new Set(grid.map((p) => `${p.lr}|${p.opt}`)).size).toBe(10);
    expect(gridSearch(space, 5, 1)).toEqual(grid);
    const sorted = [...grid].sort(
      (a, b) => (a.lr as number) - (b.lr as number) || String(a.opt).localeCompare(String(b.opt)),
    );
    expect(grid).not.toEqual(sorted);
  });
});

describe('coarse-to-fine', () => {
  const space: SearchSpace = {
    parameters: [
      { name: 'lr', scale: 'log_uniform', low: 1e-5, high: 1 },
      BETA,
      { name: 'units', scale: 'int', low: 16, high: 512 },
      { name: 'opt', scale: 'choice', choices: ['sgd', 'adam', 'rms'] },
    ],
  };
  const trial = (lr: number, beta: number, units: number, opt: string, value: number | null) => ({
    params: { lr, beta, units, opt },
    value,
  });
  const trials = [
    trial(1e-3, 0.99, 64, 'adam', 0.91),
    trial(3e-3, 0.95, 128, 'adam', 0.93),
    trial(1e-2, 0.9, 256, 'sgd', 0.92),
    trial(0.5, 0.999, 500, 'rms', 0.4),
    trial(1e-5, 0.9, 16, 'rms', null),
  ];

  it('narrows each range to the top-k span in its own scale and keeps the choices they used', () => {
    const narrowed = narrowSearchSpace(space, trials, 3, 'maximize');
    expect(topTrials(trials, 3, 'maximize').map((t) => t.value)).toEqual([0.93, 0.92, 0.91]);
    expect(narrowed.parameters[0]).toMatchObject({ low: 1e-3, high: 1e-2 });
    const beta = narrowed.parameters[1]!;
    if (beta.scale !== 'log_complement') throw new Error('scale changed');
    expect(beta.low).toBeCloseTo(0.9, 12);
    expect(beta.high).toBeCloseTo(0.99, 12);
    expect(narrowed.parameters[2]).toMatchObject({ low: 64, high: 256 });
    expect(narrowed.parameters[3]).toMatchObject({ choices: ['sgd', 'adam'] });
  });

  it('keeps room to search when the top trials agree: 10 % of the old range in its scale', () => {
    const narrowed = narrowSearchSpace(space, [trial(1e-3, 0.99, 64, 'adam', 0.1)], 5, 'minimize');
    const lr = narrowed.parameters[0]!;
    if (lr.scale !== 'log_uniform') throw new Error('scale changed');
    // log10 span 5 → 0.5 around −3: [10^−3.25, 10^−2.75]
    expect(Math.log10(lr.low)).toBeCloseTo(-3.25, 12);
    expect(Math.log10(lr.high)).toBeCloseTo(-2.75, 12);
    const units = narrowed.parameters[2]!;
    if (units.scale !== 'int') throw new Error('scale changed');
    expect(units.high).toBeGreaterThan(units.low);
    expect(narrowSearchSpace(space, [], 5, 'minimize')).toEqual(space);
  });
});
