export interface LrSuggestion {
  /** The suggested learning rate. */
  lr: number;
  /** Its index in the trimmed curve, and the smoothed loss there (the plot's marker). */
  index: number;
  loss: number;
}

export interface LrSuggestions {
  /** fastai `SuggestionMethod.Valley` (its default). */
  valley: LrSuggestion | null;
  /** fastai `SuggestionMethod.Steep`: the steepest descent. */
  steep: LrSuggestion | null;
  /** The curve the suggestions were taken from (ends skipped, NaNs dropped). */
  lrs: number[];
  losses: number[];
}

/**
 * The part of the recorded curve fastai's `lr_find` suggests from: points [⌊num_it/10⌋, −5) — the first
 * tenth (the EMA still warming up, nothing learnt yet) and the last five (divergence) skipped — cut at
 * the first NaN loss.
 */
export function trimLrCurve(
  lrs: readonly number[],
  losses: readonly number[],
  iterations = 100,
): { lrs: number[]; losses: number[] } {
  const start = Math.floor(iterations / 10);
  const end = Math.max(0, losses.length - 5);
  let keptLrs = lrs.slice(start, end);
  let keptLosses = losses.slice(start, end);
  const firstNaN = keptLosses.findIndex((loss) => Number.isNaN(loss));
  if (firstNaN >= 0) {
    keptLrs = keptLrs.slice(0, firstNaN);
    keptLosses = keptLosses.slice(0, firstNaN);
  }
  return { lrs: keptLrs, losses: keptLosses };
}

/**
 * fastai's `valley`: the longest strictly decreasing run of losses (the longest decreasing subsequence,
 * by fastai's O(n²) dynamic programme, with its bookkeeping of where the longest one ends), then the point
 * ⌊s⌋ + ⌊s/2⌋ past its start, s = (end − start)/3 — about halfway down the valley, where the loss falls
 * fast but is far from diverging.
 */
export function valleySuggestion(lrs: readonly number[], losses: readonly number[]): LrSuggestion | null {
  const n = losses.length;
  if (n === 0) return null;
  const lds = new Array<number>(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i]! < losses[j]! && lds[i]! < lds[j]! + 1) lds[i] = lds[j]! + 1;
      if (lds[maxEnd]! < lds[i]!) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd]!;
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const index = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  return { lr: lrs[index]!, index, loss: losses[index]! };
}

/**
 * fastai's `steep`: the slope of the loss against ln(lr) between neighbouring points,
 * (loss_{i+1} − loss_i) / (ln lr_{i+1} − ln lr_i); the suggestion is the lr at the left end of the
 * steepest (most negative) segment (the first on a tie).
 */
export function steepSuggestion(lrs: readonly number[], losses: readonly number[]): LrSuggestion | null {
  if (losses.length < 2) return null;
  let best = 0;
  let bestSlope = Infinity;
  for (let i = 0; i + 1 < losses.length; i++) {
    const slope = (losses[i + 1]! - losses[i]!) / (Math.log(lrs[i + 1]!) - Math.log(lrs[i]!));
    if (slope < bestSlope) {
      bestSlope = slope;
      best = i;
    }
  }
  return { lr: lrs[best]!, index: best, loss: losses[best]! };
}

/** Both suggestions from a recorded sweep (the curve trimmed as fastai's `lr_find` does first). */
export function suggestLearningRates(
  lrs: readonly number[],
  losses: readonly number[],
  iterations = 100,
): LrSuggestions {
  const trimmed = trimLrCurve(lrs, losses, iterations);
  return {
    valley: valleySuggestion(trimmed.lrs, trimmed.losses),
    steep: steepSuggestion(trimmed.lrs, trimmed.losses),
    ...trimmed,
  };
}
