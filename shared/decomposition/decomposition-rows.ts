import type { Decomposition, Gap } from './decompose';
import { errorsSourceNote, type DecompositionInput, type ErrorsSource } from './decomposition-input';
import { BAYES_PROXY_WHY, LEVEL_NAMES, type GapKey, type LevelKey } from './gap-definitions';

/**
 * The decomposition as one table, in the order of the waterfall (human levels, then each error with
 * the gap that leads to it, then the diagnosis). The CSV export and the Markdown copy are two renderings
 * of these rows, so they always say the same thing.
 */
export interface DecompositionRow {
  kind: 'human-level' | 'error' | 'gap' | 'diagnosis';
  name: string;
  /** The formula of a gap ("train − human"); empty otherwise. */
  formula: string;
  /** A level in percent or a gap in percentage points; null when not measured or not available. */
  value: number | null;
  note: string;
  /** The human-level entry used as the Bayes proxy. */
  isBayesProxy: boolean;
}

/**
 * The waterfall's order after the Bayes proxy: each level comes after the gap that leads to it
 * ("variance + data mismatch" stands between train and dev only while train-dev is missing).
 */
export type WaterfallStep = { level: LevelKey } | { gap: GapKey };
export const WATERFALL_ORDER: readonly WaterfallStep[] = [
  { gap: 'avoidableBias' },
  { level: 'train' },
  { gap: 'variance' },
  { level: 'trainDev' },
  { gap: 'dataMismatch' },
  { gap: 'varianceOrMismatch' },
  { level: 'dev' },
  { gap: 'devOverfitting' },
  { level: 'test' },
];

function gapRow(gap: Gap, largest: GapKey | null): DecompositionRow {
  const notes = [
    gap.points === null ? `not available: ${gap.unavailable}` : '',
    gap.note ?? '',
    gap.key === largest ? 'largest gap' : '',
  ].filter(Boolean);
  return {
    kind: 'gap',
    name: gap.name,
    formula: gap.formula,
    value: gap.points,
    note: notes.join('; '),
    isBayesProxy: false,
  };
}

export function decompositionRows(
  input: DecompositionInput,
  result: Decomposition,
  errorsSource: ErrorsSource,
): DecompositionRow[] {
  const rows: DecompositionRow[] = input.humanLevels.map((entry, index) => ({
    kind: 'human-level',
    name: entry.label.trim(),
    formula: index === result.bayesProxy?.index ? 'min(human levels)' : '',
    value: entry.errorPercent,
    note: index === result.bayesProxy?.index ? `Bayes proxy: ${BAYES_PROXY_WHY}` : '',
    isBayesProxy: index === result.bayesProxy?.index,
  }));
  for (const step of WATERFALL_ORDER) {
    if ('gap' in step) {
      const gap = result.gaps.find((candidate) => candidate.key === step.gap);
      if (gap) rows.push(gapRow(gap, result.largest));
    } else {
      const level = result.levels.find((candidate) => candidate.key === step.level);
      rows.push({
        kind: 'error',
        name: LEVEL_NAMES[step.level],
        formula: '',
        value: level?.percent ?? null,
        note: level?.percent === null ? 'not measured yet' : errorsSourceNote(errorsSource),
        isBayesProxy: false,
      });
    }
  }
  rows.push({
    kind: 'diagnosis',
    name: 'Diagnosis',
    formula: '',
    value: null,
    note: result.diagnosis,
    isBayesProxy: false,
  });
  return rows;
}
