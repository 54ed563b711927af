import { describe, expect, it } from 'vitest';
import { decompose } from './decompose';
import { SEED_SCENARIOS } from './seed-scenarios';
import { niceStep, waterfallColumns } from './waterfall-columns';

describe('waterfallColumns', () => {
  it('the Ola table: every level standing on 0 and every gap floating between its two levels', () => {
    const ola = SEED_SCENARIOS.find((scenario) => scenario.id === 'ola')!.input;
    const columns = waterfallColumns(decompose(ola));
    expect(columns.map((column) => [column.key, column.bottom, column.top])).toEqual([
      ['human', 0, 8],
      ['avoidableBias', 8, 12],
      ['train', 0, 12],
      ['variance', 12, 15],
      ['trainDev', 0, 15],
      ['dataMismatch', 15, 28],
      ['dev', 0, 28],
      ['devOverfitting', 28, 30],
      ['test', 0, 30],
    ]);
    expect(
      columns.filter((column) => column.kind === 'gap' && column.largest).map((column) => column.key),
    ).toEqual(['dataMismatch']);
  });

  it('leaves out what is not measured and bridges train → dev while train-dev is missing', () => {
    const result = decompose({
      humanLevels: [{ label: 'human', errorPercent: 3 }],
      errors: { train: 1, trainDev: null, dev: 10, test: null },
    });
    const columns = waterfallColumns(result);
    expect(columns.map((column) => column.key)).toEqual([
      'human',
      'avoidableBias',
      'train',
      'varianceOrMismatch',
      'dev',
    ]);
    // A negative gap floats from the lower level up to the higher one and ends at its "to" level.
    expect(columns[1]).toMatchObject({ value: -2, bottom: 1, top: 3, end: 1 });
  });
});

describe('niceStep', () => {
  it('gives round axis steps', () => {
    expect(niceStep(10.5)).toBe(2);
    expect(niceStep(31.5)).toBe(5);
    expect(niceStep(16.8)).toBe(2.5);
    expect(niceStep(0.7)).toBe(0.1);
  });
});
