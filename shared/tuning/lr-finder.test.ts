import { describe, expect, it } from 'vitest';
import { LrFinder, lrFinderRate, runLrFinder } from './lr-finder';
import { steepSuggestion, suggestLearningRates, trimLrCurve, valleySuggestion } from './lr-suggestions';

/**
 * A synthetic sweep: flat at 2.3, a descent around lr = 10^−3.5, divergence past 10^−1.5, and a
 * deterministic wiggle standing in for batch noise.
 */
function syntheticLoss(lr: number, iteration: number): number {
  const x = Math.log10(lr);
  return (
    2.3 -
    2 / (1 + Math.exp(-1.2 * (x + 3.5))) +
    20 * Math.max(0, x + 1.5) ** 2 +
    0.03 * Math.sin(1.7 * iteration)
  );
}

describe('LR finder sweep', () => {
  it('grows the rate exponentially from 1e-7 towards 10 over 100 batches', () => {
    expect(lrFinderRate(0)).toBeCloseTo(1e-7, 20);
    expect(lrFinderRate(50)).toBeCloseTo(1e-3, 15);
    expect(lrFinderRate(99)).toBeCloseTo(10 ** (-7 + 8 * 0.99), 10);
    expect(lrFinderRate(10, { startLr: 1e-5, endLr: 1, iterations: 20 })).toBeCloseTo(10 ** -2.5, 15);
  });

  it('smooths with a bias-corrected EMA, β = 0.98', () => {
    const finder = new LrFinder();
    finder.record(1);
    finder.record(3);
    // a1 = 0.02 → 0.02/0.02 = 1; a2 = 0.98·0.02 + 0.02·3 = 0.0796 → 0.0796/(1 − 0.98²) = 2.010101…
    expect(finder.losses[0]).toBeCloseTo(1, 12);
    expect(finder.losses[1]).toBeCloseTo(0.0796 / 0.0396, 12);
    const flat = runLrFinder(() => 2);
    expect(flat.losses.every((loss) => Math.abs(loss - 2) < 1e-12)).toBe(true);
    expect(flat.status).toBe('done');
    expect(flat.lrs).toHaveLength(100);
    expect(flat.nextLearningRate()).toBeNull();
  });

  it('stops once the smoothed loss exceeds 4 × the best, keeping that point', () => {
    const finder = runLrFinder((lr) => (lr < 1e-3 ? 1 : 1000));
    expect(finder.status).toBe('diverged');
    const last = finder.losses.at(-1)!;
    expect(last).toBeGreaterThan(4);
    expect(finder.losses.slice(0, -1).every((loss) => loss <= 4)).toBe(true);
    expect(runLrFinder((lr) => (lr < 1e-3 ? 1 : NaN)).status).toBe('not-a-number');
  });
});

describe('LR suggestions (fastai valley and steep)', () => {
  it('match fastai on a reference curve', () => {
    // Reference values from ./lr-finder-reference.py: fastai's LRFinder (SchedExp at train_iter/num_it,
    // stop after the batch whose smoothed loss > 4 × best), AvgSmoothLoss (lerp, bias-corrected), the
    // recorder, lr_find's [num_it//10 : -5] trim, `valley` and `steep`, transcribed from
    // fastai/callback/schedule.py and fastai/learner.py into Python + numpy and run on the same curve
    // (Python 3, numpy 2.4.6; re-checked independently of this TypeScript on 2026-12-04).
    const finder = runLrFinder(syntheticLoss);
    expect(finder.status).toBe('diverged');
    expect(finder.lrs).toHaveLength(86);
    expect(finder.lrs.at(-1)).toBeCloseTo(0.630957344480193, 12);
    expect(finder.losses.at(-1)).toBeCloseTo(5.5079098361291585, 10);
    const suggestions = suggestLearningRates(finder.lrs, finder.losses);
    expect(suggestions.lrs).toHaveLength(71);
    expect(suggestions.valley).toMatchObject({ index: 29 });
    expect(suggestions.valley!.lr).toBeCloseTo(1.3182567385564074e-4, 15);
    expect(suggestions.valley!.loss).toBeCloseTo(1.992805707748974, 10);
    expect(suggestions.steep).toMatchObject({ index: 47 });
    expect(suggestions.steep!.lr).toBeCloseTo(3.63078054770101e-3, 14);
    expect(suggestions.steep!.loss).toBeCloseTo(1.583054523684985, 10);
  });

  it('valley: the point a third and a half of a third into the longest decreasing run', () => {
    // Longest decreasing run: indices 1–7 (length 7, start = 7 − 7 = 0); s = 7/3 → 0 + 2 + 1 = 3.
    const losses = [5, 6, 5, 4, 3, 2, 1, 0.5, 2, 9];
    const lrs = losses.map((_, i) => 10 ** (i - 5));
    expect(valleySuggestion(lrs, losses)).toEqual({ lr: 1e-2, index: 3, loss: 4 });
    expect(valleySuggestion([], [])).toBeNull();
  });

  it('steep: the left end of the most negative slope against ln(lr)', () => {
    const lrs = [1e-4, 1e-3, 1e-2, 1e-1];
    expect(steepSuggestion(lrs, [2, 1.9, 1.0, 3])).toEqual({ lr: 1e-3, index: 1, loss: 1.9 });
    expect(steepSuggestion([1], [1])).toBeNull();
  });

  it('trims the first tenth and the last five points, and cuts at the first NaN', () => {
    const lrs = Array.from({ length: 30 }, (_, i) => i + 1);
    const losses = lrs.map((lr) => (lr === 20 ? NaN : lr));
    expect(trimLrCurve(lrs, losses, 100).lrs).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});
