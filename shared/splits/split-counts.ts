import { SPLIT_OR_UNUSED, type CountRow, type SplitOrUnused, type SplitTotals } from './split-schemas';

/** Counts per split × source × class as items are placed; memory grows with the strata, not the items. */
export class SplitCounter {
  private readonly byKey = new Map<string, CountRow>();
  readonly totals = Object.fromEntries(SPLIT_OR_UNUSED.map((split) => [split, 0])) as SplitTotals;

  add(split: SplitOrUnused, source: string, label: string): void {
    this.totals[split]++;
    const key = `${split}\u0000${source}\u0000${label}`;
    const row = this.byKey.get(key);
    if (row) row.count++;
    else this.byKey.set(key, { split, source, label, count: 1 });
  }

  /** Rows in split order (train, train-dev, dev, test, unused), then by source and class. */
  rows(): CountRow[] {
    const order = new Map(SPLIT_OR_UNUSED.map((split, i) => [split, i]));
    return [...this.byKey.values()].sort(
      (a, b) =>
        order.get(a.split)! - order.get(b.split)! ||
        a.source.localeCompare(b.source) ||
        a.label.localeCompare(b.label),
    );
  }
}
