import { describe, expect, it } from 'vitest';
import { validateDecompositionInput, type DecompositionInput } from './decomposition-input';
import { parsePercentText } from './percent-text';
import { formatGap, formatPercent } from './format-percent';

const noErrors = { train: null, trainDev: null, dev: null, test: null };

describe('validateDecompositionInput', () => {
  it('accepts human levels with missing model errors', () => {
    expect(
      validateDecompositionInput({ humanLevels: [{ label: 'expert', errorPercent: 2 }], errors: noErrors }),
    ).toEqual([]);
  });

  it('needs at least one human-level entry', () => {
    expect(validateDecompositionInput({ humanLevels: [], errors: noErrors })).toEqual([
      { path: 'humanLevels', message: expect.stringContaining('Enter at least one human-level error') },
    ]);
  });

  it('names each bad field: empty label, percentages outside 0–100, NaN', () => {
    const bad: DecompositionInput = {
      humanLevels: [
        { label: '  ', errorPercent: 2 },
        { label: 'expert', errorPercent: 120 },
        { label: 'team', errorPercent: Number.NaN },
      ],
      errors: { train: -1, trainDev: null, dev: 101, test: 3 },
    };
    expect(validateDecompositionInput(bad)).toEqual([
      { path: 'humanLevels.0.label', message: 'Human level #1: give it a label (e.g. "expert").' },
      {
        path: 'humanLevels.1.errorPercent',
        message: 'Human level "expert": the error must be a percentage from 0 to 100 (got 120).',
      },
      {
        path: 'humanLevels.2.errorPercent',
        message: 'Human level "team": the error must be a percentage from 0 to 100 (got NaN).',
      },
      { path: 'errors.train', message: 'Train error must be a percentage from 0 to 100 (got -1).' },
      { path: 'errors.dev', message: 'Dev error must be a percentage from 0 to 100 (got 101).' },
    ]);
  });

  it('refuses overlong labels and too many entries', () => {
    const many = Array.from({ length: 21 }, (_, index) => ({ label: `h${index}`, errorPercent: 1 }));
    expect(validateDecompositionInput({ humanLevels: many, errors: noErrors })[0]?.message).toContain(
      'At most 20',
    );
    expect(
      validateDecompositionInput({
        humanLevels: [{ label: 'x'.repeat(81), errorPercent: 1 }],
        errors: noErrors,
      })[0]?.message,
    ).toContain('longer than 80');
  });
});

describe('parsePercentText', () => {
  it('reads numbers as people type them, and empty as "not measured"', () => {
    expect(parsePercentText('8', 'Train error')).toEqual({ ok: true, value: 8 });
    expect(parsePercentText(' 0.7 % ', 'x')).toEqual({ ok: true, value: 0.7 });
    expect(parsePercentText('2,5', 'x')).toEqual({ ok: true, value: 2.5 });
    expect(parsePercentText('.5', 'x')).toEqual({ ok: true, value: 0.5 });
    expect(parsePercentText('', 'x')).toEqual({ ok: true, value: null });
  });

  it('refuses what is not a percentage, saying which field', () => {
    expect(parsePercentText('abc', 'Train error')).toEqual({
      ok: false,
      message: 'Train error: "abc" is not a number.',
    });
    expect(parsePercentText('1e3', 'Dev error').ok).toBe(false);
    expect(parsePercentText('150', 'Dev error')).toEqual({
      ok: false,
      message: 'Dev error must be a percentage from 0 to 100 (got 150).',
    });
    expect(parsePercentText('-2', 'Dev error').ok).toBe(false);
  });
});

describe('formatting', () => {
  it('keeps one or two decimals and signs gaps', () => {
    expect(formatPercent(8)).toBe('8.0%');
    expect(formatPercent(0.7)).toBe('0.7%');
    expect(formatPercent(0.25)).toBe('0.25%');
    expect(formatGap(7)).toBe('+7.0');
    expect(formatGap(-0.2)).toBe('−0.2');
    expect(formatGap(0)).toBe('0.0');
  });
});
