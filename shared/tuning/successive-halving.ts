import type { Direction } from './trial-ranking';

export interface SuccessiveHalvingOptions {
  direction: Direction;
  /** r: the steps a trial gets before its first comparison (Optuna "auto": max(1, ⌊last step of a completed trial / 100⌋)). */
  minResource: number;
  /** η: a rung keeps its best 1/η (Optuna: 4). */
  reductionFactor?: number;
  /** s: the first rung is at r·η^s steps (Optuna: 0). */
  minEarlyStoppingRate?: number;
  /** A rung with at most this many values prunes (Optuna: 0, i.e. never for lack of competitors). */
  bootstrapCount?: number;
}

export interface SuccessiveHalvingDecision {
  prune: boolean;
  /** Rungs the trial completed at this report, with its value: to be stored for later competitors. */
  completedRungs: { rung: number; value: number }[];
}

/**
 * Asynchronous successive halving (Jamieson & Talwalkar 2016; Li et al., "A System for Massively
 * Parallel Hyperparameter Tuning" (ASHA), MLSys 2020), as Optuna's `SuccessiveHalvingPruner`
 * (`optuna/pruners/_successive_halving.py`). Rung k is reached at step r·η^(s+k). When a trial reports at
 * or past its next rung's step, its value is recorded in that rung and compared with every value
 * recorded there so far (its own included): it goes on if it is among the best ⌊m/η⌋ of the m values
 * (at least the best one), else it is pruned. A NaN value is pruned. Loops through every rung the step
 * has reached.
 *
 * `rungValues[k]` = the values other trials recorded at rung k; `passedRungs` = rungs this trial already
 * completed. The caller stores `completedRungs`.
 */
export function successiveHalving(
  step: number,
  value: number,
  passedRungs: number,
  rungValues: readonly (readonly number[])[],
  options: SuccessiveHalvingOptions,
): SuccessiveHalvingDecision {
  const eta = options.reductionFactor ?? 4;
  const s = options.minEarlyStoppingRate ?? 0;
  const bootstrap = options.bootstrapCount ?? 0;
  const completedRungs: { rung: number; value: number }[] = [];
  let rung = passedRungs;
  for (;;) {
    const promotionStep = options.minResource * eta ** (s + rung);
    if (step < promotionStep) return { prune: false, completedRungs };
    if (Number.isNaN(value)) return { prune: true, completedRungs };
    completedRungs.push({ rung, value });
    const competing = [...(rungValues[rung] ?? []), value].sort((a, b) => a - b);
    if (competing.length <= bootstrap) return { prune: true, completedRungs };
    const promotable = Math.max(0, Math.floor(competing.length / eta) - 1);
    const passes =
      options.direction === 'maximize'
        ? value >= competing[competing.length - 1 - promotable]!
        : value <= competing[promotable]!;
    if (!passes) return { prune: true, completedRungs };
    rung++;
  }
}

/** Optuna's `min_resource="auto"`: max(1, ⌊(the largest last step of the completed trials) / 100⌋), null before any completes. */
export function estimateMinResource(completedLastSteps: readonly number[]): number | null {
  if (completedLastSteps.length === 0) return null;
  return Math.max(Math.floor(Math.max(...completedLastSteps) / 100), 1);
}
