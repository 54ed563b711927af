/** z for a two-sided 95 % interval (the 0.975 quantile of the standard normal). */
export const Z_95 = 1.959964;

export interface ProportionInterval {
  /** successes / n. */
  estimate: number;
  low: number;
  high: number;
  /**
   * The finite-population factor f = (N − n) / (N − 1) that multiplied the variance, or 1 when no
   * population size was given (sampling from an unlimited population).
   */
  finitePopulationFactor: number;
}

/**
 * The Wilson score interval for a binomial proportion, with an optional finite-population correction.
 *
 * Wilson (1927, "Probable inference, the law of succession, and statistical inference", JASA 22:209)
 * inverts the score test: the interval holds every p with (p̂ − p)² ≤ z² · Var(p̂), Var(p̂) = p(1 − p)/n.
 * Drawing the n items without replacement from a population of N (here: n sampled errors out of all N
 * dev errors), Var(p̂) = p(1 − p)/n · f with f = (N − n)/(N − 1) (Cochran, "Sampling Techniques", 3rd ed.
 * 1977, eq. 3.5). Solving the same quadratic with z²·f in place of z² gives
 *
 *     centre = (p̂ + z²f/(2n)) / (1 + z²f/n)
 *     half   = z√f / (1 + z²f/n) · √(p̂(1 − p̂)/n + z²f/(4n²))
 *
 * f = 1 is Wilson's interval; f → 0 as n → N (a census: the interval shrinks to p̂ itself). Below a
 * 5 % sampling fraction f > 0.95 and the correction is invisible (Cochran's rule for ignoring it), so it
 * is always applied when N is known. Unlike the normal ("Wald") interval, Wilson's stays inside [0, 1]
 * and does not collapse at 0 or n successes (Agresti & Coull 1998; Brown, Cai & DasGupta 2001).
 * n = 0 gives the whole [0, 1] with estimate NaN: nothing was observed.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  options: { populationSize?: number | null; z?: number } = {},
): ProportionInterval {
  const z = options.z ?? Z_95;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  if (successes < 0 || successes > n)
    throw new RangeError(`successes must be in [0, ${n}], got ${successes}`);
  const population = options.populationSize ?? null;
  if (population !== null && population < n) {
    throw new RangeError(`the population (${population}) cannot be smaller than the sample (${n})`);
  }
  if (n === 0) return { estimate: NaN, low: 0, high: 1, finitePopulationFactor: 1 };
  const f = population === null ? 1 : population === n ? 0 : (population - n) / (population - 1);
  const p = successes / n;
  const z2f = z * z * f;
  const denominator = 1 + z2f / n;
  const centre = (p + z2f / (2 * n)) / denominator;
  const half = (Math.sqrt(z2f) / denominator) * Math.sqrt((p * (1 - p)) / n + z2f / (4 * n * n));
  return {
    estimate: p,
    // At 0 and n successes the bounds are exactly 0 and 1 (the quadratic's root); no rounding residue.
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
    finitePopulationFactor: f,
  };
}
