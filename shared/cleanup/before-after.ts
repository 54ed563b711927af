import { SPLITS, type SplitName } from '../splits';

/** A run's predictions as the before/after table needs them (predictions-file.ts's Predictions). */
export interface PredictionTable {
  classes: readonly string[];
  ids: readonly string[];
  /** Index into SPLITS per item. */
  splits: ArrayLike<number>;
  predicted: ArrayLike<number>;
}

export interface ErrorCount {
  errors: number;
  count: number;
  errorRate: number | null;
}

export interface SplitBeforeAfter {
  original: ErrorCount;
  corrected: ErrorCount;
  excluded: number;
  relabelled: number;
}

/** What the label log says of one item now. */
export interface CurrentLabel {
  original: string;
  current: string;
  excluded: boolean;
}

const rate = (errors: number, count: number): ErrorCount => ({
  errors,
  count,
  errorRate: count === 0 ? null : errors / count,
});

/**
 * Error per split of one model run under the labels as imported and under the current corrected labels
 * (issue 6 §6). The run's predicted class is compared with each label; an excluded item counts in
 * `original` (it was part of the dataset then) and is left out of `corrected` and counted in `excluded`.
 * Items the label lookup does not know (no longer in the project) are left out of both.
 */
export function beforeAfter(
  table: PredictionTable,
  labelOf: (itemId: string) => CurrentLabel | undefined,
): Record<SplitName, SplitBeforeAfter> {
  const tallies = Object.fromEntries(
    SPLITS.map((split) => [split, { oe: 0, on: 0, ce: 0, cn: 0, excluded: 0, relabelled: 0 }]),
  ) as Record<
    SplitName,
    { oe: number; on: number; ce: number; cn: number; excluded: number; relabelled: number }
  >;
  table.ids.forEach((id, row) => {
    const split = SPLITS[table.splits[row]!];
    const label = labelOf(id);
    if (!split || !label) return;
    const tally = tallies[split];
    const predicted = table.classes[table.predicted[row]!];
    tally.on++;
    if (predicted !== label.original) tally.oe++;
    if (label.current !== label.original) tally.relabelled++;
    if (label.excluded) {
      tally.excluded++;
      return;
    }
    tally.cn++;
    if (predicted !== label.current) tally.ce++;
  });
  return Object.fromEntries(
    SPLITS.map((split) => {
      const t = tallies[split];
      return [
        split,
        {
          original: rate(t.oe, t.on),
          corrected: rate(t.ce, t.cn),
          excluded: t.excluded,
          relabelled: t.relabelled,
        },
      ];
    }),
  ) as Record<SplitName, SplitBeforeAfter>;
}
