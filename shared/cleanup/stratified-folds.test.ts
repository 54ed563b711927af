import { describe, expect, it } from 'vitest';
import { stratifiedFolds } from './stratified-folds';

describe('stratified k-fold assignment', () => {
  const labels = [...Array<number>(23).fill(0), ...Array<number>(10).fill(1), ...Array<number>(7).fill(2)];

  it('deals every class evenly over the folds, and the folds differ in size by at most one', () => {
    const folds = stratifiedFolds(labels, 4, 7);
    const size = [0, 0, 0, 0];
    for (const fold of folds) size[fold]!++;
    expect(Math.max(...size) - Math.min(...size)).toBeLessThanOrEqual(1);
    for (const label of [0, 1, 2]) {
      const perFold = [0, 0, 0, 0];
      labels.forEach((l, i) => l === label && perFold[folds[i]!]!++);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it('is reproducible with a seed and shuffles within classes', () => {
    expect(stratifiedFolds(labels, 5, 3)).toEqual(stratifiedFolds(labels, 5, 3));
    expect(stratifiedFolds(labels, 5, 3)).not.toEqual(stratifiedFolds(labels, 5, 4));
  });

  it('refuses k below 2', () => {
    expect(() => stratifiedFolds(labels, 1, 0)).toThrow(RangeError);
  });
});
