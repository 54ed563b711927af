import { coordinateRange, fromScaleCoordinate, toScaleCoordinate } from './parameter-scale';
import type { Parameter, SearchSpace } from './search-space';
import { topTrials, type Direction, type ScoredTrial } from './trial-ranking';

/**
 * The seed's exercise D1: round 1 = 20 random trials, round 2 = 10 trials in the space narrowed around the
 * top 5 (with more epochs), round 3 = the finalists trained fully.
 */
export const COARSE_TO_FINE_D1 = { rounds: [{ trials: 20 }, { trials: 10 }], topK: 5 } as const;

/** When the top trials agree on one value, the narrowed range keeps this fraction of the old one around it. */
export const MIN_SPAN_FRACTION = 0.1;

/**
 * One coarse-to-fine step (Ng, "Improving Deep Neural Networks", week 3: zoom into the region of the best
 * points and sample more densely there): each numeric range becomes the span of the top-k trials' values
 * in that parameter's own scale (`toScaleCoordinate`: a learning rate's span is taken in log10, a
 * momentum's in log10(1 − β)), clipped to the old range. When that span is narrower than
 * `MIN_SPAN_FRACTION` of the old range in its scale (the top trials agree, or only one is given) it is
 * widened to that fraction around its centre, so the next round still has room to search. An int range
 * keeps at least two values. A choice keeps the choices the top trials used (in the old order). Trials
 * without a value are ignored; with none at all the space is returned unchanged.
 */
export function narrowSearchSpace(
  space: SearchSpace,
  trials: readonly ScoredTrial[],
  topK: number,
  direction: Direction,
): SearchSpace {
  const best = topTrials(trials, topK, direction);
  if (best.length === 0) return { parameters: space.parameters.map((parameter) => ({ ...parameter })) };
  return {
    parameters: space.parameters.map((parameter): Parameter => {
      const values = best.map((trial) => trial.params[parameter.name]).filter((value) => value !== undefined);
      if (parameter.scale === 'choice') {
        const used = parameter.choices.filter((choice) => values.includes(choice));
        return { ...parameter, choices: used.length > 0 ? used : [...parameter.choices] };
      }
      const coordinates = values
        .filter((value): value is number => typeof value === 'number')
        .map((value) => toScaleCoordinate(parameter, value));
      if (coordinates.length === 0) return { ...parameter };
      const old = coordinateRange(parameter);
      let low = Math.max(old.low, Math.min(...coordinates));
      let high = Math.min(old.high, Math.max(...coordinates));
      const minSpan = MIN_SPAN_FRACTION * (old.high - old.low);
      if (high - low < minSpan) {
        const centre = (low + high) / 2;
        low = Math.max(old.low, centre - minSpan / 2);
        high = Math.min(old.high, centre + minSpan / 2);
        if (high - low < minSpan) {
          // Against an end of the old range: keep the width by extending the other way.
          if (low === old.low) high = Math.min(old.high, low + minSpan);
          else low = Math.max(old.low, high - minSpan);
        }
      }
      const a = fromScaleCoordinate(parameter, low);
      const b = fromScaleCoordinate(parameter, high);
      let narrowedLow = Math.min(a, b);
      let narrowedHigh = Math.max(a, b);
      if (parameter.scale === 'int') {
        narrowedLow = Math.floor(narrowedLow);
        narrowedHigh = Math.ceil(narrowedHigh);
        if (narrowedHigh === narrowedLow) {
          if (narrowedHigh < parameter.high) narrowedHigh++;
          else narrowedLow--;
        }
      }
      return { ...parameter, low: narrowedLow, high: narrowedHigh };
    }),
  };
}
