import { describe, expect, it } from 'vitest';
import { buildParzenEstimator, parzenLogPdf } from './parzen-estimator';
import type { SearchSpace } from './search-space';

describe("Parzen estimator against Optuna's", () => {
  it('gives the log density Optuna gives on a mixed space (float, log float, log int, int, choice)', () => {
    // Reference: optuna/samplers/_tpe/parzen_estimator.py (`_ParzenEstimator`, TPESampler's defaults:
    // prior_weight 1, magic clip, no endpoints, default_weights, multivariate), Optuna's source at commit
    // 1d8ce7bb (2026-08-21) run with numpy 2.4 on these observations and points.
    const space: SearchSpace = {
      parameters: [
        { name: 'x', scale: 'uniform', low: -5, high: 10 },
        { name: 'lr', scale: 'log_uniform', low: 1e-5, high: 1 },
        { name: 'units', scale: 'int', low: 16, high: 512, log: true },
        { name: 'layers', scale: 'int', low: 1, high: 6 },
        { name: 'opt', scale: 'choice', choices: ['sgd', 'adam', 'rms'] },
      ],
    };
    const estimator = buildParzenEstimator(space, [
      { x: 0.5, lr: 1e-3, units: 64, layers: 2, opt: 'adam' },
      { x: -2, lr: 3e-2, units: 256, layers: 3, opt: 'adam' },
      { x: 7.5, lr: 2e-4, units: 32, layers: 5, opt: 'sgd' },
      { x: 3, lr: 1e-1, units: 500, layers: 1, opt: 'rms' },
    ]);
    const points = [
      [0, 5e-3, 100, 3, 1],
      [9.9, 0.9, 16, 6, 2],
      [-4, 1e-5, 512, 1, 0],
    ];
    const optuna = [-12.277213287221365, -13.96222846558919, -17.225384163003124];
    points.forEach((point, i) => expect(parzenLogPdf(estimator, point)).toBeCloseTo(optuna[i]!, 5));
  });
});
