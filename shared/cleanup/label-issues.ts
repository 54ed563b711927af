import { calibrateConfidentJoint, computeConfidentJoint } from './confident-joint';
import {
  argmax,
  checkProbabilityTable,
  FLOATING_POINT_COMPARISON,
  type ProbabilityRows,
} from './probability-table';

/**
 * Which items confident learning flags as label issues (cleanlab `count.num_label_issues` with its
 * default `estimation_method="off_diagonal"`): the off-diagonal items of the uncalibrated confident joint
 * (confidently another class than the given one), except those the model itself predicts as the given
 * label — argmax of p̂ after adding 10⁻⁶ to the given label's probability (cleanlab `_reduce_issues`).
 */
export function flagLabelIssues(labels: readonly number[], probabilities: ProbabilityRows): boolean[] {
  const { confidentLabel } = computeConfidentJoint(labels, probabilities);
  return probabilities.map((row, i) => {
    const given = labels[i]!;
    const confident = confidentLabel[i];
    if (confident === null || confident === undefined || confident === given) return false;
    const nudged = Array.from(row);
    nudged[given]! += FLOATING_POINT_COMPARISON;
    return argmax(nudged) !== given;
  });
}

export interface ClassIssueEstimate {
  classIndex: number;
  /** Items given this label. */
  items: number;
  /**
   * Estimated wrong labels among them: the calibrated confident joint's row minus its diagonal,
   * n_i − Q[i][i] (Northcutt et al. 2021, §3.2 "prune by class"; cleanlab `estimation_method=
   * "off_diagonal_calibrated"`, per row).
   */
  estimatedWrong: number;
  /** estimatedWrong / items (0 for an empty class). */
  estimatedWrongFraction: number;
  /** Items of this label that `flagLabelIssues` flags. */
  flagged: number;
}

export interface LabelIssueEstimate {
  perClass: ClassIssueEstimate[];
  /** Σ estimatedWrong: the calibrated estimate of wrong labels in the whole set. */
  estimatedWrong: number;
  /** Σ flagged: cleanlab's default `num_label_issues`. */
  flagged: number;
  /** The calibrated confident joint Q (rows: given label, columns: estimated true label). */
  calibratedJoint: number[][];
}

/**
 * How many labels are wrong, per given class and in all, by confident learning: the calibrated
 * confident joint's off-diagonal mass (the paper's estimate of the noisy-label joint Q_{ỹ,y*} times n),
 * next to the count of individually flagged items (`flagLabelIssues`). The first estimates the noise
 * rate; the second is the list a reviewer walks through.
 */
export function estimateLabelIssues(
  labels: readonly number[],
  probabilities: ProbabilityRows,
): LabelIssueEstimate {
  const classCount = checkProbabilityTable(labels, probabilities);
  const joint = computeConfidentJoint(labels, probabilities);
  const calibrated = calibrateConfidentJoint(joint.counts, labels);
  const flags = flagLabelIssues(labels, probabilities);
  const items = new Array<number>(classCount).fill(0);
  const flagged = new Array<number>(classCount).fill(0);
  labels.forEach((label, i) => {
    items[label]!++;
    if (flags[i]) flagged[label]!++;
  });
  const perClass = calibrated.map((row, i) => {
    const estimatedWrong = row.reduce((sum, v) => sum + v, 0) - row[i]!;
    return {
      classIndex: i,
      items: items[i]!,
      estimatedWrong,
      estimatedWrongFraction: items[i]! > 0 ? estimatedWrong / items[i]! : 0,
      flagged: flagged[i]!,
    };
  });
  return {
    perClass,
    estimatedWrong: perClass.reduce((sum, c) => sum + c.estimatedWrong, 0),
    flagged: perClass.reduce((sum, c) => sum + c.flagged, 0),
    calibratedJoint: calibrated,
  };
}
