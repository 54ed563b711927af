import { describe, expect, it } from 'vitest';
import type { LrCurvePoint } from './lr-find-result';
import { recommendSuggestion } from './lr-find-result';
import { decadeSummary, decadesBetween, formatLr, lossTicks, lrPlotScales } from './lr-find-view';

const box = { width: 500, height: 300, left: 50, right: 10, top: 10, bottom: 40 };

describe('LR finder view', () => {
  it('formats rates short', () => {
    expect(formatLr(1e-7)).toBe('1e-7');
    expect(formatLr(0.0031622)).toBe('3.2e-3');
    expect(formatLr(0.05)).toBe('0.05');
    expect(formatLr(10)).toBe('10');
    expect(formatLr(3.98e-4)).toBe('4e-4');
    expect(formatLr(3.98e-4, 3)).toBe('3.98e-4');
    expect(formatLr(1.0e-4, 3)).toBe('1e-4');
    expect(formatLr(0.0212, 3)).toBe('0.0212');
  });

  it('lists the decades of a range and summarizes a curve at each', () => {
    expect(decadesBetween(1e-7, 10)).toEqual([-7, -6, -5, -4, -3, -2, -1, 0, 1]);
    expect(decadesBetween(2e-5, 0.5)).toEqual([-4, -3, -2, -1]);
    const points: LrCurvePoint[] = Array.from({ length: 9 }, (_, i) => ({
      lr: 10 ** (-4 + i * 0.5),
      loss: i,
      smoothed: i + 0.5,
    }));
    expect(decadeSummary(points).map((row) => [row.decade, row.smoothed])).toEqual([
      [-4, 0.5],
      [-3, 2.5],
      [-2, 4.5],
      [-1, 6.5],
      [0, 8.5],
    ]);
    // between two points: linear in log10(lr)
    const two: LrCurvePoint[] = [
      { lr: 10 ** -3.25, loss: 1, smoothed: 2 },
      { lr: 10 ** -2.75, loss: 3, smoothed: null },
    ];
    expect(decadeSummary(two)).toEqual([{ decade: -3, lr: 1e-3, loss: 2, smoothed: null }]);
  });

  it('scales x by log10 over the requested range and caps y so the divergence does not flatten the valley', () => {
    const points: LrCurvePoint[] = [
      { lr: 1e-6, loss: 2.3, smoothed: 2.3 },
      { lr: 1e-4, loss: 2.2, smoothed: 2.2 },
      { lr: 1e-2, loss: 0.8, smoothed: 1.0 },
      { lr: 1, loss: 40, smoothed: 30 },
    ];
    const s = lrPlotScales(points, { startLr: 1e-6, endLr: 1 }, box);
    expect(s.x(1e-6)).toBe(50);
    expect(s.x(1)).toBe(490);
    expect(s.x(1e-3)).toBeCloseTo(270, 10);
    expect(s.yMax).toBeLessThan(3.5 * 1.1); // capped near 1.5 × 2.3, not 30
    expect(s.yMin).toBeLessThan(0.8); // the raw loss at 1e-2 is above the floor, not clamped onto it
    expect(s.y(30)).toBe(10); // above the cap: on the top edge
    expect(s.y(s.yMin)).toBe(260);
  });

  it('makes round loss ticks', () => {
    expect(lossTicks(0.93, 2.41)).toEqual([1, 1.5, 2]);
    expect(lossTicks(0.93, 2.41, 8)).toEqual([1, 1.2, 1.4, 1.6, 1.8, 2, 2.2, 2.4]);
    expect(lossTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('recommends valley when the loss fell there, steep as a fallback, nothing when flat', () => {
    const valley = { lr: 1e-3, index: 5, loss: 1 };
    const steep = { lr: 1e-2, index: 8, loss: 1.5 };
    expect(recommendSuggestion('diverged', { valley, steep, losses: [2, 1] }).recommended).toBe('valley');
    expect(
      recommendSuggestion('done', { valley: { ...valley, loss: 2 }, steep, losses: [2, 1.5] }).recommended,
    ).toBe('steep');
    expect(
      recommendSuggestion('done', {
        valley: { ...valley, loss: 2 },
        steep: { ...steep, loss: 2 },
        losses: [2],
      }).recommended,
    ).toBeNull();
    expect(recommendSuggestion('cancelled', { valley, steep, losses: [2] }).recommended).toBeNull();
  });
});
