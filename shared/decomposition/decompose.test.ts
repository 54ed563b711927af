import { describe, expect, it } from 'vitest';
import { bayesProxy, decompose, type Decomposition } from './decompose';
import type { DecompositionInput } from './decomposition-input';
import { SEED_SCENARIOS } from './seed-scenarios';

function scenario(id: string): DecompositionInput {
  const found = SEED_SCENARIOS.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found.input;
}

function points(result: Decomposition): Record<string, number | null> {
  return Object.fromEntries(result.gaps.map((gap) => [gap.key, gap.points]));
}

function input(
  human: number[],
  train: number | null,
  trainDev: number | null,
  dev: number | null,
  test: number | null,
): DecompositionInput {
  return {
    humanLevels: human.map((errorPercent, index) => ({ label: `human ${index + 1}`, errorPercent })),
    errors: { train, trainDev, dev, test },
  };
}

describe('decompose: the seed scenarios', () => {
  it('Scenario A (human 1, train 8, dev 10): avoidable bias 7 dominates and names the bias knob', () => {
    const result = decompose(scenario('scenario-a'));
    expect(points(result)).toEqual({ avoidableBias: 7, variance: 2, dataMismatch: 0, devOverfitting: null });
    expect(result.largest).toBe('avoidableBias');
    expect(result.diagnosis).toContain('The largest gap is avoidable bias: 7.0 points (train − human)');
    expect(result.diagnosis).toMatch(/bigger model.*train longer.*optimizer/);
  });

  it('Scenario B (human 1, train 2, dev 10): variance 8 dominates and names regularization / more data', () => {
    const result = decompose(scenario('scenario-b'));
    expect(points(result)).toEqual({ avoidableBias: 1, variance: 8, dataMismatch: 0, devOverfitting: null });
    expect(result.largest).toBe('variance');
    expect(result.diagnosis).toContain('The largest gap is variance: 8.0 points (train-dev − train)');
    expect(result.diagnosis).toMatch(/more training data.*regularization/);
  });

  it('the Ola table 8/12/15/28/30: bias 4, variance 3, mismatch 13, dev overfitting 2; mismatch named', () => {
    const result = decompose(scenario('ola'));
    expect(points(result)).toEqual({ avoidableBias: 4, variance: 3, dataMismatch: 13, devOverfitting: 2 });
    expect(result.largest).toBe('dataMismatch');
    expect(result.diagnosis).toContain('The largest gap is data mismatch: 13.0 points (dev − train-dev)');
    expect(result.diagnosis).toMatch(/more data like the target.*synthesize.*re-weight/);
    expect(result.gaps.every((gap) => gap.note === null && gap.unavailable === null)).toBe(true);
  });

  it('each formula on its own: dev overfitting = test − dev names a bigger dev set', () => {
    const result = decompose(input([1], 2, 2.5, 3, 9));
    expect(points(result)).toEqual({ avoidableBias: 1, variance: 0.5, dataMismatch: 0.5, devOverfitting: 6 });
    expect(result.largest).toBe('devOverfitting');
    expect(result.diagnosis).toContain('bigger dev set');
  });

  it('gives the levels from the Bayes proxy to test, in pipeline order', () => {
    expect(decompose(scenario('ola')).levels.map((level) => [level.key, level.percent])).toEqual([
      ['human', 8],
      ['train', 12],
      ['trainDev', 15],
      ['dev', 28],
      ['test', 30],
    ]);
  });
});

describe('decompose: the Bayes proxy', () => {
  it('is the lowest human-level error (team of experts 0.7 over expert 2 and student 5)', () => {
    const result = decompose(scenario('several-humans'));
    expect(result.bayesProxy).toEqual({ label: 'team of experts', errorPercent: 0.7, index: 2 });
    expect(result.levels[0]?.percent).toBe(0.7);
  });

  it('keeps the first of equal entries and is null without entries', () => {
    expect(
      bayesProxy([
        { label: 'a', errorPercent: 2 },
        { label: 'b', errorPercent: 2 },
      ])?.label,
    ).toBe('a');
    expect(bayesProxy([])).toBeNull();
  });

  it('differences carry no binary noise (2 − 0.7 = 1.3)', () => {
    expect(decompose(input([0.7], 2, null, null, null)).gaps[0]?.points).toBe(1.3);
  });
});

describe('decompose: model beats human, negative gaps, missing values', () => {
  it('train below the best human: bias shown negative, with the "cannot be estimated" note, and never largest', () => {
    const result = decompose(scenario('several-humans')); // team 0.7, train 0.5
    const bias = result.gaps[0]!;
    expect(result.modelBeatsHuman).toBe(true);
    expect(bias.points).toBe(-0.2);
    expect(bias.note).toContain('avoidable bias can no longer be estimated from human level');
    expect(result.largest).toBe('variance');
    expect(result.diagnosis).toContain('avoidable bias is no longer estimated from it');
  });

  it('model beats human with nothing else known: says so instead of a knob', () => {
    const result = decompose(input([2], 1, null, null, null));
    expect(result.largest).toBeNull();
    expect(result.diagnosis).toContain('avoidable bias can no longer be estimated from human level');
  });

  it('negative gaps stay negative, each with its own note', () => {
    const result = decompose(input([1], 5, 4, 3, 2));
    expect(points(result)).toEqual({ avoidableBias: 4, variance: -1, dataMismatch: -1, devOverfitting: -1 });
    expect(result.gaps[1]?.note).toContain('Train-dev error is below train error');
    expect(result.gaps[2]?.note).toContain('Dev error is below train-dev error');
    expect(result.gaps[3]?.note).toContain('Test error is below dev error');
    expect(result.largest).toBe('avoidableBias');
  });

  it('no positive gap at all: says there is nothing to close', () => {
    const result = decompose(input([5], 5, 5, 4, 4));
    expect(result.largest).toBeNull();
    expect(result.diagnosis).toContain('No gap is positive');
  });

  it('no train-dev yet: variance and mismatch are not available, and dev − train is reported as both', () => {
    const result = decompose(input([1], 2, null, 10, null));
    const byKey = Object.fromEntries(result.gaps.map((gap) => [gap.key, gap]));
    expect(byKey.variance).toMatchObject({ points: null, unavailable: 'needs the train-dev error' });
    expect(byKey.dataMismatch).toMatchObject({ points: null, unavailable: 'needs the train-dev error' });
    expect(byKey.devOverfitting).toMatchObject({ points: null, unavailable: 'needs the test error' });
    expect(byKey.varianceOrMismatch).toMatchObject({ points: 8, formula: 'dev − train' });
    expect(result.largest).toBe('varianceOrMismatch');
    expect(result.diagnosis).toContain('measure a train-dev error');
  });

  it('names every missing level in the reason, and asks for more when nothing is known', () => {
    const result = decompose({
      humanLevels: [],
      errors: { train: null, trainDev: null, dev: null, test: null },
    });
    expect(result.gaps[0]?.unavailable).toBe('needs a human-level error and the train error');
    expect(result.gaps.map((gap) => gap.points)).toEqual([null, null, null, null]);
    expect(result.bayesProxy).toBeNull();
    expect(result.diagnosis).toContain('Not enough to diagnose yet');
  });

  it('ties go to the earlier gap in the pipeline (fix bias before variance)', () => {
    expect(decompose(input([1], 5, 9, 9, null)).largest).toBe('avoidableBias');
  });
});
