import type { NumericParameter, Parameter, ParameterValue } from './search-space';

/**
 * A parameter's own scale: the coordinate in which its values are spread evenly, used for random draws,
 * grid steps, coarse-to-fine spans and slice plots.
 *
 *     uniform, int            c = x
 *     log_uniform, int + log  c = log10 x
 *     log_complement          c = log10(1 − x)     (β = 0.9 → −1, β = 0.999 → −3)
 *
 * Choices have no coordinate.
 */
export function toScaleCoordinate(parameter: NumericParameter, value: number): number {
  switch (parameter.scale) {
    case 'uniform':
      return value;
    case 'int':
      return parameter.log ? Math.log10(value) : value;
    case 'log_uniform':
      return Math.log10(value);
    case 'log_complement':
      return Math.log10(1 - value);
  }
}

/** The inverse of `toScaleCoordinate` (ints are rounded to the nearest whole number inside the range). */
export function fromScaleCoordinate(parameter: NumericParameter, coordinate: number): number {
  switch (parameter.scale) {
    case 'uniform':
      return clamp(coordinate, parameter.low, parameter.high);
    case 'int':
      return clamp(Math.round(parameter.log ? 10 ** coordinate : coordinate), parameter.low, parameter.high);
    case 'log_uniform':
      return clamp(10 ** coordinate, parameter.low, parameter.high);
    case 'log_complement':
      return clamp(1 - 10 ** coordinate, parameter.low, parameter.high);
  }
}

/** The range of the coordinate, low to high (for log_complement the ends swap: high β has the low c). */
export function coordinateRange(parameter: NumericParameter): { low: number; high: number } {
  const a = toScaleCoordinate(parameter, parameter.low);
  const b = toScaleCoordinate(parameter, parameter.high);
  return { low: Math.min(a, b), high: Math.max(a, b) };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * How TPE sees a numeric parameter (Optuna's `FloatDistribution` / `IntDistribution`): a variable v on
 * [low, high], on a log axis or not, with a step for ints. A log_complement parameter β is modelled
 * through v = 1 − β on a log axis, so its Parzen estimator lives on its own scale too.
 */
export interface TpeDomain {
  low: number;
  high: number;
  log: boolean;
  /** 1 for ints, null for continuous values. */
  step: number | null;
}

export function tpeDomain(parameter: NumericParameter): TpeDomain {
  switch (parameter.scale) {
    case 'uniform':
      return { low: parameter.low, high: parameter.high, log: false, step: null };
    case 'log_uniform':
      return { low: parameter.low, high: parameter.high, log: true, step: null };
    case 'int':
      return { low: parameter.low, high: parameter.high, log: parameter.log ?? false, step: 1 };
    case 'log_complement':
      return { low: 1 - parameter.high, high: 1 - parameter.low, log: true, step: null };
  }
}

/** value → TPE's variable v. */
export function toTpeVariable(parameter: NumericParameter, value: number): number {
  return parameter.scale === 'log_complement' ? 1 - value : value;
}

/** TPE's variable v → value. */
export function fromTpeVariable(parameter: NumericParameter, variable: number): number {
  return parameter.scale === 'log_complement' ? 1 - variable : variable;
}

export function isNumeric(parameter: Parameter): parameter is NumericParameter {
  return parameter.scale !== 'choice';
}

/** Whether a value fits the parameter (type, range, whole number, listed choice). */
export function isValueOf(parameter: Parameter, value: ParameterValue | undefined): boolean {
  if (value === undefined) return false;
  if (parameter.scale === 'choice') return parameter.choices.includes(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (parameter.scale === 'int' && !Number.isInteger(value)) return false;
  return value >= parameter.low && value <= parameter.high;
}
