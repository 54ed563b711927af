import { describe, expect, it } from 'vitest';
import type { Parameter } from './search-space';
import {
  bestSoFar,
  chanceText,
  formatValue,
  logTicks,
  niceTicks,
  parameterAxis,
  parseChoicesText,
  parseNumberText,
  sortRows,
  valueAxis,
} from './tune-view';

const rate: Parameter = { name: 'learning_rate', scale: 'log_uniform', low: 1e-4, high: 1 };
const beta: Parameter = { name: 'momentum', scale: 'log_complement', low: 0.9, high: 0.999 };
const units: Parameter = { name: 'hidden_units', scale: 'int', low: 50, high: 100 };
const logUnits: Parameter = { name: 'hidden_units', scale: 'int', low: 32, high: 1024, log: true };
const batch: Parameter = { name: 'batch_size', scale: 'choice', choices: [64, 128, 256, 512] };

describe('parameterAxis', () => {
  it('puts a log-uniform parameter on log10: 1e-2 sits half-way between 1e-4 and 1', () => {
    const axis = parameterAxis(rate);
    expect(axis.kind).toBe('log');
    expect(axis.position(1e-2)).toBeCloseTo(0.5, 12);
    expect(axis.position(1e-4)).toBeCloseTo(0, 12);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['1e-4', '0.001', '0.01', '0.1', '1']);
    expect(axis.ticks.map((tick) => tick.position)).toEqual(
      [0, 0.25, 0.5, 0.75, 1].map((p) => expect.closeTo(p, 9)),
    );
  });

  it('draws β on log10(1 − β), growing to the right: 0.99 sits half-way between 0.9 and 0.999', () => {
    const axis = parameterAxis(beta);
    expect(axis.kind).toBe('log_complement');
    expect(axis.position(0.9)).toBeCloseTo(0, 12);
    expect(axis.position(0.99)).toBeCloseTo(0.5, 12);
    expect(axis.position(0.999)).toBeCloseTo(1, 12);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['0.9', '0.99', '0.999']);
  });

  it('gives a linear int axis whole-number ticks and a log int axis 1-2-5 or decade ticks', () => {
    const axis = parameterAxis(units);
    expect(axis.kind).toBe('linear');
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['50', '60', '70', '80', '90', '100']);
    expect(axis.position(75)).toBeCloseTo(0.5, 12);
    const log = parameterAxis(logUnits);
    expect(log.kind).toBe('log');
    expect(log.ticks.map((tick) => tick.label)).toEqual(['50', '100', '200', '500', '1000']);
    expect(log.position(Math.sqrt(32 * 1024))).toBeCloseTo(0.5, 12);
  });

  it('spreads choices evenly and refuses a value outside them', () => {
    const axis = parameterAxis(batch);
    expect(axis.kind).toBe('category');
    expect(axis.position(64)).toBeCloseTo(0.125, 12);
    expect(axis.position(512)).toBeCloseTo(0.875, 12);
    expect(axis.position(100)).toBeNull();
  });

  it('has no ticks for a bad range instead of throwing', () => {
    const axis = parameterAxis({ name: 'lr', scale: 'log_uniform', low: 0, high: 1 });
    expect(axis.ticks).toEqual([]);
    expect(axis.position(0.5)).toBeNull();
  });
});

describe('ticks', () => {
  it('niceTicks steps by 1, 2, 2.5 or 5 × 10^k', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.612, 0.847, 5)).toEqual([0.65, 0.7, 0.75, 0.8]);
    expect(niceTicks(2, 4, 5, true)).toEqual([2, 3, 4]);
  });

  it('logTicks falls back to 1-2-5 steps within two decades', () => {
    expect(logTicks(1e-10, 1e-6)).toEqual([1e-10, 1e-9, 1e-8, 1e-7, 1e-6]);
    expect(logTicks(0.01, 1)).toEqual([0.01, 0.1, 1]);
    expect(logTicks(0.05, 0.8)).toEqual([0.05, 0.1, 0.2, 0.5]);
    expect(
      parameterAxis({ name: 'b1', scale: 'log_complement', low: 0.8, high: 0.99 }).ticks.map((t) => t.label),
    ).toEqual(['0.8', '0.9', '0.95', '0.98', '0.99']);
    expect(logTicks(1e-12, 1)).toHaveLength(7);
  });

  it('valueAxis rounds its bounds outward to a tick', () => {
    const axis = valueAxis([0.612, 0.847]);
    expect(axis.low).toBeCloseTo(0.6, 12);
    expect(axis.high).toBeCloseTo(0.85, 12);
    expect(axis.ticks[0]).toBeCloseTo(0.6, 12);
    expect(axis.ticks.at(-1)).toBeCloseTo(0.85, 12);
    const flat = valueAxis([0.5, 0.5]);
    expect(flat.low).toBeLessThan(0.5);
    expect(flat.high).toBeGreaterThan(0.5);
  });
});

describe('formatValue', () => {
  it('writes tiny rates in e-notation, β with the digits of 1 − β, whole numbers as they are', () => {
    expect(formatValue(0.000123456)).toBe('1.23e-4');
    expect(formatValue(0.0123456)).toBe('0.0123');
    expect(formatValue(128)).toBe('128');
    expect(formatValue(0.99934, beta)).toBe('0.99934');
    expect(formatValue(0.9, beta)).toBe('0.9');
    expect(formatValue('adam')).toBe('adam');
    expect(formatValue(null)).toBe('—');
  });
});

describe('bestSoFar', () => {
  it('carries the best value forward, skipping trials without one', () => {
    expect(bestSoFar([null, 0.5, 0.4, null, 0.7], 'maximize')).toEqual([null, 0.5, 0.5, 0.5, 0.7]);
    expect(bestSoFar([0.9, 0.4, 0.6], 'minimize')).toEqual([0.9, 0.4, 0.4]);
  });
});

describe('text parsing', () => {
  it('reads choices as numbers, booleans or strings', () => {
    expect(parseChoicesText('64, 128 ,256,')).toEqual([64, 128, 256]);
    expect(parseChoicesText('adam, sgd, true')).toEqual(['adam', 'sgd', true]);
    expect(parseChoicesText('  ')).toEqual([]);
  });

  it('reads e-notation and refuses empty text', () => {
    expect(parseNumberText('1e-4')).toBe(1e-4);
    expect(parseNumberText('')).toBeNaN();
    expect(parseNumberText('abc')).toBeNaN();
  });
});

describe('sortRows', () => {
  it('sorts numbers and text, keeps missing values last in both directions', () => {
    const rows = [{ v: 0.5 }, { v: null }, { v: 0.9 }, { v: 0.1 }];
    expect(sortRows(rows, (row) => row.v, false).map((row) => row.v)).toEqual([0.1, 0.5, 0.9, null]);
    expect(sortRows(rows, (row) => row.v, true).map((row) => row.v)).toEqual([0.9, 0.5, 0.1, null]);
    const names = [{ s: 't10' }, { s: 't2' }];
    expect(sortRows(names, (row) => row.s, false).map((row) => row.s)).toEqual(['t2', 't10']);
  });
});

describe('chanceText', () => {
  it('rounds to whole percents but never shows a near-certainty as 100%', () => {
    expect(chanceText(0.40951)).toBe('41%');
    expect(chanceText(0.928)).toBe('93%');
    expect(chanceText(0.9999)).toBe('>99.9%');
    expect(chanceText(1)).toBe('100%');
  });
});
