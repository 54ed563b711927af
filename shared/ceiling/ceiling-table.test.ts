import { describe, expect, it } from 'vitest';
import { ceilingTable } from './ceiling-table';
import { countTags } from './tag-counts';
import { wilsonInterval } from './wilson-interval';

/** The seed's Zomato example: 100 sampled errors at 10 % dev error. */
const ZOMATO = [
  { id: 'blurry', name: 'blurry', count: 38 },
  { id: 'multi', name: 'multiple objects', count: 25 },
  { id: 'unusual', name: 'unusual presentation', count: 18 },
  { id: 'mislabeled', name: 'mislabeled', count: 12 },
  { id: 'rare', name: 'rare class', count: 7 },
];

describe('Wilson score interval', () => {
  // Reference values: scipy.stats.binomtest(x, 100).proportion_ci(method='wilson'), scipy 1.17.
  it.each([
    [38, 0.290976, 0.477902],
    [25, 0.175452, 0.343045],
    [7, 0.034319, 0.137495],
    [0, 0, 0.036993],
    [100, 0.963007, 1],
  ])('%i of 100 → [%f, %f]', (x, low, high) => {
    const interval = wilsonInterval(x, 100);
    expect(interval.low).toBeCloseTo(low, 6);
    expect(interval.high).toBeCloseTo(high, 6);
    expect(interval.finitePopulationFactor).toBe(1);
  });

  it('narrows with the finite-population correction: 100 of 400 errors, f = 300/399', () => {
    const plain = wilsonInterval(38, 100);
    const corrected = wilsonInterval(38, 100, { populationSize: 400 });
    expect(corrected.finitePopulationFactor).toBeCloseTo(300 / 399, 12);
    // By hand: z²f = 3.841459 · 0.751880 = 2.888315; centre = (0.38 + 0.0144416)/1.0288832 = 0.383369;
    // half = 1.699505/1.0288832 · √(0.002356 + 0.0000722079) = 0.081396.
    expect(corrected.low).toBeCloseTo(0.301973, 5);
    expect(corrected.high).toBeCloseTo(0.464764, 5);
    expect(corrected.high - corrected.low).toBeLessThan(plain.high - plain.low);
  });

  it('is a single point when the sample is the whole population', () => {
    expect(wilsonInterval(38, 100, { populationSize: 100 })).toEqual({
      estimate: 0.38,
      low: 0.38,
      high: 0.38,
      finitePopulationFactor: 0,
    });
  });

  it('is a point for a census of one error', () => {
    expect(wilsonInterval(1, 1, { populationSize: 1 })).toMatchObject({
      low: 1,
      high: 1,
      finitePopulationFactor: 0,
    });
  });

  it('is the whole [0, 1] when nothing was sampled, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toMatchObject({ low: 0, high: 1 });
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, { populationSize: 5 })).toThrow(/cannot be smaller/);
  });
});

describe('ceiling table', () => {
  it("reproduces the seed's Zomato figures: blurry → 6.2 %", () => {
    const table = ceilingTable({ devErrorPercent: 10, sampledErrors: 100, categories: ZOMATO, untagged: 0 });
    expect(table.rows.map((row) => [row.name, row.ceilingPercent, row.gainPoints])).toEqual([
      ['blurry', 6.2, 3.8],
      ['multiple objects', 7.5, 2.5],
      ['unusual presentation', 8.2, 1.8],
      ['mislabeled', 8.8, 1.2],
      ['rare class', 9.3, 0.7],
      ['untagged', 10, 0],
    ]);
    const blurry = table.rows[0]!;
    expect(blurry.share).toBe(0.38);
    // 10 × (1 − 0.477902) and 10 × (1 − 0.290976)
    expect(blurry.ceilingLowPercent).toBeCloseTo(5.221, 3);
    expect(blurry.ceilingHighPercent).toBeCloseTo(7.0902, 3);
    expect(table.shareSum).toBe(1);
  });

  it('sorts by gain and keeps the untagged row last', () => {
    const shuffled = [ZOMATO[3]!, ZOMATO[0]!, ZOMATO[4]!, ZOMATO[1]!, ZOMATO[2]!];
    const table = ceilingTable({
      devErrorPercent: 10,
      sampledErrors: 100,
      categories: shuffled,
      untagged: 3,
    });
    expect(table.rows.map((row) => row.id)).toEqual(['blurry', 'multi', 'unusual', 'mislabeled', 'rare', '']);
    expect(table.rows.at(-1)).toMatchObject({ kind: 'untagged', count: 3, ceilingPercent: 9.7 });
    expect(table.notes.join(' ')).toContain('3 of 100 sampled errors are not tagged yet');
  });

  it('says so when overlapping tags make the shares sum past 100 %', () => {
    const items = [
      { categories: ['blurry', 'multi'] },
      { categories: ['blurry'] },
      { categories: ['multi', 'multi'] },
      { categories: [] },
    ];
    const counts = countTags(items, ZOMATO.slice(0, 2));
    expect(counts.categories.map((c) => c.count)).toEqual([2, 2]);
    expect(counts.untagged).toBe(1);
    const table = ceilingTable({ devErrorPercent: 8, ...counts });
    expect(table.shareSum).toBe(1);
    const overlapping = ceilingTable({
      devErrorPercent: 8,
      sampledErrors: 3,
      categories: counts.categories,
      untagged: 0,
    });
    expect(overlapping.shareSum).toBeCloseTo(4 / 3, 12);
    expect(overlapping.notes[0]).toMatch(/shares sum to 133\.333333 %/);
  });

  it('handles a category with none and with all of the errors', () => {
    const table = ceilingTable({
      devErrorPercent: 10,
      sampledErrors: 50,
      categories: [
        { id: 'none', name: 'none', count: 0 },
        { id: 'all', name: 'all', count: 50 },
      ],
      untagged: 0,
    });
    expect(table.rows[0]).toMatchObject({
      id: 'all',
      share: 1,
      ceilingPercent: 0,
      gainPoints: 10,
      shareHigh: 1,
    });
    expect(table.rows[0]!.ceilingHighPercent).toBeGreaterThan(0);
    expect(table.rows[1]).toMatchObject({
      id: 'none',
      share: 0,
      ceilingPercent: 10,
      gainPoints: 0,
      shareLow: 0,
    });
    expect(table.rows[1]!.ceilingLowPercent).toBeLessThan(10);
  });

  it('has no interval left when every dev error was sampled', () => {
    const table = ceilingTable({
      devErrorPercent: 10,
      sampledErrors: 100,
      totalErrors: 100,
      categories: ZOMATO,
      untagged: 0,
    });
    expect(table.finitePopulationFactor).toBe(0);
    expect(table.rows[0]).toMatchObject({
      ceilingLowPercent: 6.2,
      ceilingPercent: 6.2,
      ceilingHighPercent: 6.2,
    });
  });

  it('computes nothing from zero sampled errors and refuses counts above the sample', () => {
    const table = ceilingTable({
      devErrorPercent: 0,
      sampledErrors: 0,
      categories: [{ id: 'b', name: 'blurry', count: 0 }],
      untagged: 0,
    });
    expect(table.rows[0]).toMatchObject({ share: null, ceilingPercent: null, gainPoints: null });
    expect(table.shareSum).toBeNull();
    expect(table.notes).toContain('No sampled errors: there is nothing to compute a ceiling from.');
    expect(() =>
      ceilingTable({
        devErrorPercent: 10,
        sampledErrors: 10,
        categories: [{ id: 'b', name: 'b', count: 11 }],
        untagged: 0,
      }),
    ).toThrow(/between 0 and 10/);
    expect(() =>
      ceilingTable({ devErrorPercent: 120, sampledErrors: 1, categories: [], untagged: 0 }),
    ).toThrow(/0–100/);
  });
});
