export interface EyeballRates {
  eyeballErrors: number;
  eyeballCount: number;
  blackboxErrors: number;
  blackboxCount: number;
}

/** Variance of the gap (blackbox − eyeball error) of one run, as two independent proportions. */
function gapVariance(rates: EyeballRates): number {
  const pe = rates.eyeballErrors / rates.eyeballCount;
  const pb = rates.blackboxErrors / rates.blackboxCount;
  return (pe * (1 - pe)) / rates.eyeballCount + (pb * (1 - pb)) / rates.blackboxCount;
}

/**
 * The over-fitting warning of the eyeball split (ML Yearning ch. 17: "if your performance on the eyeball
 * dev set improves much more rapidly than on the blackbox dev set, you have overfit the eyeball set").
 *
 * Between a run and the one before it, with Δe and Δb the falls of the eyeball and blackbox error rates
 * (fractions), the warning is raised when all three hold:
 *   1. Δe > 0: the eyeball error did improve;
 *   2. Δe > 2 · max(Δb, 0): it improved at least twice as fast as the blackbox error;
 *   3. Δe − Δb > 2 · √(var gap₁ + var gap₂): the widening of the gap is more than twice its standard
 *      error (each run's gap as two independent binomial proportions; a conservative treatment of two
 *      runs scored on the same items), so a few lucky items on a small eyeball set do not raise it.
 * Returns the sentence to show, or null.
 */
export function eyeballWarning(previous: EyeballRates, current: EyeballRates): string | null {
  if ([previous, current].some((r) => r.eyeballCount === 0 || r.blackboxCount === 0)) return null;
  const fall = (before: number, nb: number, after: number, na: number) => before / nb - after / na;
  const eyeballFall = fall(
    previous.eyeballErrors,
    previous.eyeballCount,
    current.eyeballErrors,
    current.eyeballCount,
  );
  const blackboxFall = fall(
    previous.blackboxErrors,
    previous.blackboxCount,
    current.blackboxErrors,
    current.blackboxCount,
  );
  const standardError = Math.sqrt(gapVariance(previous) + gapVariance(current));
  if (eyeballFall <= 0) return null;
  if (eyeballFall <= 2 * Math.max(blackboxFall, 0)) return null;
  if (eyeballFall - blackboxFall <= 2 * standardError) return null;
  const points = (value: number) => `${(value * 100).toFixed(1)} points`;
  return (
    `Eyeball error fell ${points(eyeballFall)} but blackbox error ${blackboxFall >= 0 ? `only ${points(blackboxFall)}` : `rose ${points(-blackboxFall)}`}: ` +
    'the changes may fit what was looked at. Consider refreshing the eyeball set (new seed) and trust the blackbox figure.'
  );
}
