export interface ConfusionPair {
  given: string;
  predicted: string;
  count: number;
}

/**
 * True → predicted counts among the misclassified items (given ≠ predicted), largest first, ties by
 * given then predicted label. Correct predictions are not pairs and are skipped.
 */
export function confusionPairs(items: readonly { given: string; predicted: string }[]): ConfusionPair[] {
  const counts = new Map<string, ConfusionPair>();
  for (const { given, predicted } of items) {
    if (given === predicted) continue;
    const key = `${given}\u001f${predicted}`;
    const pair = counts.get(key);
    if (pair) pair.count++;
    else counts.set(key, { given, predicted, count: 1 });
  }
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || a.given.localeCompare(b.given) || a.predicted.localeCompare(b.predicted),
  );
}

export interface ConfusionMatrix {
  /** Row and column labels, in the same order. */
  labels: string[];
  /** counts[i][j] = items whose given label is labels[i] and prediction labels[j]. */
  counts: number[][];
  total: number;
  /** Items off the diagonal. */
  errors: number;
}

/**
 * The confusion matrix of (given, predicted) pairs: rows are the given (true) labels, columns the
 * predictions (scikit-learn's `confusion_matrix` convention). `labels` fixes the order (classes that
 * never occur still get a row); labels found in the items but not listed are appended in sorted order.
 */
export function confusionMatrix(
  items: readonly { given: string; predicted: string }[],
  labels: readonly string[] = [],
): ConfusionMatrix {
  const order = [...labels];
  const seen = new Set(order);
  const extra = new Set<string>();
  for (const { given, predicted } of items) {
    if (!seen.has(given)) extra.add(given);
    if (!seen.has(predicted)) extra.add(predicted);
  }
  order.push(...[...extra].sort());
  const index = new Map(order.map((label, i) => [label, i]));
  const counts = order.map(() => order.map(() => 0));
  let errors = 0;
  for (const { given, predicted } of items) {
    const row = counts[index.get(given)!]!;
    const column = index.get(predicted)!;
    row[column] = (row[column] ?? 0) + 1;
    if (given !== predicted) errors++;
  }
  return { labels: order, counts, total: items.length, errors };
}
