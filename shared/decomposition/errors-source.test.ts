import { describe, expect, it } from 'vitest';
import {
  errorsFromRun,
  errorsSourceNote,
  isErrorsSource,
  runErrorsSource,
  runIdOfSource,
} from './decomposition-input';

describe('the errors source: typed by hand or from a model run', () => {
  const runId = '20261204-221503-a1b2c3';

  it('names a run as run:<id> and reads the id back', () => {
    expect(runErrorsSource(runId)).toBe(`run:${runId}`);
    expect(runIdOfSource(`run:${runId}`)).toBe(runId);
    expect(runIdOfSource('manual')).toBeNull();
    expect(isErrorsSource('manual')).toBe(true);
    expect(isErrorsSource(`run:${runId}`)).toBe(true);
    expect(isErrorsSource('run:')).toBe(false);
    expect(isErrorsSource('run:2026')).toBe(false);
    expect(isErrorsSource(3)).toBe(false);
    expect(errorsSourceNote('manual')).toBe('typed by hand (no model run yet)');
    expect(errorsSourceNote(`run:${runId}`)).toBe(`from model run ${runId}`);
  });

  it("turns a run's per-split error rates into the four errors in percent", () => {
    expect(
      errorsFromRun({
        train: { count: 800, errorRate: 0.021234 },
        'train-dev': { count: 100, errorRate: 0.05 },
        dev: { count: 100, errorRate: 0.0987 },
        test: { count: 0, errorRate: null },
      }),
    ).toEqual({ train: 2.12, trainDev: 5, dev: 9.87, test: null });
  });
});
