import type { CleanupPolicy, CleanupSplit, Depth } from './cleanup-schemas';
import { estimateLabelIssues } from './label-issues';
import { rankSuspects, type Suspect } from './rank-suspects';

/** One item of a split the policy covers, with the run's out-of-sample probabilities. */
export interface ScoredCandidate {
  itemId: string;
  split: CleanupSplit;
  /** The label the run saw, as an index into `classes`. */
  label: number;
  probabilities: ArrayLike<number>;
}

export interface RankedItem {
  itemId: string;
  split: CleanupSplit;
  scoredLabel: number;
  suggestedLabel: number;
  score: number;
  /** 1-based rank within its split. */
  rank: number;
  isLabelIssue: boolean;
}

export interface SplitEstimate {
  split: CleanupSplit;
  perClass: {
    label: string;
    items: number;
    estimatedWrong: number;
    estimatedWrongFraction: number;
    flagged: number;
  }[];
  estimatedWrong: number;
  flagged: number;
}

/** The items of one split's ranking that the depth takes in: the first k, or every score ≤ the threshold. */
export function withinDepth(ranked: readonly Suspect[], depth: Depth): Suspect[] {
  return depth.kind === 'topK'
    ? ranked.slice(0, depth.k)
    : ranked.filter((suspect) => suspect.score <= depth.score);
}

/**
 * The model's part of the review queue: each split of the policy ranked on its own (confident thresholds
 * and the per-class estimates are per split, as dev and test are separate samples), cut at the policy's
 * depth, then interleaved by rank — dev #1, test #1, dev #2, … — so a reviewer who stops half-way has
 * gone equally deep in dev and test.
 */
export function rankPolicyItems(
  candidates: readonly ScoredCandidate[],
  classes: readonly string[],
  policy: Pick<CleanupPolicy, 'splits' | 'ranking' | 'depth'>,
): { items: RankedItem[]; estimates: SplitEstimate[] } {
  const perSplit: RankedItem[][] = [];
  const estimates: SplitEstimate[] = [];
  for (const split of policy.splits) {
    const members = candidates.filter((candidate) => candidate.split === split);
    if (members.length === 0) continue;
    const labels = members.map((member) => member.label);
    const rows = members.map((member) => member.probabilities);
    const ranked = rankSuspects(labels, rows, policy.ranking);
    perSplit.push(
      withinDepth(ranked, policy.depth).map((suspect, position) => ({
        itemId: members[suspect.index]!.itemId,
        split,
        scoredLabel: suspect.givenLabel,
        suggestedLabel: suspect.suggestedLabel,
        score: suspect.score,
        rank: position + 1,
        isLabelIssue: suspect.isLabelIssue,
      })),
    );
    const estimate = estimateLabelIssues(labels, rows);
    estimates.push({
      split,
      perClass: estimate.perClass.map((entry) => ({
        label: classes[entry.classIndex] ?? String(entry.classIndex),
        items: entry.items,
        estimatedWrong: entry.estimatedWrong,
        estimatedWrongFraction: entry.estimatedWrongFraction,
        flagged: entry.flagged,
      })),
      estimatedWrong: estimate.estimatedWrong,
      flagged: estimate.flagged,
    });
  }
  const items: RankedItem[] = [];
  const longest = Math.max(0, ...perSplit.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of perSplit) if (list[i]) items.push(list[i]!);
  return { items, estimates };
}
