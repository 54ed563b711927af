import type { ChartBox } from '../training/train-view';
import type { LrCurvePoint } from './lr-find-result';

/**
 * Presentation of an LR finder curve, shared by the screen's plot, `ceiling lr-find` and the bench:
 * rates as short scientific numbers, the curve at each decade, and the plot's axes.
 */

/** `3.2e-3`, `1e-7`, `10`: `digits` significant digits (2 by default), no trailing zeros. */
export function formatLr(lr: number, digits = 2): string {
  if (!Number.isFinite(lr) || lr <= 0) return String(lr);
  if (lr >= 0.01 && lr < 100) return String(Number(lr.toPrecision(digits)));
  const [mantissa, exponent] = lr.toExponential(digits - 1).split('e');
  const m = mantissa!.includes('.') ? mantissa!.replace(/\.?0+$/, '') : mantissa!;
  return `${m}e${Number(exponent)}`;
}

/** The powers of ten k with lo ≤ 10^k ≤ hi (the plot's x ticks, the CLI's summary rows). */
export function decadesBetween(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) out.push(k);
  return out;
}

export interface DecadeRow {
  /** log10 of the decade: the row is at lr = 10^decade. */
  decade: number;
  lr: number;
  /** The losses there, linearly interpolated in log10(lr) between the two recorded points around it. */
  smoothed: number | null;
  loss: number | null;
}

/** One row per power of ten the sweep crossed, the losses interpolated at exactly that rate. */
export function decadeSummary(points: readonly LrCurvePoint[]): DecadeRow[] {
  if (points.length === 0) return [];
  const logs = points.map((point) => Math.log10(point.lr));
  const at = (i: number, t: number, value: (point: LrCurvePoint) => number | null) => {
    const a = value(points[i]!);
    const b = value(points[Math.min(i + 1, points.length - 1)]!);
    return a === null || b === null ? null : a + t * (b - a);
  };
  return decadesBetween(points[0]!.lr, points.at(-1)!.lr).map((decade) => {
    let i = 0;
    while (i + 1 < logs.length && logs[i + 1]! <= decade) i++;
    const span = i + 1 < logs.length ? logs[i + 1]! - logs[i]! : 0;
    const t = span > 0 ? (decade - logs[i]!) / span : 0;
    return {
      decade,
      lr: 10 ** decade,
      smoothed: at(i, t, (point) => point.smoothed),
      loss: at(i, t, (point) => point.loss),
    };
  });
}

/**
 * The plot's scales: x = log10(lr) over the sweep's requested range, y = loss from a little under the
 * lowest loss (raw or smoothed) to a cap. The cap keeps the divergence at the end from flattening the valley:
 * at most 1.5 × the first smoothed loss (fastai's plot skips the last five points for the same reason),
 * but never below the highest smoothed loss before the minimum.
 */
export function lrPlotScales(
  points: readonly LrCurvePoint[],
  range: { startLr: number; endLr: number },
  box: ChartBox,
) {
  const x0 = Math.log10(range.startLr);
  const x1 = Math.log10(range.endLr);
  const smoothed = points.map((point) => point.smoothed).filter((v): v is number => v !== null);
  const raw = points.map((point) => point.loss).filter((v): v is number => v !== null);
  // the floor takes the raw losses too: clamped onto the axis they would read as a flat line of zeros
  let lo = smoothed.length ? Math.min(...smoothed, ...raw) : 0;
  let hi = smoothed.length ? Math.max(...smoothed) : 1;
  if (smoothed.length) {
    // everything up to the smoothed minimum is shown whole (the raw noise there too); past it, the
    // divergence is cut at 1.5 × the first smoothed loss
    let minIndex = 0;
    points.forEach((point, i) => {
      if (point.smoothed !== null && point.smoothed < (points[minIndex]!.smoothed ?? Infinity)) minIndex = i;
    });
    const upToMin = points
      .slice(0, minIndex + 1)
      .flatMap((point) => [point.smoothed, point.loss])
      .filter((v): v is number => v !== null);
    hi = Math.min(Math.max(hi, ...raw), Math.max(1.5 * smoothed[0]!, ...upToMin));
  }
  if (hi - lo < 1e-6) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.06;
  lo = Math.max(0, lo - pad);
  hi += pad;
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  return {
    yMin: lo,
    yMax: hi,
    x: (lr: number) => box.left + ((Math.log10(lr) - x0) / (x1 - x0)) * plotWidth,
    /** Clamped to the plot: points above the cap sit on its top edge. */
    y: (loss: number) => box.top + (1 - (Math.min(Math.max(loss, lo), hi) - lo) / (hi - lo)) * plotHeight,
  };
}

/** Round loss ticks (1, 2 or 5 × 10^k apart) spanning [lo, hi], about `count` of them. */
export function lossTicks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/** SVG polyline points of a series (null losses break nothing: they are skipped). */
export function lrPolyline(
  points: readonly LrCurvePoint[],
  value: (point: LrCurvePoint) => number | null,
  scales: ReturnType<typeof lrPlotScales>,
): string {
  return points
    .filter((point) => value(point) !== null)
    .map((point) => `${scales.x(point.lr).toFixed(1)},${scales.y(value(point)!).toFixed(1)}`)
    .join(' ');
}
