import { wilsonInterval, Z_95 } from './wilson-interval';

export interface CategoryCount {
  /** The category's stable id (tags refer to it). */
  id: string;
  name: string;
  /** Sampled errors carrying this category (an item may carry several categories). */
  count: number;
}

export interface CeilingInput {
  /** The model run's dev error in percent (10 for 10 %). */
  devErrorPercent: number;
  /** Misclassified dev items in the sample: the denominator of every share. */
  sampledErrors: number;
  /** All misclassified dev items the sample was drawn from (for the finite-population correction); null = unknown. */
  totalErrors?: number | null;
  categories: readonly CategoryCount[];
  /** Sampled errors with no category yet. */
  untagged: number;
  /** Two-sided confidence level's z (default 1.959964, 95 %). */
  z?: number;
}

export interface CeilingRow {
  kind: 'category' | 'untagged';
  /** The category id, or '' for the untagged row. */
  id: string;
  name: string;
  count: number;
  /** count / sampledErrors, as a fraction (null when nothing was sampled). */
  share: number | null;
  shareLow: number | null;
  shareHigh: number | null;
  /** dev error × (1 − share), in percent: the best dev error if this category were fully fixed. */
  ceilingPercent: number | null;
  /** The ceiling's interval: from the share's high end (lowest ceiling) to its low end. */
  ceilingLowPercent: number | null;
  ceilingHighPercent: number | null;
  /** dev error × share, in percentage points: what fixing the category would gain at best. */
  gainPoints: number | null;
}

export interface CeilingTable {
  devErrorPercent: number;
  sampledErrors: number;
  totalErrors: number | null;
  /** Category rows by gain (largest first), then the untagged row. */
  rows: CeilingRow[];
  /** Sum of the category shares: above 1 when items carry several categories. */
  shareSum: number | null;
  /** The notes the table shows under it (overlap, empty sample, partial tagging). */
  notes: string[];
  /** The (N − n)/(N − 1) factor of the intervals, 1 when the population was not given. */
  finitePopulationFactor: number;
}

/** Percent values without binary noise (10 × 0.62 = 6.2, not 6.199999999999999). */
function tidy(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * The ceiling table of error analysis (Andrew Ng, "Machine Learning Yearning", ch. 14–16; the course's
 * "ceiling analysis" of a sample of misclassified dev examples).
 *
 * For each category c with count_c of the n sampled errors:
 *
 *     share_c   = count_c / n
 *     ceiling_c = e_dev × (1 − share_c)     the best dev error if every error of kind c were fixed
 *     gain_c    = e_dev × share_c           percentage points gained at best
 *
 * (10 % dev error, 38 of 100 sampled errors blurry: ceiling 6.2 %, gain 3.8 points.) The share's 95 %
 * interval is Wilson's with the finite-population correction when the total of dev errors N is known
 * (see `wilsonInterval`); it is carried through the monotone map share → ceiling, so the ceiling's low
 * end comes from the share's high end. Only the sampling noise of the share is counted: e_dev is taken as
 * measured. Category rows are sorted by gain (then count, then input order); the untagged row comes last.
 * An item may carry several categories, so the shares can sum past 100 % and the gains are not additive.
 */
export function ceilingTable(input: CeilingInput): CeilingTable {
  const { devErrorPercent: e, sampledErrors: n } = input;
  const total = input.totalErrors ?? null;
  if (!Number.isFinite(e) || e < 0 || e > 100) throw new RangeError(`dev error must be 0–100 %, got ${e}`);
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`sampled errors must be a whole number ≥ 0, got ${n}`);
  for (const category of input.categories) {
    if (!Number.isInteger(category.count) || category.count < 0 || category.count > n) {
      throw new RangeError(`"${category.name}" has ${category.count} items; it must be between 0 and ${n}`);
    }
  }
  if (input.untagged < 0 || input.untagged > n) {
    throw new RangeError(`untagged must be between 0 and ${n}, got ${input.untagged}`);
  }
  const z = input.z ?? Z_95;
  let factor = 1;

  const rowOf = (kind: CeilingRow['kind'], id: string, name: string, count: number): CeilingRow => {
    if (n === 0) {
      return {
        kind,
        id,
        name,
        count,
        share: null,
        shareLow: null,
        shareHigh: null,
        ceilingPercent: null,
        ceilingLowPercent: null,
        ceilingHighPercent: null,
        gainPoints: null,
      };
    }
    const interval = wilsonInterval(count, n, { populationSize: total, z });
    factor = interval.finitePopulationFactor;
    const share = count / n;
    return {
      kind,
      id,
      name,
      count,
      share,
      shareLow: interval.low,
      shareHigh: interval.high,
      ceilingPercent: tidy(e * (1 - share)),
      ceilingLowPercent: tidy(e * (1 - interval.high)),
      ceilingHighPercent: tidy(e * (1 - interval.low)),
      gainPoints: tidy(e * share),
    };
  };

  const categoryRows = input.categories
    .map((category, index) => ({ row: rowOf('category', category.id, category.name, category.count), index }))
    .sort((a, b) => b.row.count - a.row.count || a.index - b.index)
    .map(({ row }) => row);
  const rows = [...categoryRows, rowOf('untagged', '', 'untagged', input.untagged)];

  const notes: string[] = [];
  const shareSum = n === 0 ? null : input.categories.reduce((sum, c) => sum + c.count, 0) / n;
  if (n === 0) notes.push('No sampled errors: there is nothing to compute a ceiling from.');
  if (shareSum !== null && shareSum > 1 + 1e-12) {
    notes.push(
      `One item may sit in several categories, so the shares sum to ${tidy(shareSum * 100)} % and the gains do not add up.`,
    );
  } else if (n > 0) {
    notes.push('One item may sit in several categories, so shares can sum past 100 %.');
  }
  if (input.untagged > 0 && n > 0) {
    notes.push(
      `${input.untagged} of ${n} sampled errors are not tagged yet: their kinds are missing from the shares.`,
    );
  }
  if (e === 0) notes.push('The dev error is 0 %: there is nothing to gain.');
  return {
    devErrorPercent: e,
    sampledErrors: n,
    totalErrors: total,
    rows,
    shareSum,
    notes,
    finitePopulationFactor: factor,
  };
}
