import { confidentThresholds } from './confident-thresholds';
import {
  argmax,
  checkProbabilityTable,
  FLOATING_POINT_COMPARISON,
  type ProbabilityRows,
} from './probability-table';
import { roundPreservingRowTotals } from './round-preserving-sum';

export interface ConfidentJoint {
  /** counts[i][j]: items whose given label is i and whose true label is confidently j (diagonal ≥ 1). */
  counts: number[][];
  /** The thresholds t_j used. */
  thresholds: number[];
  /**
   * Per item: the class it is confidently counted into (ŷ), or null when no class reaches its threshold.
   * Off-diagonal items (ŷ ≠ given label) are confident learning's label-issue candidates.
   */
  confidentLabel: (number | null)[];
}

/**
 * The confident joint C[ỹ][y*] of confident learning (Northcutt et al. 2021, eq. 1; cleanlab
 * `count.compute_confident_joint` with `calibrate=False`): item x with given label ỹ is counted in
 * C[ỹ][j] when p̂(y = j | x) ≥ t_j (within 10⁻⁶); when several classes pass their thresholds, j is the
 * argmax of p̂ (cleanlab's tie rule), and an item passing none is not counted. As in cleanlab the diagonal
 * is raised to at least 1, so every class keeps one "correct" count for calibration.
 */
export function computeConfidentJoint(
  labels: readonly number[],
  probabilities: ProbabilityRows,
  thresholds: readonly number[] = confidentThresholds(labels, probabilities),
): ConfidentJoint {
  const classCount = checkProbabilityTable(labels, probabilities);
  if (thresholds.length !== classCount)
    throw new RangeError(`${thresholds.length} thresholds for ${classCount} classes`);
  const counts = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  const confidentLabel = probabilities.map((row, i) => {
    let passing = 0;
    let first = -1;
    for (let k = 0; k < classCount; k++) {
      if (row[k]! >= thresholds[k]! - FLOATING_POINT_COMPARISON) {
        passing++;
        if (first < 0) first = k;
      }
    }
    if (passing === 0) return null;
    const guess = passing > 1 ? argmax(row) : first;
    counts[labels[i]!]![guess]!++;
    return guess;
  });
  for (let k = 0; k < classCount; k++) counts[k]![k] = Math.max(counts[k]![k]!, 1);
  return { counts, thresholds: [...thresholds], confidentLabel };
}

/**
 * Calibrates a confident joint so each row sums to the number of items given that label and the whole
 * to the number of items (Northcutt et al. 2021, eq. 3; cleanlab `count.calibrate_confident_joint`):
 *
 *     Q[i][j] = C[i][j] / Σ_j' C[i][j'] · |X_ỹ=i|,   then   Q ← Q / ΣQ · n,   rounded row by row
 *
 * keeping each row's total (`roundPreservingRowTotals`). A class with no items has a zero row.
 */
export function calibrateConfidentJoint(
  counts: readonly (readonly number[])[],
  labels: readonly number[],
): number[][] {
  const classCount = counts.length;
  const labelCounts = new Array<number>(classCount).fill(0);
  for (const label of labels) labelCounts[label]!++;
  const scaled = counts.map((row, i) => {
    const rowSum = Math.max(
      row.reduce((sum, v) => sum + v, 0),
      1e-100, // cleanlab's TINY_VALUE
    );
    return row.map((v) => (v / rowSum) * labelCounts[i]!);
  });
  const total = Math.max(
    scaled.reduce((sum, row) => sum + row.reduce((s, v) => s + v, 0), 0),
    1e-100,
  );
  return roundPreservingRowTotals(scaled.map((row) => row.map((v) => (v / total) * labels.length)));
}
