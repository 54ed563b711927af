/**
 * Pure helpers of the Tune screen (no Svelte, no DOM), so they are unit-tested: a parameter's axis on its
 * own scale (positions and ticks for the preview strips, slice plots and parallel coordinates), value
 * formatting, the choices text ↔ values mapping, best-so-far, linear "nice" ticks and the sorting of the
 * trials table.
 */
import { coordinateRange, toScaleCoordinate } from './parameter-scale';
import type { Parameter, ParameterValue } from './search-space';
import type { Direction } from './trial-ranking';

export interface AxisTick {
  /** 0 (left / bottom) … 1 (right / top). */
  position: number;
  label: string;
}

export interface ParameterAxis {
  kind: 'linear' | 'log' | 'log_complement' | 'category';
  /** Where a value sits on the axis, 0 … 1; null for a value that does not belong to it. */
  position(value: ParameterValue | undefined | null): number | null;
  ticks: AxisTick[];
  /** "log scale", "log scale of 1 − x", "linear", "choices". */
  scaleLabel: string;
}

/** Round linear ticks covering [low, high] (Heckbert's "nice numbers", Graphics Gems 1990): 1, 2, 5 × 10^k steps. */
export function niceTicks(low: number, high: number, target = 5, integer = false): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [];
  if (high <= low) return [low];
  const raw = (high - low) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power;
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.ceil(low / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let value = first; value <= high + step * 1e-9; value += step) ticks.push(roundTo(value, step));
  return ticks;
}

function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(20, decimals)));
}

/** Powers of ten (or 1-2-5 × 10^k when the range spans fewer than two decades) within [low, high] (> 0). */
export function logTicks(low: number, high: number): number[] {
  const first = Math.floor(Math.log10(low) + 1e-9);
  const last = Math.ceil(Math.log10(high) - 1e-9);
  const inside = (value: number) => value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9);
  const decades = Array.from({ length: last - first + 1 }, (_, index) => 10 ** (first + index)).filter(
    inside,
  );
  if (decades.length >= 3) {
    const stride = Math.ceil(decades.length / 7);
    return decades.filter((_, index) => index % stride === 0).map(cleanPower);
  }
  const steps: number[] = [];
  for (let exponent = first; exponent <= last; exponent++)
    for (const factor of [1, 2, 5]) steps.push(factor * 10 ** exponent);
  const within = steps.filter(inside).map(cleanPower);
  return within.length >= 2 ? within : [low, high];
}

function cleanPower(value: number): number {
  return Number(value.toPrecision(12));
}

/** A short text for a parameter's value: whole numbers as they are, tiny rates in e-notation, β with the digits of 1 − β. */
export function formatValue(value: ParameterValue | null | undefined, parameter?: Parameter): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  if (parameter?.scale === 'log_complement' && value < 1 && value > 0.5) {
    // β = 0.99934: three significant digits of 1 − β.
    const decimals = Math.min(12, Math.ceil(-Math.log10(1 - value)) + 2);
    return trimZeros(value.toFixed(decimals));
  }
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) {
    const [mantissa, exponent] = value.toExponential(2).split('e');
    return `${trimZeros(mantissa!)}e${Number(exponent)}`;
  }
  return trimZeros(value.toPrecision(3));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** The axis of a parameter on its own scale: log10 for log ranges, log10(1 − x) for β (drawn with β growing to the right). */
export function parameterAxis(parameter: Parameter): ParameterAxis {
  if (parameter.scale === 'choice') {
    const n = Math.max(1, parameter.choices.length);
    const index = (value: ParameterValue | undefined | null) =>
      value === undefined || value === null ? -1 : parameter.choices.findIndex((c) => c === value);
    return {
      kind: 'category',
      scaleLabel: 'choices',
      position: (value) => {
        const i = index(value);
        return i < 0 ? null : (i + 0.5) / n;
      },
      ticks: parameter.choices.map((choice, i) => ({ position: (i + 0.5) / n, label: String(choice) })),
    };
  }
  const { low, high } = parameter;
  const valid = Number.isFinite(low) && Number.isFinite(high) && low < high;
  const logScale = parameter.scale === 'log_uniform' || (parameter.scale === 'int' && parameter.log === true);
  if (!valid || (logScale && low <= 0) || (parameter.scale === 'log_complement' && (low < 0 || high >= 1))) {
    return { kind: 'linear', scaleLabel: 'linear', position: () => null, ticks: [] };
  }
  const range = coordinateRange(parameter);
  const span = range.high - range.low;
  const complement = parameter.scale === 'log_complement';
  const position = (value: ParameterValue | undefined | null): number | null => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    if (logScale && value <= 0) return null;
    if (complement && value >= 1) return null;
    const c = toScaleCoordinate(parameter, value);
    return complement ? (range.high - c) / span : (c - range.low) / span;
  };
  let values: number[];
  let kind: ParameterAxis['kind'];
  let scaleLabel: string;
  if (complement) {
    kind = 'log_complement';
    scaleLabel = 'log scale of 1 − x';
    values = logTicks(1 - high, 1 - low)
      .map((d) => Number((1 - d).toPrecision(12)))
      .reverse();
  } else if (logScale) {
    kind = 'log';
    scaleLabel = 'log scale';
    values = logTicks(low, high);
    if (parameter.scale === 'int') values = [...new Set(values.map((v) => Math.round(v)))];
  } else {
    kind = 'linear';
    scaleLabel = 'linear';
    values = niceTicks(low, high, 5, parameter.scale === 'int');
  }
  return {
    kind,
    scaleLabel,
    position,
    ticks: values.map((value) => ({ position: position(value)!, label: formatValue(value, parameter) })),
  };
}

/** A linear axis for an objective (accuracy, loss): round bounds around the values, ticks at round steps. */
export function valueAxis(
  values: readonly number[],
  target = 5,
): { low: number; high: number; ticks: number[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { low: 0, high: 1, ticks: niceTicks(0, 1, target) };
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (high - low < 1e-9) {
    const pad = Math.abs(high) > 0 ? Math.abs(high) * 0.05 : 0.05;
    low -= pad;
    high += pad;
  }
  const ticks = niceTicks(low, high, target);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : high - low;
  const roundedLow = Math.floor(low / step + 1e-9) * step;
  const roundedHigh = Math.ceil(high / step - 1e-9) * step;
  return {
    low: roundTo(roundedLow, step),
    high: roundTo(roundedHigh, step),
    ticks: niceTicks(roundTo(roundedLow, step), roundTo(roundedHigh, step), target),
  };
}

/** The best value up to each trial (null until the first trial with a value). */
export function bestSoFar(values: readonly (number | null)[], direction: Direction): (number | null)[] {
  let best: number | null = null;
  return values.map((value) => {
    if (value !== null && Number.isFinite(value)) {
      if (best === null || (direction === 'maximize' ? value > best : value < best)) best = value;
    }
    return best;
  });
}

/**
 * "64, 128, 256" → [64, 128, 256]; "adam, sgd" → ['adam', 'sgd']; "true" → true. Each part is a number
 * when it reads as one, a boolean for true/false, else a string. Empty parts are dropped.
 */
export function parseChoicesText(text: string): ParameterValue[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      if (part === 'true') return true;
      if (part === 'false') return false;
      const number = Number(part);
      return Number.isFinite(number) ? number : part;
    });
}

export function choicesText(choices: readonly ParameterValue[]): string {
  return choices.map(String).join(', ');
}

/** "1e-4" → 0.0001, "" or "abc" → NaN (the space's own check then says "must be numbers"). */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export type SortValue = number | string | boolean | null | undefined;

/** Sort rows by a key, missing values last whatever the direction; ties keep their order. */
export function sortRows<T>(rows: readonly T[], key: (row: T) => SortValue, descending: boolean): T[] {
  const sign = descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: key(row) }))
    .sort((a, b) => {
      const aMissing = a.value === null || a.value === undefined || Number.isNaN(a.value);
      const bMissing = b.value === null || b.value === undefined || Number.isNaN(b.value);
      if (aMissing || bMissing) return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
      const order =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value), 'en', { numeric: true });
      return sign * order || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** "41%" from 0.4095; "99.9%" near 1 rather than a misleading "100%". */
export function chanceText(probability: number): string {
  const percent = probability * 100;
  if (percent >= 99.95 && probability < 1) return '>99.9%';
  if (percent >= 99.5 && probability < 1) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}
