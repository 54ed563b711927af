import {
  CONFIDENT_THRESHOLDS_LOWER_BOUND,
  checkProbabilityTable,
  type ProbabilityRows,
} from './probability-table';

/**
 * Per-class confident thresholds of confident learning (Northcutt, Jiang & Chuang, "Confident Learning:
 * Estimating Uncertainty in Dataset Labels", JAIR 70, 2021, eq. 2; cleanlab `count.get_confident_thresholds`):
 *
 *     t_j = mean of p̂(y = j | x) over the items whose GIVEN label is j
 *
 * i.e. the model's average self-confidence on the items labelled j. (Not "the items predicted as j": the
 * paper and cleanlab average over the given label.) As in cleanlab, a class no item is labelled with gets
 * 2 × the largest probability (so nothing is ever confidently counted into it), and every threshold is
 * clipped from below at 2·10⁻⁶.
 */
export function confidentThresholds(labels: readonly number[], probabilities: ProbabilityRows): number[] {
  const classCount = checkProbabilityTable(labels, probabilities);
  const sums = new Array<number>(classCount).fill(0);
  const counts = new Array<number>(classCount).fill(0);
  let largest = 0;
  probabilities.forEach((row, i) => {
    const label = labels[i]!;
    sums[label]! += row[label]!;
    counts[label]!++;
    for (let k = 0; k < classCount; k++) largest = Math.max(largest, row[k]!);
  });
  return sums.map((sum, j) =>
    Math.max(counts[j]! > 0 ? sum / counts[j]! : 2 * largest, CONFIDENT_THRESHOLDS_LOWER_BOUND),
  );
}
