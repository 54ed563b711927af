import { describe, expect, it } from 'vitest';
import { confusionMatrix, confusionPairs } from './confusion';
import { drawErrorSample, errorSampleOrder, extendErrorSample, type MisclassifiedItem } from './error-sample';

const CLASSES = ['shirt', 'tshirt', 'coat', 'bag'];
/** 400 errors: 'shirt' is the true class of half of them. */
const ERRORS: MisclassifiedItem[] = Array.from({ length: 400 }, (_, i) => ({
  id: `item-${i}`,
  given: i % 2 === 0 ? 'shirt' : CLASSES[(i % 3) + 1]!,
  predicted: i % 2 === 0 ? 'tshirt' : 'shirt',
}));

describe('seeded error sample', () => {
  it('is reproducible and does not depend on the order of the input', () => {
    const a = drawErrorSample(ERRORS, 42, 100).map((item) => item.id);
    const b = drawErrorSample([...ERRORS].reverse(), 42, 100).map((item) => item.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(100);
    expect(drawErrorSample(ERRORS, 43, 100).map((item) => item.id)).not.toEqual(a);
  });

  it('keeps the first N when extended by +50, stratified or not', () => {
    for (const by of ['none', 'true-class', 'confusion-pair'] as const) {
      const first = drawErrorSample(ERRORS, 7, 100, by).map((item) => item.id);
      const extended = extendErrorSample(ERRORS, 7, first, 50, by);
      expect(extended.slice(0, 100)).toEqual(first);
      expect(new Set(extended).size).toBe(150);
      expect(extended).toEqual(drawErrorSample(ERRORS, 7, 150, by).map((item) => item.id));
    }
  });

  it('keeps a saved sample even when the errors changed, and stops at the errors there are', () => {
    const saved = ['gone-1', 'item-3'];
    const extended = extendErrorSample(ERRORS.slice(0, 10), 1, saved, 50);
    expect(extended.slice(0, 2)).toEqual(saved);
    expect(extended).toHaveLength(2 + 9);
    expect(drawErrorSample(ERRORS.slice(0, 5), 1, 100)).toHaveLength(5);
    expect(drawErrorSample([], 1, 100)).toEqual([]);
  });

  it('stratified by true class, every prefix is within one item of proportional', () => {
    const order = errorSampleOrder(ERRORS, 3, 'true-class');
    const sizes = new Map<string, number>();
    for (const item of ERRORS) sizes.set(item.given, (sizes.get(item.given) ?? 0) + 1);
    for (const n of [10, 37, 100, 150, 400]) {
      const counts = new Map<string, number>();
      for (const item of order.slice(0, n)) counts.set(item.given, (counts.get(item.given) ?? 0) + 1);
      for (const [label, size] of sizes) {
        expect(Math.abs((counts.get(label) ?? 0) - (n * size) / ERRORS.length)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('unstratified, each item is equally likely to be drawn (over 2,000 seeds)', () => {
    const hits = new Map<string, number>();
    const few = ERRORS.slice(0, 20);
    for (let seed = 0; seed < 2000; seed++) {
      for (const item of drawErrorSample(few, seed, 5)) hits.set(item.id, (hits.get(item.id) ?? 0) + 1);
    }
    // Expected 2000 · 5/20 = 500 per item; binomial sd ≈ 19.4, so ±100 is beyond 5 sd.
    for (const item of few) expect(Math.abs((hits.get(item.id) ?? 0) - 500)).toBeLessThan(100);
  });
});

describe('confusion pairs and matrix', () => {
  const items = [
    { given: 'shirt', predicted: 'tshirt' },
    { given: 'shirt', predicted: 'tshirt' },
    { given: 'coat', predicted: 'shirt' },
    { given: 'coat', predicted: 'coat' },
    { given: 'bag', predicted: 'bag' },
  ];

  it('counts true → predicted pairs among the errors, largest first', () => {
    expect(confusionPairs(items)).toEqual([
      { given: 'shirt', predicted: 'tshirt', count: 2 },
      { given: 'coat', predicted: 'shirt', count: 1 },
    ]);
  });

  it('builds the matrix with rows = given, columns = predicted, listed labels first', () => {
    const matrix = confusionMatrix(items, ['shirt', 'tshirt', 'coat', 'sandal']);
    expect(matrix.labels).toEqual(['shirt', 'tshirt', 'coat', 'sandal', 'bag']);
    expect(matrix.counts).toEqual([
      [0, 2, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]);
    expect(matrix.total).toBe(5);
    expect(matrix.errors).toBe(3);
  });
});
