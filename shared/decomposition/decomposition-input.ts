/**
 * What the error decomposition is computed from: the human-level entries and the model's four errors,
 * all in percent. Plain types and a hand-written validator (no zod), so the renderer can check what is
 * typed on every keystroke and the contract's schema can reuse the same rules (shared/calls).
 */

/** One human-level benchmark, e.g. "team of experts" at 0.7 %. */
export interface HumanLevelEntry {
  label: string;
  errorPercent: number;
}

/** The model's errors in percent; `null` = not measured yet (e.g. no train-dev set, test not run). */
export interface ModelErrors {
  train: number | null;
  trainDev: number | null;
  dev: number | null;
  test: number | null;
}

/**
 * Where the model's errors came from: `manual` (typed in by hand, or a seed example), or `run:<runId>`
 * when they were filled in from a completed model run's per-split error rates (still editable by hand).
 */
export const ERRORS_SOURCES = ['manual'] as const;
export type ErrorsSource = (typeof ERRORS_SOURCES)[number] | `run:${string}`;

const RUN_SOURCE = /^run:([0-9]{8}-[0-9]{6}-[0-9a-f]{6})$/;

export function isErrorsSource(value: unknown): value is ErrorsSource {
  return typeof value === 'string' && (value === 'manual' || RUN_SOURCE.test(value));
}

export function runErrorsSource(runId: string): ErrorsSource {
  return `run:${runId}`;
}

/** The run id named by a source, or null for `manual`. */
export function runIdOfSource(source: ErrorsSource): string | null {
  return RUN_SOURCE.exec(source)?.[1] ?? null;
}

/** How the source reads in the table, the CSV and the Markdown. */
export function errorsSourceNote(source: ErrorsSource): string {
  const runId = runIdOfSource(source);
  return runId ? `from model run ${runId}` : 'typed by hand (no model run yet)';
}

/** A split's figures as a run records them (error rate 0–1, null = not measured, count 0 = empty split). */
export interface RunSplitErrors {
  count: number;
  errorRate: number | null;
}

/** A run's four per-split error rates as the decomposition's errors in percent (2 decimals). */
export function errorsFromRun(metrics: {
  train: RunSplitErrors;
  'train-dev': RunSplitErrors;
  dev: RunSplitErrors;
  test: RunSplitErrors;
}): ModelErrors {
  const percent = (split: RunSplitErrors): number | null =>
    split.errorRate === null || split.count === 0 ? null : Math.round(split.errorRate * 10000) / 100;
  return {
    train: percent(metrics.train),
    trainDev: percent(metrics['train-dev']),
    dev: percent(metrics.dev),
    test: percent(metrics.test),
  };
}

export interface DecompositionInput {
  humanLevels: HumanLevelEntry[];
  errors: ModelErrors;
}

export type ErrorKey = keyof ModelErrors;

/** The four errors in pipeline order, with the words used on screen, in the CLI and in exports. */
export const ERROR_FIELDS: readonly { key: ErrorKey; name: string; flag: string }[] = [
  { key: 'train', name: 'Train error', flag: 'train' },
  { key: 'trainDev', name: 'Train-dev error', flag: 'train-dev' },
  { key: 'dev', name: 'Dev error', flag: 'dev' },
  { key: 'test', name: 'Test error', flag: 'test' },
];

export const MAX_HUMAN_LEVELS = 20;
export const MAX_LABEL_LENGTH = 80;

/** A problem with one field; `path` is dotted (`humanLevels.1.label`, `errors.train`) for the UI and zod. */
export interface InputProblem {
  path: string;
  message: string;
}

export function isPercent(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 100;
}

/**
 * Every problem with an input, in field order; [] means it can be saved and exported. Rules: at least
 * one human-level entry (the Bayes proxy needs one), labels non-empty, every given value a percentage
 * from 0 to 100. Missing model errors are allowed: the gaps that need them are "not available".
 */
export function validateDecompositionInput(input: DecompositionInput): InputProblem[] {
  const problems: InputProblem[] = [];
  if (input.humanLevels.length === 0) {
    problems.push({
      path: 'humanLevels',
      message:
        'Enter at least one human-level error (e.g. "expert 2%"): the best one stands in for Bayes error.',
    });
  }
  if (input.humanLevels.length > MAX_HUMAN_LEVELS) {
    problems.push({
      path: 'humanLevels',
      message: `At most ${MAX_HUMAN_LEVELS} human-level entries (got ${input.humanLevels.length}).`,
    });
  }
  input.humanLevels.forEach((entry, index) => {
    const label = entry.label.trim();
    const name = label ? `Human level "${label}"` : `Human level #${index + 1}`;
    if (!label) {
      problems.push({
        path: `humanLevels.${index}.label`,
        message: `${name}: give it a label (e.g. "expert").`,
      });
    } else if (label.length > MAX_LABEL_LENGTH) {
      problems.push({
        path: `humanLevels.${index}.label`,
        message: `${name}: the label is longer than ${MAX_LABEL_LENGTH} characters.`,
      });
    }
    if (!isPercent(entry.errorPercent)) {
      problems.push({
        path: `humanLevels.${index}.errorPercent`,
        message: `${name}: the error must be a percentage from 0 to 100 (got ${entry.errorPercent}).`,
      });
    }
  });
  for (const field of ERROR_FIELDS) {
    const value = input.errors[field.key];
    if (value !== null && !isPercent(value)) {
      problems.push({
        path: `errors.${field.key}`,
        message: `${field.name} must be a percentage from 0 to 100 (got ${value}).`,
      });
    }
  }
  return problems;
}
