export interface McNemarResult {
  /** Items only model A got wrong (b) and only model B got wrong (c). */
  onlyAWrong: number;
  onlyBWrong: number;
  /** Two-sided exact p-value: min(1, 2 · P(X ≤ min(b, c))), X ~ Binomial(b + c, ½). */
  pValue: number;
  /** pValue < alpha: the two models' dev errors differ by more than chance. */
  distinguishable: boolean;
}

/**
 * McNemar's test for two models scored on the same dev items (McNemar 1947, Psychometrika 12:153; the
 * exact form: Agresti, "Categorical Data Analysis", 3rd ed., §11.1). Only the discordant items carry
 * information: b items only A got wrong, c only B got wrong; under "equally good" each of the b + c is
 * equally likely to fall either way, so
 *
 *     p = min(1, 2 · Σ_{i ≤ min(b, c)} C(b + c, i) / 2^(b + c))
 *
 * (scipy's `binomtest(min(b, c), b + c, 0.5)`, two-sided). Exact at any size, summed in log space.
 * No discordant items: p = 1. Issue 5 §9: shown when two model runs are compared, so nobody chases noise.
 */
export function mcnemarTest(onlyAWrong: number, onlyBWrong: number, alpha = 0.05): McNemarResult {
  for (const count of [onlyAWrong, onlyBWrong]) {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`counts must be whole numbers ≥ 0, got ${count}`);
  }
  const n = onlyAWrong + onlyBWrong;
  const k = Math.min(onlyAWrong, onlyBWrong);
  let pValue = 1;
  if (n > 0 && onlyAWrong !== onlyBWrong) {
    // log C(n, i) built up term by term; the sum of the lower tail by log-sum-exp.
    const logHalfPower = -n * Math.LN2;
    let logChoose = 0;
    const logTerms: number[] = [];
    for (let i = 0; i <= k; i++) {
      if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
      logTerms.push(logChoose + logHalfPower);
    }
    const max = Math.max(...logTerms);
    const tail = Math.exp(max) * logTerms.reduce((sum, t) => sum + Math.exp(t - max), 0);
    pValue = Math.min(1, 2 * tail);
  }
  return { onlyAWrong, onlyBWrong, pValue, distinguishable: pValue < alpha };
}
