import { describe, expect, it } from 'vitest';
import { findSystematicConfusion, type LabelFix } from './systematic-fixes';

const fix = (from: string, to: string, times = 1): LabelFix[] =>
  Array.from({ length: times }, () => ({ from, to }));

describe('systematic label errors', () => {
  it('names a pair that is at least half of the fixes and at least 5 items', () => {
    const found = findSystematicConfusion([...fix('Shirt', 'T-shirt/top', 6), ...fix('Coat', 'Pullover', 3)]);
    expect(found).toMatchObject({ from: 'Shirt', to: 'T-shirt/top', count: 6, fixes: 9 });
    expect(found!.share).toBeCloseTo(2 / 3, 12);
    expect(found!.message).toBe(
      "Most 'Shirt' labels you fixed were 'T-shirt/top' (6 of 9 fixes): review every item labelled 'Shirt'.",
    );
  });

  it('counts exactly half, and nothing under 5 items or under half', () => {
    expect(findSystematicConfusion([...fix('a', 'b', 5), ...fix('c', 'd', 5)])).toMatchObject({
      from: 'a',
      count: 5,
    });
    expect(findSystematicConfusion(fix('a', 'b', 4))).toBeNull();
    expect(
      findSystematicConfusion([...fix('a', 'b', 5), ...fix('c', 'd', 3), ...fix('e', 'f', 3)]),
    ).toBeNull();
    expect(findSystematicConfusion([])).toBeNull();
  });

  it('ignores fixes that kept the label', () => {
    expect(findSystematicConfusion([...fix('a', 'b', 5), ...fix('x', 'x', 20)])).toMatchObject({
      fixes: 5,
      share: 1,
    });
  });
});
