/**
 * Pure helpers of the Train screen (no Svelte, no DOM), so they are unit-tested: the curves' scaling,
 * the form's text ↔ config mapping, the schema's messages by field, and the config diff of two runs.
 */
import type { z } from 'zod';
import { innerSize, type PlotBox } from '../charts/plot-box-view';
import type { EpochMetrics } from './run-schemas';

/** One point of a curve: x in epochs (1.5 = half-way through epoch 2), y a loss or an accuracy. */
export interface CurvePoint {
  x: number;
  y: number;
}

/** A round upper bound for a loss axis (1, 2, 2.5, 5 × 10^k), at least `floor`. */
export function niceMax(value: number, floor = 0.1): number {
  const v = Math.max(value, floor);
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= v) return step * power;
  return 10 * power;
}

/** Maps data to the box: x from 0 to xMax epochs, y from 0 (bottom) to yMax (top). */
export function makeScale(box: PlotBox, xMax: number, yMax: number) {
  const { innerWidth, innerHeight } = innerSize(box);
  const safeX = xMax > 0 ? xMax : 1;
  const safeY = yMax > 0 ? yMax : 1;
  return {
    x: (value: number) => box.left + (Math.min(Math.max(value, 0), safeX) / safeX) * innerWidth,
    y: (value: number) => box.top + innerHeight - (Math.min(Math.max(value, 0), safeY) / safeY) * innerHeight,
  };
}

/** The `points` attribute of an SVG polyline; non-finite points are dropped. */
export function polylinePoints(points: readonly CurvePoint[], scale: ReturnType<typeof makeScale>): string {
  return points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .map((p) => `${scale.x(p.x).toFixed(1)},${scale.y(p.y).toFixed(1)}`)
    .join(' ');
}

/** Curves of a run: one point per epoch end (x = epoch). */
export function curvesOf(curves: readonly EpochMetrics[]): {
  trainLoss: CurvePoint[];
  devLoss: CurvePoint[];
  trainAccuracy: CurvePoint[];
  devAccuracy: CurvePoint[];
} {
  const pick = (key: 'trainLoss' | 'devLoss' | 'trainAccuracy' | 'devAccuracy') =>
    curves.flatMap((c) => (c[key] === null ? [] : [{ x: c.epoch, y: c[key] as number }]));
  return {
    trainLoss: pick('trainLoss'),
    devLoss: pick('devLoss'),
    trainAccuracy: pick('trainAccuracy'),
    devAccuracy: pick('devAccuracy'),
  };
}

/** "256, 128" → [256, 128]; null when any part is not a whole number. */
export function parseUnitsText(text: string): number[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) return null;
  const values = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
  return values.every((value) => Number.isInteger(value)) ? values : null;
}

export function unitsText(values: readonly number[]): string {
  return values.join(', ');
}

/** The schema's messages keyed by dotted path (`model.hiddenUnits`, `learningRate`); the first wins. */
export function messagesByPath(error: z.ZodError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.filter((part) => typeof part === 'string').join('.') || 'config';
    out[key] ??= issue.message;
  }
  return out;
}

const FIELD_LABELS: Record<string, string> = {
  'model.hiddenUnits': 'Hidden layers',
  'model.filters': 'Conv blocks',
  'model.convsPerBlock': 'Convs per block',
  'model.denseUnits': 'Dense units',
  'model.dropout': 'Dropout',
  'model.l2': 'L2',
  'optimizer.beta1': 'β₁',
  'optimizer.beta2': 'β₂',
  'optimizer.momentum': 'Momentum',
  learningRate: 'Learning rate',
  'schedule.everyEpochs': 'Step every',
  'schedule.factor': 'Step factor',
  'schedule.rate': 'Decay rate',
  'schedule.minLearningRate': 'Minimum learning rate',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  seed: 'Seed',
  limitTrainItems: 'Train items',
  'input.width': 'Width',
  'input.height': 'Height',
  'augmentation.maxRotationDegrees': 'Max rotation',
  'augmentation.blurProbability': 'Blur probability',
};

/** The form's name of a config field, for the summary of problems ("Epochs: too small…"). */
export function fieldLabel(path: string): string {
  return FIELD_LABELS[path] ?? path;
}

/** Flatten a config to dotted paths with printable values. */
export function flattenConfig(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    out[prefix] = value.join(', ');
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      Object.assign(out, flattenConfig(inner, prefix ? `${prefix}.${key}` : key));
    }
  } else {
    out[prefix] = String(value);
  }
  return out;
}

/** The settings that differ between two configs (a field one has and the other lacks shows "—"). */
export function configDiff(a: unknown, b: unknown): { path: string; a: string; b: string }[] {
  const fa = flattenConfig(a);
  const fb = flattenConfig(b);
  const paths = [...new Set([...Object.keys(fa), ...Object.keys(fb)])];
  return paths
    .filter((path) => fa[path] !== fb[path])
    .map((path) => ({ path, a: fa[path] ?? '—', b: fb[path] ?? '—' }));
}

/** "12.3 %" from an error rate in 0–1; "—" when not measured. */
export function percentText(rate: number | null | undefined, digits = 1): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(digits)} %`;
}

/** "1 min 05 s", "42 s"; "—" when unknown. */
export function durationText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}
