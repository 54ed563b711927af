/** What the tagging filters list: the confusion pairs and the classes of a sample, with item counts. */

export interface PairCount {
  given: string;
  predicted: string;
  count: number;
}

/** The sample's true → predicted pairs, largest first (ties by given, then predicted label). */
export function pairCounts(items: readonly { given: string; predicted: string }[]): PairCount[] {
  const counts = new Map<string, PairCount>();
  for (const item of items) {
    const key = `${item.given}\u0000${item.predicted}`;
    const entry = counts.get(key) ?? { given: item.given, predicted: item.predicted, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || a.given.localeCompare(b.given) || a.predicted.localeCompare(b.predicted),
  );
}

/** Items per class, where an item counts for its given and (when different) its predicted label; by name. */
export function classCounts(items: readonly { given: string; predicted: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) {
    counts.set(item.given, (counts.get(item.given) ?? 0) + 1);
    if (item.predicted !== item.given) counts.set(item.predicted, (counts.get(item.predicted) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}
