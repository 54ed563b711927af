import { describe, expect, it } from 'vitest';
import { mcnemarTest } from './mcnemar-test';

describe("McNemar's exact test", () => {
  // Reference: scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue, scipy 1.17.
  it.each([
    [10, 2, 0.03857421875, true],
    [30, 18, 0.11140289106101878, false],
    [0, 7, 0.015625, true],
    [120, 90, 0.045114087864840696, true],
  ])('b = %i, c = %i → p = %f', (b, c, p, distinguishable) => {
    const result = mcnemarTest(b, c);
    expect(result.pValue).toBeCloseTo(p, 12);
    expect(result.distinguishable).toBe(distinguishable);
    expect(mcnemarTest(c, b).pValue).toBeCloseTo(p, 12);
  });

  it('says nothing differs when the discordant items split evenly or there are none', () => {
    expect(mcnemarTest(5, 5).pValue).toBe(1);
    expect(mcnemarTest(0, 0)).toMatchObject({ pValue: 1, distinguishable: false });
    expect(() => mcnemarTest(-1, 2)).toThrow(RangeError);
  });

  it('stays finite for large counts (the sum is in log space)', () => {
    // scipy: 0.003215819673645259
    expect(mcnemarTest(5000, 5300).pValue).toBeCloseTo(0.003215819673645259, 10);
  });
});
