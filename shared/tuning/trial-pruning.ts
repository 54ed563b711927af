import { shouldPruneByMedian, type IntermediateValues } from './median-pruner';
import type { PrunerSettings, Trial } from './study-schemas';
import { successiveHalving } from './successive-halving';

/** A trial's dev accuracy per epoch (epochs without a dev figure are left out). */
export function intermediateValues(trial: Pick<Trial, 'curves'>, upToEpoch = Infinity): Map<number, number> {
  const values = new Map<number, number>();
  for (const point of trial.curves)
    if (point.epoch <= upToEpoch && point.devAccuracy !== null) values.set(point.epoch, point.devAccuracy);
  return values;
}

/**
 * Whether the pruner stops `trial` now that it has reported dev accuracy for `epoch` (its curve holds
 * epochs 1 … epoch). `others` are the study's other trials:
 *
 * - median (Optuna's MedianPruner): the trial's best value so far against the median of the *completed*
 *   trials' values at the same epoch, after `startupTrials` completed trials and `warmupEpochs`;
 * - successive halving (Optuna's SuccessiveHalvingPruner, rungs by epochs): at a rung's epoch
 *   r·η^(s+k), the trial goes on only when its value is among the top 1/η of the values every trial
 *   reported at that rung (their curves hold that epoch: they reached it without being pruned before).
 */
export function shouldPruneTrial(
  pruner: PrunerSettings,
  trial: Pick<Trial, 'id' | 'curves'>,
  epoch: number,
  others: readonly Trial[],
): boolean {
  if (pruner.kind === 'none') return false;
  const values = intermediateValues(trial, epoch);
  const value = values.get(epoch);
  if (value === undefined) return false;
  const rest = others.filter((other) => other.id !== trial.id);
  if (pruner.kind === 'median') {
    const completed: IntermediateValues[] = rest
      .filter((other) => other.status === 'completed')
      .map((other) => intermediateValues(other));
    return shouldPruneByMedian(values, completed, {
      direction: 'maximize',
      startupTrials: pruner.startupTrials,
      warmupSteps: pruner.warmupEpochs,
      intervalSteps: pruner.intervalEpochs,
    });
  }
  const eta = pruner.reductionFactor;
  const rungEpoch = (k: number) => pruner.minResource * eta ** (pruner.minEarlyStoppingRate + k);
  let passedRungs = 0;
  while (rungEpoch(passedRungs) < epoch) passedRungs++;
  const rungValues: number[][] = [];
  for (let k = 0; rungEpoch(k) <= epoch; k++) {
    rungValues.push(
      rest
        .map((other) => intermediateValues(other).get(rungEpoch(k)))
        .filter((v): v is number => v !== undefined),
    );
  }
  return successiveHalving(epoch, value, passedRungs, rungValues, {
    direction: 'maximize',
    minResource: pruner.minResource,
    reductionFactor: eta,
    minEarlyStoppingRate: pruner.minEarlyStoppingRate,
  }).prune;
}
