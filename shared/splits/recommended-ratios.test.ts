import { describe, expect, it } from 'vitest';
import { ratiosProblem, recommendedRatios } from './recommended-ratios';

describe('the size rule', () => {
  it('gives the anchors at 10k, 100k, 1M and 10M', () => {
    expect(recommendedRatios(10_000)).toEqual({ train: 60, dev: 20, test: 20 });
    expect(recommendedRatios(100_000)).toEqual({ train: 90, dev: 5, test: 5 });
    expect(recommendedRatios(1_000_000)).toEqual({ train: 98, dev: 1, test: 1 });
    expect(recommendedRatios(10_000_000)).toEqual({ train: 99.5, dev: 0.25, test: 0.25 });
  });

  it('keeps 60/20/20 below 10k and 99.5/0.25/0.25 above 10M', () => {
    expect(recommendedRatios(0)).toEqual({ train: 60, dev: 20, test: 20 });
    expect(recommendedRatios(1_000)).toEqual({ train: 60, dev: 20, test: 20 });
    expect(recommendedRatios(1e9)).toEqual({ train: 99.5, dev: 0.25, test: 0.25 });
  });

  it('interpolates on log10(n) between anchors: halfway in log is halfway in share', () => {
    const between = recommendedRatios(Math.round(10 ** 4.5)); // 31,623
    expect(between.dev).toBeCloseTo(12.5, 2);
    expect(between.train + between.dev + between.test).toBeCloseTo(100, 6);
  });

  it('never grows the dev share as the data grows', () => {
    let previous = Infinity;
    for (let exponent = 3; exponent <= 8; exponent += 0.05) {
      const { dev } = recommendedRatios(10 ** exponent);
      expect(dev).toBeLessThanOrEqual(previous);
      previous = dev;
    }
  });
});

describe('ratios that cannot work', () => {
  it('explains a sum other than 100', () => {
    expect(ratiosProblem({ train: 70, dev: 20, test: 20 })).toBe(
      'The ratios 70/20/20 add up to 110 %, not 100 %.',
    );
  });
  it('refuses negative shares and an empty dev or test', () => {
    expect(ratiosProblem({ train: 110, dev: -5, test: -5 })).toMatch(/cannot be negative/);
    expect(ratiosProblem({ train: 80, dev: 0, test: 20 })).toMatch(/Dev and test both need a share above 0/);
  });
  it('accepts 98/1/1', () => {
    expect(ratiosProblem({ train: 98, dev: 1, test: 1 })).toBeNull();
  });
});
