import { computeConfidentJoint } from './confident-joint';
import { flagLabelIssues } from './label-issues';
import { labelQualityScores, type LabelQualityMethod } from './label-quality-scores';
import type { ProbabilityRows } from './probability-table';

export interface Suspect {
  /** Position of the item in the input. */
  index: number;
  givenLabel: number;
  /** The label-quality score (lower = more suspect). */
  score: number;
  /** The label to offer: the class the item is confidently counted into, else the most probable other class. */
  suggestedLabel: number;
  /** p̂ of the suggested label. */
  suggestedProbability: number;
  /** Flagged by confident learning (`flagLabelIssues`). */
  isLabelIssue: boolean;
}

/**
 * The review queue's order: every item ranked by its label-quality score, most suspect first (cleanlab
 * `filter.find_label_issues(..., return_indices_ranked_by=method)` ranks its flagged issues the same way;
 * here the unflagged items follow in the same order, so a policy "top K" or "score below s" can reach past
 * the flagged ones). Ties go to the flagged item, then to the input order.
 */
export function rankSuspects(
  labels: readonly number[],
  probabilities: ProbabilityRows,
  method: LabelQualityMethod = 'self_confidence',
): Suspect[] {
  const scores = labelQualityScores(labels, probabilities, method);
  const { confidentLabel } = computeConfidentJoint(labels, probabilities);
  const flags = flagLabelIssues(labels, probabilities);
  const suspects = probabilities.map((row, index): Suspect => {
    const given = labels[index]!;
    let suggested = confidentLabel[index] ?? null;
    if (suggested === null || suggested === given) {
      suggested = given === 0 ? 1 : 0;
      for (let k = 0; k < row.length; k++) if (k !== given && row[k]! > row[suggested]!) suggested = k;
      if (row.length < 2) suggested = given;
    }
    return {
      index,
      givenLabel: given,
      score: scores[index]!,
      suggestedLabel: suggested,
      suggestedProbability: row[suggested]!,
      isLabelIssue: flags[index]!,
    };
  });
  return suspects.sort(
    (a, b) => a.score - b.score || Number(b.isLabelIssue) - Number(a.isLabelIssue) || a.index - b.index,
  );
}
