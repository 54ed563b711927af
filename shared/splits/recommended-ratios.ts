/**
 * The size rule for train / dev / test: the bigger the data, the smaller the share dev and test need,
 * because what they need is an absolute size (enough to tell two models apart), not a percentage.
 *
 * Anchors, from Andrew Ng, "Structuring Machine Learning Projects" (deeplearning.ai, Coursera, week 1,
 * "Size of the dev and test sets") and "Machine Learning Yearning" ch. 7: about 10,000 examples or
 * fewer → 60/20/20; 100,000 → 90/5/5; 1,000,000 → 98/1/1; 10,000,000 → 99.5/0.25/0.25 (the last anchor
 * extends the same trend: 25,000 dev items are plenty). Between anchors each share is interpolated
 * linearly in log10(n); outside them the nearest anchor holds.
 */

/** Shares in percent; train + dev + test = 100. */
export interface SplitRatios {
  train: number;
  dev: number;
  test: number;
}

interface Anchor {
  n: number;
  ratios: SplitRatios;
}

export const SIZE_RULE_ANCHORS: readonly Anchor[] = [
  { n: 10_000, ratios: { train: 60, dev: 20, test: 20 } },
  { n: 100_000, ratios: { train: 90, dev: 5, test: 5 } },
  { n: 1_000_000, ratios: { train: 98, dev: 1, test: 1 } },
  { n: 10_000_000, ratios: { train: 99.5, dev: 0.25, test: 0.25 } },
];

export const SIZE_RULE_SOURCE =
  'Andrew Ng, "Structuring Machine Learning Projects" (deeplearning.ai) and "Machine Learning Yearning", ch. 7';

export const SIZE_RULE_TEXT =
  '≤10k items: 60/20/20 · 100k: 90/5/5 · 1M: 98/1/1 · 10M: 99.5/0.25/0.25 (interpolated on log10 n in between)';

/** Recommended train/dev/test shares (percent) for `n` items in the pool dev and test are drawn from. */
export function recommendedRatios(n: number): SplitRatios {
  const first = SIZE_RULE_ANCHORS[0]!;
  const last = SIZE_RULE_ANCHORS[SIZE_RULE_ANCHORS.length - 1]!;
  if (!(n > first.n)) return { ...first.ratios };
  if (n >= last.n) return { ...last.ratios };
  const x = Math.log10(n);
  for (let i = 1; i < SIZE_RULE_ANCHORS.length; i++) {
    const low = SIZE_RULE_ANCHORS[i - 1]!;
    const high = SIZE_RULE_ANCHORS[i]!;
    if (n > high.n) continue;
    const t = (x - Math.log10(low.n)) / (Math.log10(high.n) - Math.log10(low.n));
    const dev = round4(low.ratios.dev + t * (high.ratios.dev - low.ratios.dev));
    const test = round4(low.ratios.test + t * (high.ratios.test - low.ratios.test));
    return { train: round4(100 - dev - test), dev, test };
  }
  return { ...last.ratios };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Why ratios cannot be used, in words, or null when they can: none negative, dev and test above zero,
 * summing to 100 %.
 */
export function ratiosProblem(ratios: SplitRatios): string | null {
  const { train, dev, test } = ratios;
  if (![train, dev, test].every(Number.isFinite)) return 'The ratios must be numbers.';
  if (train < 0 || dev < 0 || test < 0) return `Ratios cannot be negative (got ${train}/${dev}/${test}).`;
  if (dev === 0 || test === 0)
    return `Dev and test both need a share above 0 (got ${train}/${dev}/${test}): without dev you cannot choose between models, without test you cannot report an unbiased error.`;
  const sum = train + dev + test;
  if (Math.abs(sum - 100) > 0.01)
    return `The ratios ${train}/${dev}/${test} add up to ${round4(sum)} %, not 100 %.`;
  return null;
}
