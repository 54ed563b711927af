import { coordinateRange, fromScaleCoordinate } from './parameter-scale';
import {
  assertValidSearchSpace,
  type Parameter,
  type ParameterValue,
  type Params,
  type SearchSpace,
} from './search-space';
import { seededRandom } from './seeded-random';

/**
 * The values a grid tries on one axis: `count` points evenly spaced on the parameter's own scale, ends
 * included (numpy's `linspace` / `logspace`; one point = the middle). Ints are rounded and repeated
 * values dropped; a choice contributes all its choices.
 */
export function gridAxis(parameter: Parameter, count: number): ParameterValue[] {
  if (parameter.scale === 'choice') return [...parameter.choices];
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`a grid needs at least 1 value per axis, got ${count}`);
  const { low, high } = coordinateRange(parameter);
  const values = Array.from({ length: count }, (_, i) =>
    fromScaleCoordinate(parameter, count === 1 ? (low + high) / 2 : low + ((high - low) * i) / (count - 1)),
  );
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * ⌊N^(1/k)⌋: the whole number of values per axis a grid of N trials over k axes can afford (0 without a
 * budget). Also the budget helper's m.
 */
export function gridValuesPerAxis(budget: number, axes: number): number {
  if (!Number.isInteger(axes) || axes < 1)
    throw new RangeError(`axes must be a whole number ≥ 1, got ${axes}`);
  if (budget < 1) return 0;
  return Math.floor(budget ** (1 / axes) + 1e-9);
}

/**
 * Grid search (there for comparison with random search): the Cartesian product of `gridAxis` per
 * parameter, in a seeded shuffled order, so stopping early still spreads the trials over the grid
 * instead of sweeping one corner.
 */
export function gridSearch(space: SearchSpace, valuesPerAxis: number, seed: number): Params[] {
  assertValidSearchSpace(space);
  let points: Params[] = [{}];
  for (const parameter of space.parameters) {
    const axis = gridAxis(parameter, valuesPerAxis);
    points = points.flatMap((point) => axis.map((value) => ({ ...point, [parameter.name]: value })));
  }
  return seededRandom(seed).shuffle(points);
}
