import { describe, expect, it } from 'vitest';
import { describeDevResolution, devSizeToResolve, smallestResolvableDifference } from './dev-resolution';

describe('dev-set resolution at 95 %', () => {
  it('600 items resolve about 3.4 points around 90 %', () => {
    expect(smallestResolvableDifference(600)).toBeCloseTo(0.034, 3);
    expect(describeDevResolution(600)).toBe(
      'with 600 dev items you can tell 90.0% from 93.4%, not from 90.1%',
    );
  });

  it('shrinks with √n: four times the items, half the difference', () => {
    expect(smallestResolvableDifference(4_000) / smallestResolvableDifference(1_000)).toBeCloseTo(0.5, 10);
  });

  it('needs about 690,000 items to tell 90.0 % from 90.1 % (far beyond Rule 2)', () => {
    const n = devSizeToResolve(0.001);
    expect(n).toBeGreaterThan(680_000);
    expect(n).toBeLessThan(700_000);
    expect(describeDevResolution(n)).toContain('(and from 90.1%)');
  });

  it('says plainly that an empty dev set compares nothing', () => {
    expect(describeDevResolution(0)).toBe('with no dev items you cannot compare models at all');
  });
});
