import { describe, expect, it } from 'vitest';
import { gridValuesPerAxis } from './grid-search';
import {
  evenGridHitProbability,
  gridHitProbability,
  randomHitProbability,
  trialsForHitProbability,
} from './search-budget';

describe('budget helper', () => {
  it('reproduces the issue: 5 × 5 grid → 41 %, 25 random → 93 % for a 10 % sweet spot', () => {
    expect(gridHitProbability(25, 2, 0.1)).toBeCloseTo(1 - 0.9 ** 5, 12);
    expect(Math.round(gridHitProbability(25, 2, 0.1) * 100)).toBe(41);
    expect(Math.round(randomHitProbability(25, 0.1) * 100)).toBe(93);
  });

  it('an evenly spaced grid against a randomly placed sweet spot: min(1, m·f) = 50 %', () => {
    expect(evenGridHitProbability(25, 2, 0.1)).toBeCloseTo(0.5, 12);
    expect(evenGridHitProbability(100, 1, 0.1)).toBe(1);
  });

  it('gets worse for the grid as axes are added, not for random search', () => {
    expect(gridValuesPerAxis(125, 3)).toBe(5);
    expect(gridValuesPerAxis(60, 3)).toBe(3);
    expect(gridValuesPerAxis(0, 2)).toBe(0);
    expect(gridHitProbability(125, 3, 0.05)).toBeCloseTo(1 - 0.95 ** 5, 12);
    expect(randomHitProbability(125, 0.05)).toBeGreaterThan(0.998);
  });

  it('says how many random trials a chance needs: 95 % of a 5 % sweet spot takes 59', () => {
    expect(trialsForHitProbability(0.95, 0.05)).toBe(59);
    expect(randomHitProbability(59, 0.05)).toBeGreaterThanOrEqual(0.95);
    expect(randomHitProbability(58, 0.05)).toBeLessThan(0.95);
    expect(() => randomHitProbability(10, 0)).toThrow(RangeError);
  });
});
