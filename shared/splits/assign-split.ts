/**
 * Which split one item goes to, from its own coins and the thresholds in force: deterministic (same
 * seed, same split), independent of every other item once the thresholds are pinned (adding files moves
 * nothing), and stratified by (source, class): cuts per stratum give each class its exact share; strata
 * without cuts (new classes, the streaming mode) use the global fractions — exact in expectation, off by
 * binomial noise √(f(1−f)/n) in a stratum of n items.
 */
import type { Split } from '../items';
import { ratiosProblem, recommendedRatios, type SplitRatios } from './recommended-ratios';
import type { Cuts, SplitOrUnused, SplitSettings, Thresholds } from './split-schemas';
import { splitCoin, trainDevCoin } from './split-hash';

export interface SplitSubject {
  /** What the coins are keyed on: the item id in a project, the path in manifest mode. */
  key: string;
  source: string;
  label: string;
  /** The split the manifest gave, or null. */
  manifestSplit: Split | null;
}

/** The part of the settings the draw needs. */
export type DrawRules = Pick<
  SplitSettings,
  'targetSource' | 'leftoverTargetToTrain' | 'seed' | 'respectManifestSplits'
> & { thresholds: Thresholds };

/** Dev and test come only from the target source (or from everything when no target is marked). */
export function inPool(source: string, targetSource: string | null): boolean {
  return targetSource === null || source === targetSource;
}

/** A stratum's key: source and class joined by the ASCII unit separator (which neither contains). */
export function stratumKey(source: string, label: string): string {
  return `${source}\u001f${label}`;
}

function cutsFor(subject: SplitSubject, thresholds: Thresholds): Cuts {
  return thresholds.strata[stratumKey(subject.source, subject.label)] ?? thresholds;
}

/** Where the plain draw puts one item (before the leakage gate). */
export function drawSplit(subject: SplitSubject, rules: DrawRules): SplitOrUnused {
  if (rules.respectManifestSplits && subject.manifestSplit !== null) return subject.manifestSplit;
  const cuts = cutsFor(subject, rules.thresholds);
  if (inPool(subject.source, rules.targetSource)) {
    const u = splitCoin(subject.key, rules.seed);
    if (u < cuts.dev) return 'dev';
    if (u < cuts.dev + cuts.test) return 'test';
    if (!rules.leftoverTargetToTrain && rules.targetSource !== null) return 'unused';
  }
  return trainDevCoin(subject.key, rules.seed) < cuts.trainDev ? 'train-dev' : 'train';
}

/**
 * Exact stratification: per (source, class) stratum, cuts placed between the sorted coins so the stratum
 * sends round(share × size) items to dev, to test and to train-dev. The global fractions give the shares;
 * only free items (no manifest split) count.
 */
export function stratumCuts(subjects: readonly SplitSubject[], rules: DrawRules): Record<string, Cuts> {
  const free = subjects.filter((subject) => !(rules.respectManifestSplits && subject.manifestSplit !== null));
  const poolCoins = new Map<string, number[]>();
  for (const subject of free) {
    if (!inPool(subject.source, rules.targetSource)) continue;
    const key = stratumKey(subject.source, subject.label);
    const coins = poolCoins.get(key) ?? [];
    coins.push(splitCoin(subject.key, rules.seed));
    poolCoins.set(key, coins);
  }
  const { dev, test, trainDev } = rules.thresholds;
  const strata: Record<string, Cuts> = {};
  for (const [key, coins] of poolCoins) {
    coins.sort((a, b) => a - b);
    const devCut = cutAt(coins, Math.round(dev * coins.length));
    const testCut = cutAt(coins, Math.round((dev + test) * coins.length));
    strata[key] = { dev: devCut, test: Math.max(0, testCut - devCut), trainDev };
  }
  const mixCoins = new Map<string, number[]>();
  for (const subject of free) {
    const key = stratumKey(subject.source, subject.label);
    const cuts = strata[key] ?? rules.thresholds;
    if (inPool(subject.source, rules.targetSource)) {
      const u = splitCoin(subject.key, rules.seed);
      if (u < cuts.dev + cuts.test) continue;
      if (!rules.leftoverTargetToTrain && rules.targetSource !== null) continue;
    }
    const coins = mixCoins.get(key) ?? [];
    coins.push(trainDevCoin(subject.key, rules.seed));
    mixCoins.set(key, coins);
  }
  for (const [key, coins] of mixCoins) {
    coins.sort((a, b) => a - b);
    const cuts = strata[key] ?? { dev, test, trainDev };
    strata[key] = { ...cuts, trainDev: cutAt(coins, Math.round(trainDev * coins.length)) };
  }
  return strata;
}

/** A threshold with exactly `k` of the sorted coins below it: halfway between the k-th and the next. */
function cutAt(sorted: readonly number[], k: number): number {
  if (k <= 0) return 0;
  if (k >= sorted.length) return 1;
  return (sorted[k - 1]! + sorted[k]!) / 2;
}

/** How many items the draw is free to place, by where they may go (manifest-fixed items excluded). */
export interface PoolSizes {
  /** All items of the dev/test pool (for the size rule). */
  pool: number;
  /** Pool items without a fixed split. */
  poolFree: number;
  /** Non-pool items without a fixed split: they can only train. */
  othersFree: number;
}

export interface ResolvedThresholds {
  thresholds: Thresholds;
  ratios: SplitRatios;
  ratiosFrom: 'size-rule' | 'user' | 'pinned';
  recommended: SplitRatios;
  /** Items the user wants in train-dev (the default: the expected dev size). */
  trainDevSize: number;
}

/**
 * Thresholds from the settings: pinned ones as they are; otherwise dev and test from the ratios (the
 * user's, or the size rule's for the pool size), and train-dev as its wanted size over the expected
 * training mix. Throws a message (string) for settings that cannot work.
 */
export function resolveThresholds(settings: SplitSettings, sizes: PoolSizes): ResolvedThresholds {
  const recommended = recommendedRatios(sizes.pool);
  if (settings.thresholds) {
    const { dev, test } = settings.thresholds;
    const ratios = {
      train: round2(100 - 100 * (dev + test)),
      dev: round2(dev * 100),
      test: round2(test * 100),
    };
    const expectedDev = Math.round(dev * sizes.poolFree);
    return {
      thresholds: settings.thresholds,
      ratios,
      ratiosFrom: 'pinned',
      recommended,
      trainDevSize: settings.trainDevSize ?? expectedDev,
    };
  }
  const ratios = settings.ratios ?? recommended;
  const problem = ratiosProblem(ratios);
  if (problem) throw new SplitSettingsError(problem);
  const dev = ratios.dev / 100;
  const test = ratios.test / 100;
  const expectedDev = Math.round(dev * sizes.poolFree);
  const trainDevSize = settings.trainDevSize ?? expectedDev;
  const leftover = settings.leftoverTargetToTrain || settings.targetSource === null;
  const trainingMix = sizes.othersFree + (leftover ? sizes.poolFree * (1 - dev - test) : 0);
  if (trainDevSize > trainingMix) {
    throw new SplitSettingsError(
      `A train-dev set of ${trainDevSize.toLocaleString('en-US')} items is more than the training mix holds ` +
        `(about ${Math.floor(trainingMix).toLocaleString('en-US')} items). Choose a smaller train-dev size.`,
    );
  }
  return {
    thresholds: { dev, test, trainDev: trainingMix > 0 ? trainDevSize / trainingMix : 0, strata: {} },
    ratios,
    ratiosFrom: settings.ratios ? 'user' : 'size-rule',
    recommended,
    trainDevSize,
  };
}

/** Settings that cannot produce a split; the message says why and what to change. */
export class SplitSettingsError extends Error {
  override name = 'SplitSettingsError';
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
