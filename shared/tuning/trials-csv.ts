import { toCsv } from '../csv/to-csv';
import type { Study, Trial } from './study-schemas';

/**
 * A study's trials as CSV rows (tuning.export, `ceiling tune --csv`): trial number, round, status, one
 * column per parameter (named `param_<name>`, so a parameter cannot collide with a fixed column), the
 * final and best dev accuracy, epochs run, where it was pruned, times, error and the model run made
 * from it.
 */
export function trialsCsv(study: Study, trials: readonly Trial[]): { text: string; rows: number } {
  const parameterColumns = study.settings.space.parameters.map((parameter) => `param_${parameter.name}`);
  const columns = [
    'trial',
    'round',
    'status',
    ...parameterColumns,
    'dev_accuracy',
    'best_dev_accuracy',
    'epochs_planned',
    'epochs_run',
    'pruned_at_epoch',
    'started_at',
    'ended_at',
    'seconds',
    'restarts',
    'error',
    'run_id',
  ];
  const rows = trials.map((trial) => {
    const row: Record<string, string | number | boolean | null> = {
      trial: trial.number,
      round: trial.round,
      status: trial.status,
      dev_accuracy: trial.value,
      best_dev_accuracy: trial.bestValue,
      epochs_planned: trial.epochs,
      epochs_run: trial.curves.length,
      pruned_at_epoch: trial.prunedAtEpoch,
      started_at: trial.startedAt,
      ended_at: trial.endedAt,
      seconds: trial.seconds === null ? null : Math.round(trial.seconds * 1000) / 1000,
      restarts: trial.restarts,
      error: trial.error,
      run_id: trial.runId,
    };
    for (const parameter of study.settings.space.parameters)
      row[`param_${parameter.name}`] = trial.params[parameter.name] ?? null;
    return row;
  });
  return { text: toCsv(columns, rows), rows: rows.length };
}
