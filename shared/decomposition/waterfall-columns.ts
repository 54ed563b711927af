import type { Decomposition } from './decompose';
import { WATERFALL_ORDER } from './decomposition-rows';
import type { GapKey, LevelKey } from './gap-definitions';

/** One column of the waterfall: a level standing on 0, or a gap floating between two levels. */
export type WaterfallColumn =
  | { kind: 'level'; key: LevelKey; label: string[]; value: number; bottom: number; top: number }
  | {
      kind: 'gap';
      key: GapKey;
      label: string[];
      value: number;
      bottom: number;
      top: number;
      /** The level the gap ends at, where the connector to the next column starts. */
      end: number;
      largest: boolean;
    };

const LEVEL_LABELS: Record<LevelKey, string[]> = {
  human: ['human', '(Bayes proxy)'],
  train: ['train'],
  trainDev: ['train-dev'],
  dev: ['dev'],
  test: ['test'],
};

const GAP_LABELS: Record<GapKey, string[]> = {
  avoidableBias: ['avoidable', 'bias'],
  variance: ['variance'],
  dataMismatch: ['data', 'mismatch'],
  devOverfitting: ['dev', 'overfitting'],
  varianceOrMismatch: ['variance +', 'mismatch'],
};

/**
 * The columns from human level to test error, in pipeline order: every measured level, and between two
 * of them the gap that separates them. Unmeasured levels and unavailable gaps are left out (the gap
 * table says why).
 */
export function waterfallColumns(result: Decomposition): WaterfallColumn[] {
  const percent = (key: LevelKey) => result.levels.find((level) => level.key === key)?.percent ?? null;
  const columns: WaterfallColumn[] = [];
  const pushLevel = (key: LevelKey) => {
    const value = percent(key);
    if (value !== null)
      columns.push({ kind: 'level', key, label: LEVEL_LABELS[key], value, bottom: 0, top: value });
  };
  pushLevel('human');
  for (const step of WATERFALL_ORDER) {
    if ('level' in step) {
      pushLevel(step.level);
      continue;
    }
    const gap = result.gaps.find((candidate) => candidate.key === step.gap);
    const from = gap ? percent(gap.from) : null;
    const to = gap ? percent(gap.to) : null;
    if (!gap || gap.points === null || from === null || to === null) continue;
    columns.push({
      kind: 'gap',
      key: gap.key,
      label: GAP_LABELS[gap.key],
      value: gap.points,
      bottom: Math.min(from, to),
      top: Math.max(from, to),
      end: to,
      largest: gap.key === result.largest,
    });
  }
  return columns;
}

/** A round axis step (1, 2, 2.5 or 5 × 10^k) giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 7): number {
  const raw = Math.max(max, 1e-9) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 2.5 ? 2.5 : scaled <= 5 ? 5 : 10) * power;
}
