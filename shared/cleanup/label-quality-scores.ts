import { checkProbabilityTable, type ProbabilityRows } from './probability-table';

export type LabelQualityMethod = 'self_confidence' | 'normalized_margin';

/**
 * cleanlab's `self_confidence` label-quality score (`rank.get_self_confidence_for_each_label`): the
 * out-of-sample probability of the given label, p̂(y = ỹ | x). In [0, 1]; low = likely mislabelled.
 * Finds odd and out-of-distribution items as well as swapped labels.
 */
export function selfConfidence(labels: readonly number[], probabilities: ProbabilityRows): number[] {
  checkProbabilityTable(labels, probabilities);
  return probabilities.map((row, i) => row[labels[i]!]!);
}

/**
 * cleanlab's `normalized_margin` label-quality score (`rank.get_normalized_margin_for_each_label`):
 *
 *     margin = p̂(y = ỹ | x) − max_{k ≠ ỹ} p̂(y = k | x),    score = (margin + 1) / 2
 *
 * In [0, 1]; below ½ exactly when another class is more probable than the given one. Best for
 * class-conditional errors, where another class is clearly better than the given label.
 */
export function normalizedMargin(labels: readonly number[], probabilities: ProbabilityRows): number[] {
  checkProbabilityTable(labels, probabilities);
  return probabilities.map((row, i) => {
    const given = labels[i]!;
    let other = -Infinity;
    for (let k = 0; k < row.length; k++) if (k !== given) other = Math.max(other, row[k]!);
    if (other === -Infinity) other = 0; // one class: nothing to be confused with
    return (row[given]! - other + 1) / 2;
  });
}

/** The score named by cleanlab's `method` argument of `rank.get_label_quality_scores`. */
export function labelQualityScores(
  labels: readonly number[],
  probabilities: ProbabilityRows,
  method: LabelQualityMethod,
): number[] {
  return method === 'self_confidence'
    ? selfConfidence(labels, probabilities)
    : normalizedMargin(labels, probabilities);
}
