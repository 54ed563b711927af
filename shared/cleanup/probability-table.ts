/**
 * Out-of-sample predicted probabilities, one row per item: row[k] = p̂(y = k | x). Rows may be plain
 * arrays or typed arrays (a model run's Float32Array slices).
 */
export type ProbabilityRows = readonly ArrayLike<number>[];

/** cleanlab's `FLOATING_POINT_COMPARISON` (cleanlab/internal/constants.py). */
export const FLOATING_POINT_COMPARISON = 1e-6;
/** cleanlab's `CONFIDENT_THRESHOLDS_LOWER_BOUND` = 2 × FLOATING_POINT_COMPARISON. */
export const CONFIDENT_THRESHOLDS_LOWER_BOUND = 2 * FLOATING_POINT_COMPARISON;

/**
 * Checks that labels and probabilities describe the same items and K classes: one row per label, each
 * row K finite values in [0, 1], each label a whole number in [0, K). Throws a RangeError naming the
 * first offending item. Returns K.
 */
export function checkProbabilityTable(labels: readonly number[], probabilities: ProbabilityRows): number {
  if (labels.length !== probabilities.length) {
    throw new RangeError(`${labels.length} labels but ${probabilities.length} probability rows`);
  }
  const classCount = probabilities[0]?.length ?? 0;
  probabilities.forEach((row, i) => {
    if (row.length !== classCount)
      throw new RangeError(`row ${i} has ${row.length} probabilities, not ${classCount}`);
    for (let k = 0; k < row.length; k++) {
      const p = row[k]!;
      if (!Number.isFinite(p) || p < 0 || p > 1)
        throw new RangeError(`row ${i} has p[${k}] = ${p}, outside [0, 1]`);
    }
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw new RangeError(`item ${i} has label ${label}, not a class index in [0, ${classCount})`);
    }
  });
  return classCount;
}

/** The index of the largest value (the first on a tie, as numpy's argmax). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}
