import type { DecompositionInput, HumanLevelEntry, ModelErrors } from './decomposition-input';
import { formatGap, formatNumber, formatPercent } from './format-percent';
import {
  AVOIDABLE_BIAS,
  GAP_DEFINITIONS,
  LEVEL_NAMES,
  VARIANCE_OR_MISMATCH,
  type GapDefinition,
  type GapKey,
  type LevelKey,
} from './gap-definitions';

export interface BayesProxy {
  label: string;
  errorPercent: number;
  /** Position of the entry in the input's humanLevels (the screen highlights it). */
  index: number;
}

export interface Level {
  key: LevelKey;
  name: string;
  /** null = not measured yet. */
  percent: number | null;
}

export interface Gap {
  key: GapKey;
  name: string;
  formula: string;
  from: LevelKey;
  to: LevelKey;
  /** Percentage points, negative when the later level is lower; null when a level it needs is missing. */
  points: number | null;
  /** Why `points` is null ("needs the train-dev error"). */
  unavailable: string | null;
  /** Set for a negative gap: what it means. Negative gaps are never clamped to 0. */
  note: string | null;
  knob: string;
}

export interface Decomposition {
  bayesProxy: BayesProxy | null;
  /** human (the Bayes proxy), train, train-dev, dev, test. */
  levels: Level[];
  /** Avoidable bias, variance, data mismatch, dev overfitting, and "variance + data mismatch" while train-dev is missing. */
  gaps: Gap[];
  /** The largest positive gap (ties go to the earlier one in the pipeline), or null when none is. */
  largest: GapKey | null;
  /** One sentence: the largest gap and the knob that closes it, or what is missing to say. */
  diagnosis: string;
  /** Train error below the best human level: avoidable bias cannot be estimated from human level. */
  modelBeatsHuman: boolean;
}

/** Differences of typed percentages without binary noise (2 − 0.7 = 1.3, not 1.2999999999999998). */
function difference(to: number, from: number): number {
  return Math.round((to - from) * 1e6) / 1e6;
}

/**
 * The Bayes proxy: the lowest error among the human-level entries (Ng: the best human performance is
 * the closest estimate of Bayes error, e.g. a team of experienced doctors at 0.5 % rather than a typical
 * doctor at 1 %). The first entry wins a tie. Null when there is none or none is a valid percentage.
 */
export function bayesProxy(humanLevels: readonly HumanLevelEntry[]): BayesProxy | null {
  let best: BayesProxy | null = null;
  humanLevels.forEach((entry, index) => {
    if (!Number.isFinite(entry.errorPercent)) return;
    if (best === null || entry.errorPercent < best.errorPercent) {
      best = { label: entry.label.trim(), errorPercent: entry.errorPercent, index };
    }
  });
  return best;
}

function levelsOf(proxy: BayesProxy | null, errors: ModelErrors): Record<LevelKey, number | null> {
  return {
    human: proxy?.errorPercent ?? null,
    train: errors.train,
    trainDev: errors.trainDev,
    dev: errors.dev,
    test: errors.test,
  };
}

const MISSING_REASON: Record<LevelKey, string> = {
  human: 'a human-level error',
  train: 'the train error',
  trainDev: 'the train-dev error',
  dev: 'the dev error',
  test: 'the test error',
};

/** One gap = level[to] − level[from], or "not available" naming what is missing. */
function gapOf(definition: GapDefinition, levels: Record<LevelKey, number | null>): Gap {
  const from = levels[definition.from];
  const to = levels[definition.to];
  const base = {
    key: definition.key,
    name: definition.name,
    formula: definition.formula,
    from: definition.from,
    to: definition.to,
    knob: definition.knob,
  };
  if (from === null || to === null) {
    const missing = [from === null ? definition.from : null, to === null ? definition.to : null]
      .filter((key): key is LevelKey => key !== null)
      .map((key) => MISSING_REASON[key]);
    return { ...base, points: null, unavailable: `needs ${missing.join(' and ')}`, note: null };
  }
  const points = difference(to, from);
  return { ...base, points, unavailable: null, note: points < 0 ? definition.negativeNote : null };
}

/** The largest positive gap; ties go to the earlier gap in the pipeline (fix bias before variance). */
function largestGap(gaps: readonly Gap[]): Gap | null {
  let largest: Gap | null = null;
  for (const gap of gaps) {
    if (gap.points === null || gap.points <= 0) continue;
    if (largest === null || gap.points > (largest.points ?? 0)) largest = gap;
  }
  return largest;
}

function diagnose(gaps: readonly Gap[], largest: Gap | null, modelBeatsHuman: boolean): string {
  if (largest) {
    const sentence = `The largest gap is ${largest.name.toLowerCase()}: ${formatNumber(largest.points ?? 0)} points (${largest.formula}). To close it, ${largest.knob}.`;
    return modelBeatsHuman
      ? `${sentence} The model already beats the best human level, so avoidable bias is no longer estimated from it.`
      : sentence;
  }
  const available = gaps.filter((gap) => gap.points !== null);
  if (available.length === 0) {
    return 'Not enough to diagnose yet: enter a human-level error and at least the train error.';
  }
  if (modelBeatsHuman && available.every((gap) => gap.key === AVOIDABLE_BIAS.key)) {
    return 'The model beats the best human level, so avoidable bias can no longer be estimated from human level; enter the train-dev, dev and test errors to see the other gaps.';
  }
  return 'No gap is positive: every later error is at or below the one before it, so there is nothing for a knob to close here.';
}

/**
 * The error decomposition of Ng's "Structuring Machine Learning Projects" (see gap-definitions.ts):
 *
 *   Bayes proxy     = min(human-level errors)
 *   avoidable bias  = train − human
 *   variance        = train-dev − train
 *   data mismatch   = dev − train-dev
 *   dev overfitting = test − dev
 *
 * All in percentage points. A gap whose levels are not both known is "not available", with the reason.
 * While train-dev is missing but train and dev are known, "variance + data mismatch" = dev − train is
 * reported too, since only a train-dev set tells the two apart. Negative gaps stay negative, with a note.
 * Never throws: invalid or missing values simply make gaps unavailable (validate separately to save).
 */
export function decompose(input: DecompositionInput): Decomposition {
  const proxy = bayesProxy(input.humanLevels);
  const values = levelsOf(proxy, input.errors);
  const levels: Level[] = (Object.keys(values) as LevelKey[]).map((key) => ({
    key,
    name: LEVEL_NAMES[key],
    percent: values[key],
  }));
  const gaps = GAP_DEFINITIONS.map((definition) => gapOf(definition, values));
  if (values.trainDev === null && values.train !== null && values.dev !== null) {
    gaps.push(gapOf(VARIANCE_OR_MISMATCH, values));
  }
  const modelBeatsHuman =
    values.human !== null && values.train !== null && difference(values.train, values.human) < 0;
  const largest = largestGap(gaps);
  return {
    bayesProxy: proxy,
    levels,
    gaps,
    largest: largest?.key ?? null,
    diagnosis: diagnose(gaps, largest, modelBeatsHuman),
    modelBeatsHuman,
  };
}

/** "avoidable bias +7.0" etc., one gap per part, for short summaries (CLI, tooltips). */
export function describeGap(gap: Gap): string {
  if (gap.points === null) return `${gap.name}: not available (${gap.unavailable})`;
  return `${gap.name}: ${formatGap(gap.points)} points (${gap.formula})`;
}

/** "Bayes proxy: expert, 2.0%" or a reminder that one is needed. */
export function describeBayesProxy(proxy: BayesProxy | null): string {
  return proxy
    ? `Bayes proxy: ${proxy.label || 'unlabelled'} at ${formatPercent(proxy.errorPercent)} (the best human level)`
    : 'No human-level error yet: enter one to estimate Bayes error.';
}
