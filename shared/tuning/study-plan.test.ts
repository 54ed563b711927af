import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../training/run-schemas';
import type { toScaleCoordinate } from './parameter-scale';
import type { SearchSpace } from './search-space';
import { gridSize, initialTrials, nextTrials, plannedTrialCount } from './study-plan';
import { StudySettingsSchema, type StudySettingsInput, type Trial } from './study-schemas';
import { shouldPruneTrial } from './trial-pruning';

const SPACE: SearchSpace = {
  parameters: [
    { name: 'learning_rate', scale: 'log_uniform', low: 1e-4, high: 1 },
    { name: 'momentum', scale: 'log_complement', low: 0.9, high: 0.999 },
  ],
};
const settings = (input: Partial<StudySettingsInput>) =>
  StudySettingsSchema.parse({ name: 's', space: SPACE, ...input });

function point(epoch: number, devAccuracy: number): EpochMetrics {
  return { epoch, learningRate: 0.01, trainLoss: 1, trainAccuracy: 0.5, devLoss: 1, devAccuracy, seconds: 1 };
}
function trial(
  number: number,
  status: Trial['status'],
  round: number,
  params: Trial['params'],
  values: number[],
): Trial {
  return {
    id: `20261204-000000-abcdef-t${number}`,
    studyId: '20261204-000000-abcdef',
    number,
    round,
    params,
    epochs: values.length || 1,
    status,
    curves: values.map((value, i) => point(i + 1, value)),
    value: values.at(-1) ?? null,
    bestValue: values.length ? Math.max(...values) : null,
    prunedAtEpoch: null,
    startedAt: null,
    endedAt: null,
    seconds: null,
    error: null,
    restarts: 0,
    runId: null,
  };
}

describe('study plans', () => {
  it('random: every trial queued at creation, seeded; grid: ⌊N^(1/k)⌋ per axis, at most N', () => {
    const random = initialTrials(settings({ trials: 7, seed: 4 }));
    expect(random).toHaveLength(7);
    expect(initialTrials(settings({ trials: 7, seed: 4 }))).toEqual(random);
    const grid = initialTrials(settings({ strategy: 'grid', trials: 10 }));
    expect(grid).toHaveLength(9); // 3 × 3
    expect(new Set(grid.map((t) => t.params.learning_rate)).size).toBe(3);
    expect(plannedTrialCount(settings({ strategy: 'grid', trials: 10 }))).toBe(9);
    expect(gridSize(settings({ strategy: 'grid', trials: 10, gridValuesPerAxis: 100 }))).toBe(10_000);
  });

  it("coarse-to-fine: round 2 spans the top-k of round 1 in each parameter's own scale with more epochs, round 3 the finalists", () => {
    const study = settings({
      strategy: 'coarse-to-fine',
      epochsPerTrial: 2,
      coarseToFine: { roundTrials: [6, 4], topK: 2, round2EpochFactor: 3, finalEpochs: 9 },
    });
    expect(plannedTrialCount(study)).toBe(12);
    const round1 = initialTrials(study).map((planned, i) =>
      trial(i, 'completed', 1, planned.params, [i / 10]),
    );
    expect(round1).toHaveLength(6);
    expect(
      nextTrials(study, [...round1.slice(0, 5), { ...round1[5]!, status: 'running' }], 1).planned,
    ).toEqual([]);
    const { planned, space } = nextTrials(study, round1, 1);
    expect(planned).toHaveLength(4);
    expect(planned.every((p) => p.round === 2 && p.epochs === 6)).toBe(true);
    const top = [round1[5]!, round1[4]!];
    const lr = space!.parameters[0]! as { low: number; high: number };
    const span = top.map((t) => Math.log10(t.params.learning_rate as number));
    // the span of the top 2 (widened to 10 % of the old range, 0.4 decades, when narrower)
    expect(Math.log10(lr.low)).toBeLessThanOrEqual(Math.min(...span) + 1e-9);
    expect(Math.log10(lr.high)).toBeGreaterThanOrEqual(Math.max(...span) - 1e-9);
    expect(Math.log10(lr.high) - Math.log10(lr.low)).toBeCloseTo(
      Math.max(0.4, Math.max(...span) - Math.min(...span)),
      9,
    );
    const momentum = space!.parameters[1]! as Parameters<typeof toScaleCoordinate>[0];
    for (const p of planned) {
      expect(p.params.learning_rate).toBeGreaterThanOrEqual(lr.low);
      expect(p.params.learning_rate).toBeLessThanOrEqual(lr.high);
      expect(p.params.momentum).toBeGreaterThanOrEqual(momentum.low);
    }
    const round2 = planned.map((p, i) => trial(6 + i, 'completed', 2, p.params, [0.5 + i / 10]));
    const finals = nextTrials(study, [...round1, ...round2], 2).planned;
    expect(finals.map((f) => [f.round, f.epochs, f.params])).toEqual([
      [3, 9, round2[3]!.params],
      [3, 9, round2[2]!.params],
    ]);
    expect(
      nextTrials(
        study,
        [...round1, ...round2, ...finals.map((f, i) => trial(10 + i, 'completed', 3, f.params, [0.9]))],
        2,
      ).planned,
    ).toEqual([]);
  });

  it('TPE: one suggestion per free worker up to the budget, the same for the same history', () => {
    const study = settings({ strategy: 'tpe', trials: 3, tpeStartupTrials: 2 });
    expect(initialTrials(study)).toEqual([]);
    const history = [trial(0, 'completed', 1, { learning_rate: 0.01, momentum: 0.95 }, [0.8])];
    const a = nextTrials(study, history, 4).planned;
    expect(a).toHaveLength(2);
    expect(nextTrials(study, history, 4).planned).toEqual(a);
  });

  it('median pruning compares the best so far with the median of completed trials at that epoch', () => {
    const pruner = { kind: 'median', startupTrials: 2, warmupEpochs: 2, intervalEpochs: 1 } as const;
    const done = [
      trial(0, 'completed', 1, {}, [0.5, 0.6, 0.7]),
      trial(1, 'completed', 1, {}, [0.3, 0.4, 0.5]),
    ];
    const bad = trial(2, 'running', 1, {}, [0.2, 0.45]);
    expect(shouldPruneTrial(pruner, bad, 1, done)).toBe(false); // warm-up: epoch 1 < 2
    expect(shouldPruneTrial(pruner, bad, 2, done)).toBe(true); // 0.45 < median(0.6, 0.4) = 0.5
    expect(shouldPruneTrial(pruner, trial(3, 'running', 1, {}, [0.2, 0.55]), 2, done)).toBe(false);
    expect(shouldPruneTrial(pruner, bad, 2, done.slice(0, 1))).toBe(false); // start-up trials
  });
});
