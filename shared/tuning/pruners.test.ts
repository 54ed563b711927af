import { describe, expect, it } from 'vitest';
import { percentile, shouldPruneByMedian } from './median-pruner';
import { estimateMinResource, successiveHalving } from './successive-halving';

const curve = (...values: number[]) => new Map(values.map((value, step) => [step, value]));

/** Five completed trials' dev losses per epoch; the median at epoch 1 is 0.85. */
const COMPLETED = [
  curve(1.0, 0.8, 0.6),
  curve(1.1, 0.9, 0.7),
  curve(0.9, 0.7, 0.5),
  curve(1.2, 1.0, 0.9),
  curve(1.0, 0.85, 0.65),
];

describe('median pruner', () => {
  it('computes numpy’s linear-interpolated median', () => {
    expect(percentile([0.7, 0.8, 0.85, 0.9, 1.0], 50)).toBe(0.85);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([NaN], 50)).toBeNaN();
  });

  it('prunes a trial whose best so far is worse than the median at the same step', () => {
    expect(shouldPruneByMedian(curve(1.3, 0.95), COMPLETED, { direction: 'minimize' })).toBe(true);
    // Best so far (0.8 at epoch 0) beats the median at epoch 1: kept.
    expect(shouldPruneByMedian(curve(0.8, 0.95), COMPLETED, { direction: 'minimize' })).toBe(false);
    expect(shouldPruneByMedian(curve(1.3, 0.85), COMPLETED, { direction: 'minimize' })).toBe(false);
  });

  it('waits for the start-up trials and the warm-up steps', () => {
    expect(shouldPruneByMedian(curve(1.3, 0.95), COMPLETED.slice(0, 4), { direction: 'minimize' })).toBe(
      false,
    );
    expect(shouldPruneByMedian(curve(1.3, 0.95), COMPLETED, { direction: 'minimize', warmupSteps: 2 })).toBe(
      false,
    );
    expect(shouldPruneByMedian(new Map(), COMPLETED, { direction: 'minimize' })).toBe(false);
  });

  it('checks once per interval, and compares accuracies the other way', () => {
    const options = { direction: 'minimize' as const, intervalSteps: 2 };
    expect(shouldPruneByMedian(curve(1.3, 0.95), COMPLETED, options)).toBe(false);
    expect(shouldPruneByMedian(curve(1.3, 0.95, 0.9), COMPLETED, options)).toBe(true);
    const accuracies = [
      curve(0.5, 0.7),
      curve(0.6, 0.8),
      curve(0.55, 0.75),
      curve(0.4, 0.6),
      curve(0.5, 0.72),
    ];
    expect(shouldPruneByMedian(curve(0.3, 0.65), accuracies, { direction: 'maximize' })).toBe(true);
    expect(shouldPruneByMedian(curve(0.3, 0.73), accuracies, { direction: 'maximize' })).toBe(false);
  });

  it('prunes a trial that reported only NaN, and not for lack of values at its step', () => {
    expect(shouldPruneByMedian(curve(NaN, NaN), COMPLETED, { direction: 'minimize' })).toBe(true);
    expect(shouldPruneByMedian(curve(2, 2, 2, 2), COMPLETED, { direction: 'minimize' })).toBe(false);
  });
});

describe('successive halving', () => {
  const options = { direction: 'minimize' as const, minResource: 1 };
  const others = [[0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0]];

  it('keeps the best 1/η of a rung: 8 values, η = 4 → the best 2 go on', () => {
    expect(successiveHalving(1, 0.5, 0, others, options)).toEqual({
      prune: true,
      completedRungs: [{ rung: 0, value: 0.5 }],
    });
    expect(successiveHalving(1, 0.35, 0, others, options)).toEqual({
      prune: false,
      completedRungs: [{ rung: 0, value: 0.35 }],
    });
  });

  it('waits for the rung’s step (r·η^(s + rung)), passes a lone first trial, and climbs several rungs at once', () => {
    expect(successiveHalving(3, 9, 1, others, options)).toEqual({ prune: false, completedRungs: [] });
    expect(successiveHalving(1, 9, 0, [], options).prune).toBe(false);
    expect(successiveHalving(4, 0.2, 0, [others[0]!, [0.5]], options)).toEqual({
      prune: false,
      completedRungs: [
        { rung: 0, value: 0.2 },
        { rung: 1, value: 0.2 },
      ],
    });
    expect(successiveHalving(1, NaN, 0, others, options).prune).toBe(true);
  });

  it('compares accuracies the other way and estimates r as Optuna does', () => {
    const accuracies = [[0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0]];
    expect(successiveHalving(1, 0.95, 0, accuracies, { ...options, direction: 'maximize' }).prune).toBe(
      false,
    );
    expect(successiveHalving(1, 0.85, 0, accuracies, { ...options, direction: 'maximize' }).prune).toBe(true);
    expect(estimateMinResource([])).toBeNull();
    expect(estimateMinResource([30, 50])).toBe(1);
    expect(estimateMinResource([250])).toBe(2);
  });
});
