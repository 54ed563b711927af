import { plannedTrialCount } from '../../../shared/tuning/study-plan';
import {
  TRIAL_STATUSES,
  type Study,
  type StudySummary,
  type Trial,
} from '../../../shared/tuning/study-schemas';

/**
 * The best trial: the completed trial with the highest dev accuracy (ties: the earlier). Pruned and
 * stopped trials do not count, since their value is from fewer epochs.
 */
export function bestTrial(trials: readonly Trial[]): Trial | null {
  let best: Trial | null = null;
  for (const trial of trials)
    if (trial.status === 'completed' && trial.value !== null && (best === null || trial.value > best.value!))
      best = trial;
  return best;
}

export function summarizeStudy(study: Study, trials: readonly Trial[]): StudySummary {
  const counts = Object.fromEntries(TRIAL_STATUSES.map((status) => [status, 0])) as StudySummary['counts'];
  for (const trial of trials) counts[trial.status]++;
  const best = bestTrial(trials);
  return {
    id: study.id,
    name: study.settings.name,
    strategy: study.settings.strategy,
    mode: study.settings.mode,
    status: study.status,
    createdAt: study.createdAt,
    updatedAt: study.updatedAt,
    workers: study.workers,
    plannedTrials: Math.max(plannedTrialCount(study.settings), trials.length),
    counts,
    bestTrialId: best?.id ?? null,
    bestValue: best?.value ?? null,
  };
}
