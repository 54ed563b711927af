import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learning-rate-schedule';

describe('learningRateAt', () => {
  it('keeps, steps, decays exponentially and follows the cosine from lr to the minimum', () => {
    expect(learningRateAt({ kind: 'none' }, 0.1, 7, 10)).toBe(0.1);
    const step = { kind: 'step', everyEpochs: 2, factor: 0.5 } as const;
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(step, 0.1, e, 10))).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.025,
    ]);
    expect(learningRateAt({ kind: 'exponential', rate: 0.9 }, 0.1, 2, 10)).toBeCloseTo(0.081, 12);
    const cosine = { kind: 'cosine', minLearningRate: 0.001 } as const;
    expect(learningRateAt(cosine, 0.1, 0, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(cosine, 0.1, 5, 10)).toBeCloseTo(0.0505, 12); // halfway: the mean
    expect(learningRateAt(cosine, 0.1, 10, 10)).toBeCloseTo(0.001, 12);
  });
});
