import { describe, expect, it } from 'vitest';
import { pedAnovaImportance, topQuantileTrials } from './parameter-importance';
import { randomSearch } from './random-search';
import type { SearchSpace } from './search-space';

const SPACE: SearchSpace = {
  parameters: [
    { name: 'learning_rate', scale: 'log_uniform', low: 1e-4, high: 1 },
    { name: 'momentum', scale: 'log_complement', low: 0.9, high: 0.999 },
    { name: 'hidden_units', scale: 'int', low: 32, high: 512, log: true },
    { name: 'batch_size', scale: 'choice', choices: [64, 128, 256, 512] },
  ],
};

describe('PED-ANOVA importance', () => {
  it('gives almost all the importance to the one parameter the objective depends on', () => {
    // accuracy peaks at lr = 1e-2 (in log10) and ignores everything else
    const trials = randomSearch(SPACE, 7, 200).map((params) => ({
      params,
      value: 1 - (Math.log10(params.learning_rate as number) + 2) ** 2 / 16,
    }));
    const importances = pedAnovaImportance(SPACE, trials, { direction: 'maximize' });
    expect(importances[0]!.name).toBe('learning_rate');
    expect(importances[0]!.importance).toBeGreaterThan(0.8);
    expect(importances.reduce((sum, entry) => sum + entry.importance, 0)).toBeCloseTo(1, 9);
    for (const entry of importances.slice(1)) expect(entry.importance).toBeLessThan(0.1);
  });

  it('finds a categorical parameter that matters (minimising)', () => {
    const trials = randomSearch(SPACE, 3, 150).map((params) => ({
      params,
      value: params.batch_size === 64 ? 0.1 : 0.5 + (params.momentum as number) / 100,
    }));
    const importances = pedAnovaImportance(SPACE, trials, { direction: 'minimize' });
    expect(importances[0]!.name).toBe('batch_size');
    expect(importances[0]!.importance).toBeGreaterThan(0.6);
  });

  it('with 2 trials or fewer every parameter gets an equal share; a single-value parameter gets 0', () => {
    const space: SearchSpace = {
      parameters: [...SPACE.parameters, { name: 'layers', scale: 'choice', choices: [2] }],
    };
    const trials = randomSearch(space, 1, 2).map((params) => ({ params, value: 0.5 }));
    const importances = pedAnovaImportance(space, trials, { direction: 'maximize' });
    expect(importances.map((entry) => entry.importance)).toEqual([0.25, 0.25, 0.25, 0.25, 0]);
  });

  it("equals Optuna 5.0.0's PedAnovaImportanceEvaluator on a mixed space (reference values from Optuna itself)", () => {
    // The same 60 trials were given to Optuna 5.0.0 (study.add_trial with FloatDistribution(log) for the
    // learning rate, FloatDistribution(0.001, 0.1, log) for 1 − momentum, IntDistribution(log) for the
    // hidden units, IntDistribution for the layers, FloatDistribution for dropout, Categorical for the
    // batch size; maximize); these are its evaluate() values.
    const space: SearchSpace = {
      parameters: [
        ...SPACE.parameters.slice(0, 3),
        { name: 'layers', scale: 'int', low: 1, high: 4 },
        { name: 'dropout', scale: 'uniform', low: 0, high: 0.5 },
        SPACE.parameters[3]!,
      ],
    };
    const trials = randomSearch(space, 1, 60).map((params) => ({
      params,
      value:
        -((Math.log10(params.learning_rate as number) + 2) ** 2) -
        0.3 * (params.dropout as number) +
        (params.batch_size === 128 ? 0.5 : 0) +
        0.05 * (params.layers as number),
    }));
    const optuna: Record<string, number> = {
      learning_rate: 0.006661280842,
      batch_size: 0.002760974992,
      hidden_units: 0.002602881247,
      momentum: 0.0006896716178,
      dropout: 0.0005054495153,
      layers: 1.706924013e-5,
    };
    const ours = pedAnovaImportance(space, trials, { direction: 'maximize' });
    expect(ours.map((entry) => entry.name)).toEqual(Object.keys(optuna));
    for (const entry of ours) {
      // erfc (Numerical Recipes' erfcc, 1.2e-7) is the only difference from scipy's
      expect(Math.abs(entry.raw - optuna[entry.name]!) / optuna[entry.name]!).toBeLessThan(1e-5);
    }
  });

  it("keeps Optuna's top quantile: at least 2 trials, ties kept", () => {
    const trials = [5, 1, 3, 1, 9, 7, 2, 8, 6, 4].map((value) => ({ params: {}, value }));
    expect(topQuantileTrials(trials, 0.1, 2, 'minimize').map((t) => t.value)).toEqual([1, 1]);
    expect(topQuantileTrials(trials, 0.3, 2, 'minimize').map((t) => t.value)).toEqual([1, 1, 2]);
    expect(topQuantileTrials(trials, 0.1, 2, 'maximize').map((t) => t.value)).toEqual([9, 8]);
  });
});
