/**
 * How small a difference in accuracy a dev set of n items can resolve.
 *
 * Two models at accuracy about p, each measured on n items: the difference of two binomial proportions
 * has standard error √(2·p(1−p)/n) (normal approximation, treating the two measurements as independent;
 * any textbook two-proportion z-test, e.g. Agresti, "Categorical Data Analysis", §3.1). At 95 %
 * (two-sided, z = 1.96) the smallest difference that stands out of the noise is
 *
 *     d = 1.96 · √(2·p(1−p)/n)
 *
 * With p = 0.90 and n = 600: d ≈ 3.4 points, so 90.0 % vs 93.4 % is visible and 90.0 % vs 90.1 % is not.
 * Both models scored on the same items (paired) have a smaller error when they agree often, so this is a
 * cautious guide, not a test. Rule 2 (Andrew Ng, "Machine Learning Yearning", ch. 6): dev sets of 1,000 to
 * 10,000 examples are common; telling 90.0 % from 90.1 % needs far more (≈ 690,000 by this formula).
 */

export const Z_95 = 1.959964;
/** The accuracy around which resolutions are quoted (the seed's "90.0 % vs 90.1 %"). */
export const BASELINE_ACCURACY = 0.9;
/** Rule 2: the dev-set sizes that are common in practice. */
export const RULE_2_MIN_DEV = 1_000;
export const RULE_2_MAX_DEV = 10_000;

/** The smallest accuracy difference (as a fraction) a dev set of `n` items resolves at 95 %. */
export function smallestResolvableDifference(n: number, p = BASELINE_ACCURACY): number {
  if (n <= 0) return Infinity;
  return Z_95 * Math.sqrt((2 * p * (1 - p)) / n);
}

/** The dev-set size needed to resolve a difference `d` (fraction) around accuracy `p` at 95 %. */
export function devSizeToResolve(d: number, p = BASELINE_ACCURACY): number {
  return Math.ceil((2 * Z_95 ** 2 * p * (1 - p)) / (d * d));
}

/** "with 600 dev items you can tell 90.0% from 93.4%, not from 90.1%" */
export function describeDevResolution(n: number, p = BASELINE_ACCURACY): string {
  const items = `${n.toLocaleString('en-US')} dev item${n === 1 ? '' : 's'}`;
  if (n <= 0) return 'with no dev items you cannot compare models at all';
  const d = smallestResolvableDifference(n, p);
  const base = (p * 100).toFixed(1);
  const fine = ((p + 0.001) * 100).toFixed(1);
  if (p + d >= 1) return `with ${items} you cannot tell ${base}% from any better accuracy`;
  const resolvable = ((p + d) * 100).toFixed(1);
  if (d <= 0.001) return `with ${items} you can tell ${base}% from ${resolvable}% (and from ${fine}%)`;
  return `with ${items} you can tell ${base}% from ${resolvable}%, not from ${fine}%`;
}
