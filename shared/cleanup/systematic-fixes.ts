export interface LabelFix {
  /** The label the item had before the fix. */
  from: string;
  /** The label it was corrected to. */
  to: string;
}

export interface SystematicConfusion {
  from: string;
  to: string;
  count: number;
  /** count / all fixes that changed a label. */
  share: number;
  fixes: number;
  /** "Most 'Shirt' labels you fixed were 'T-shirt/top' (6 of 9 fixes)". */
  message: string;
}

/** The rule of issue 6 §5: a pair is systematic at ≥ half of the fixes and ≥ 5 items. */
export const SYSTEMATIC_MIN_SHARE = 0.5;
export const SYSTEMATIC_MIN_COUNT = 5;

/**
 * Names a systematic labelling error: the (given → corrected) pair that makes up at least half of the
 * label-changing fixes and at least 5 of them (the seed: random label noise in train matters little,
 * systematic noise does; one dominant pair is a labelling instruction to fix, not a typo). Fixes that keep
 * the label are not counted. Null when no pair qualifies; a tie between two pairs at exactly half each
 * goes to the earlier pair in the log.
 */
export function findSystematicConfusion(
  fixes: readonly LabelFix[],
  minShare = SYSTEMATIC_MIN_SHARE,
  minCount = SYSTEMATIC_MIN_COUNT,
): SystematicConfusion | null {
  const changing = fixes.filter((fix) => fix.from !== fix.to);
  const counts = new Map<string, { from: string; to: string; count: number }>();
  for (const { from, to } of changing) {
    const key = `${from}\u001f${to}`;
    const pair = counts.get(key);
    if (pair) pair.count++;
    else counts.set(key, { from, to, count: 1 });
  }
  let best: { from: string; to: string; count: number } | null = null;
  for (const pair of counts.values()) if (best === null || pair.count > best.count) best = pair;
  if (best === null || best.count < minCount || best.count < minShare * changing.length) return null;
  return {
    ...best,
    share: best.count / changing.length,
    fixes: changing.length,
    message: `Most '${best.from}' labels you fixed were '${best.to}' (${best.count} of ${changing.length} fixes): review every item labelled '${best.from}'.`,
  };
}
