import { coordinateRange, fromScaleCoordinate } from './parameter-scale';
import {
  assertValidSearchSpace,
  type Parameter,
  type ParameterValue,
  type Params,
  type SearchSpace,
} from './search-space';
import { seededRandom, type SeededRandom } from './seeded-random';

/**
 * One random draw of a parameter, uniform on its own scale (Bergstra & Bengio, "Random Search for
 * Hyper-Parameter Optimization", JMLR 13, 2012; Ng's "use a log scale for α and 1 − β"):
 *
 * - uniform: x ~ U(low, high); log_uniform: x = 10^r, r ~ U(log10 low, log10 high);
 * - log_complement: x = 1 − 10^r, r ~ U(log10(1 − high), log10(1 − low));
 * - int: a whole number with equal chance each; with `log`, Optuna's rule: v ~ U(ln(low − ½), ln(high + ½)),
 *   x = round(eᵛ) clipped to [low, high] (each value's chance proportional to its width in log);
 * - choice: each choice with equal chance.
 */
export function sampleParameter(parameter: Parameter, random: SeededRandom): ParameterValue {
  switch (parameter.scale) {
    case 'choice':
      return parameter.choices[random.integer(parameter.choices.length)]!;
    case 'int': {
      if (!parameter.log) return parameter.low + random.integer(parameter.high - parameter.low + 1);
      const v = random.uniform(Math.log(parameter.low - 0.5), Math.log(parameter.high + 0.5));
      return Math.min(parameter.high, Math.max(parameter.low, Math.round(Math.exp(v))));
    }
    default: {
      const { low, high } = coordinateRange(parameter);
      return fromScaleCoordinate(parameter, random.uniform(low, high));
    }
  }
}

/** A draw of every parameter of the space, in the space's order. */
export function sampleParams(space: SearchSpace, random: SeededRandom): Params {
  const params: Params = {};
  for (const parameter of space.parameters) params[parameter.name] = sampleParameter(parameter, random);
  return params;
}

/**
 * Random search: `count` seeded draws (the default strategy). The same space and seed give the same
 * trials; the first n of `randomSearch(space, seed, n + m)` are `randomSearch(space, seed, n)`.
 */
export function randomSearch(space: SearchSpace, seed: number, count: number): Params[] {
  assertValidSearchSpace(space);
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => sampleParams(space, random));
}
