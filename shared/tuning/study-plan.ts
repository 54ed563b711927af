import { narrowSearchSpace } from './coarse-to-fine';
import { gridAxis, gridSearch, gridValuesPerAxis } from './grid-search';
import { randomSearch } from './random-search';
import type { Params, SearchSpace } from './search-space';
import { seededRandom } from './seeded-random';
import type { StudySettings, Trial } from './study-schemas';
import { suggestTpe, type TpeTrial } from './tpe-sampler';
import { topTrials } from './trial-ranking';

/**
 * What a study's strategy plans, without I/O: the trials queued when the study is created, and the ones
 * planned later, when every planned trial has started (TPE: one per free worker, from the finished
 * trials; coarse-to-fine: the next round, once the current round has ended). Every study maximises dev
 * accuracy. The same settings and the same finished trials plan the same trials (seeded).
 */
export interface PlannedTrial {
  round: number;
  params: Params;
  epochs: number;
}

const ENDED = new Set<Trial['status']>(['completed', 'pruned', 'stopped', 'failed']);

/** Trials the study runs in all (coarse-to-fine: both rounds plus the finalists). */
export function plannedTrialCount(settings: StudySettings): number {
  if (settings.strategy === 'coarse-to-fine') {
    const { roundTrials, topK, finalEpochs } = settings.coarseToFine;
    return roundTrials[0] + roundTrials[1] + (finalEpochs > 0 ? Math.min(topK, roundTrials[1]) : 0);
  }
  if (settings.strategy === 'grid') return gridPoints(settings).length;
  return settings.trials;
}

/** ⌊N^(1/k)⌋ values per axis unless set: the grid a budget of N trials affords over k parameters. */
export function gridValuesFor(settings: StudySettings): number {
  return (
    settings.gridValuesPerAxis ??
    Math.max(1, gridValuesPerAxis(settings.trials, settings.space.parameters.length))
  );
}

/** The grid is built whole before it is shuffled: more points than this are refused at creation. */
export const MAX_GRID_POINTS = 1_000_000;

/** The number of points of the study's full grid (before it is cut at `trials`). */
export function gridSize(settings: StudySettings): number {
  const perAxis = gridValuesFor(settings);
  return settings.space.parameters.reduce((size, parameter) => size * gridAxis(parameter, perAxis).length, 1);
}

/** The grid's points in their shuffled order, at most `trials` of them. */
function gridPoints(settings: StudySettings): Params[] {
  return gridSearch(settings.space, gridValuesFor(settings), settings.seed).slice(0, settings.trials);
}

/** The trials queued at creation. */
export function initialTrials(settings: StudySettings): PlannedTrial[] {
  const epochs = settings.epochsPerTrial;
  switch (settings.strategy) {
    case 'random':
      return randomSearch(settings.space, settings.seed, settings.trials).map((params) => ({
        round: 1,
        params,
        epochs,
      }));
    case 'grid':
      return gridPoints(settings).map((params) => ({ round: 1, params, epochs }));
    case 'coarse-to-fine':
      return randomSearch(settings.space, settings.seed, settings.coarseToFine.roundTrials[0]).map(
        (params) => ({
          round: 1,
          params,
          epochs,
        }),
      );
    case 'tpe':
      return [];
  }
}

/** What TPE learns from a trial: completed with its value, or pruned with its last value and epoch. */
export function asTpeTrial(trial: Trial): TpeTrial | null {
  if (trial.status === 'completed' && trial.value !== null)
    return { params: trial.params, state: 'complete', value: trial.value };
  if (trial.status === 'pruned')
    return {
      params: trial.params,
      state: 'pruned',
      value: trial.value,
      lastStep: trial.curves.at(-1)?.epoch ?? null,
    };
  return null;
}

/**
 * Trials to add now, when no queued trial is left and `freeSlots` workers are idle; `space` is set when a
 * coarse-to-fine round starts with a narrowed space. Empty when the strategy has nothing more to plan
 * (yet: a coarse-to-fine round waits for its previous round to end).
 */
export function nextTrials(
  settings: StudySettings,
  trials: readonly Trial[],
  freeSlots: number,
): { planned: PlannedTrial[]; space?: SearchSpace } {
  if (freeSlots <= 0) return { planned: [] };
  if (settings.strategy === 'tpe') {
    const planned: PlannedTrial[] = [];
    const finished = trials.map(asTpeTrial).filter((trial): trial is TpeTrial => trial !== null);
    for (let slot = 0; slot < freeSlots && trials.length + planned.length < settings.trials; slot++) {
      // one generator per trial number: a study resumed after a restart suggests what it would have
      const random = seededRandom(settings.seed * 1_000_003 + trials.length + planned.length);
      const params = suggestTpe(settings.space, finished, random, {
        direction: 'maximize',
        startupTrials: settings.tpeStartupTrials,
      });
      planned.push({ round: 1, params, epochs: settings.epochsPerTrial });
    }
    return { planned };
  }
  if (settings.strategy !== 'coarse-to-fine') return { planned: [] };
  const round = Math.max(0, ...trials.map((trial) => trial.round));
  if (round >= 3 || trials.some((trial) => trial.round === round && !ENDED.has(trial.status)))
    return { planned: [] };
  const { roundTrials, topK, round2EpochFactor, finalEpochs } = settings.coarseToFine;
  const scored = (r: number) =>
    trials
      .filter((trial) => trial.round === r && trial.status === 'completed' && trial.value !== null)
      .map((trial) => ({ params: trial.params, value: trial.value }));
  if (round === 1) {
    const space = narrowSearchSpace(settings.space, scored(1), topK, 'maximize');
    const epochs = settings.epochsPerTrial * round2EpochFactor;
    return {
      planned: randomSearch(space, settings.seed + 1, roundTrials[1]).map((params) => ({
        round: 2,
        params,
        epochs,
      })),
      space,
    };
  }
  if (round === 2 && finalEpochs > 0) {
    const pool = scored(2).length > 0 ? scored(2) : scored(1);
    return {
      planned: topTrials(pool, topK, 'maximize').map((trial) => ({
        round: 3,
        params: trial.params,
        epochs: finalEpochs,
      })),
    };
  }
  return { planned: [] };
}
