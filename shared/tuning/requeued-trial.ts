import type { Trial } from './study-schemas';

/** A trial that was running, queued again: its partial curve and values dropped, one more restart counted. */
export function requeuedTrial(trial: Trial): Trial {
  return {
    ...trial,
    status: 'queued',
    curves: [],
    value: null,
    bestValue: null,
    startedAt: null,
    restarts: trial.restarts + 1,
  };
}
