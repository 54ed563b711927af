import { z } from 'zod';
import {
  isErrorsSource,
  validateDecompositionInput,
  type DecompositionInput,
  type ErrorsSource,
} from '../decomposition/decomposition-input';
import type { Decomposition } from '../decomposition/decompose';
import { defineCall, NoInput } from './define-call';

const PercentOrMissing = z.number().nullable();

/** The shape of the decomposition's input (the rules are applied by DecompositionInputSchema). */
export const DecompositionInputShape = z.object({
  humanLevels: z.array(z.object({ label: z.string(), errorPercent: z.number() })),
  errors: z.object({
    train: PercentOrMissing,
    trainDev: PercentOrMissing,
    dev: PercentOrMissing,
    test: PercentOrMissing,
  }),
}) satisfies z.ZodType<DecompositionInput>;

/** `manual` or `run:<runId>` (the run whose per-split error rates filled the errors in). */
export const ErrorsSourceSchema = z.custom<ErrorsSource>(isErrorsSource, 'not an errors source');

/**
 * The decomposition's input on the wire, with where its errors came from (default `manual`). The shape is checked by zod; the rules (labels, 0–100, at least
 * one human level) are the shared validator's, so the screen, the CLI and the router say the same thing.
 */
export const DecompositionInputSchema = DecompositionInputShape.extend({
  errorsSource: ErrorsSourceSchema.optional(),
}).superRefine((input, context) => {
  for (const problem of validateDecompositionInput(input)) {
    context.addIssue({ code: 'custom', path: problem.path.split('.'), message: problem.message });
  }
});

const LevelKeySchema = z.enum(['human', 'train', 'trainDev', 'dev', 'test']);
const GapKeySchema = z.enum([
  'avoidableBias',
  'variance',
  'dataMismatch',
  'devOverfitting',
  'varianceOrMismatch',
]);

export const DecompositionSchema = z.object({
  bayesProxy: z.object({ label: z.string(), errorPercent: z.number(), index: z.number().int() }).nullable(),
  levels: z.array(z.object({ key: LevelKeySchema, name: z.string(), percent: z.number().nullable() })),
  gaps: z.array(
    z.object({
      key: GapKeySchema,
      name: z.string(),
      formula: z.string(),
      from: LevelKeySchema,
      to: LevelKeySchema,
      points: z.number().nullable(),
      unavailable: z.string().nullable(),
      note: z.string().nullable(),
      knob: z.string(),
    }),
  ),
  largest: GapKeySchema.nullable(),
  diagnosis: z.string(),
  modelBeatsHuman: z.boolean(),
}) satisfies z.ZodType<Decomposition>;

/** The saved decomposition of the open project and what it computes to. */
export const SavedDecompositionSchema = z.object({
  input: DecompositionInputShape,
  /** Where the model's errors came from: 'manual' (typed) or 'run:<runId>'. */
  errorsSource: ErrorsSourceSchema,
  /** null until first saved. */
  savedAt: z.string().nullable(),
  result: DecompositionSchema,
  /** E.g. a damaged decomposition file that was backed up and started afresh. */
  warnings: z.array(z.string()),
});
export type SavedDecomposition = z.infer<typeof SavedDecompositionSchema>;

export const decompositionCalls = {
  'decomposition.get': defineCall(
    NoInput,
    SavedDecompositionSchema,
    "The project's human-level entries and model errors, and their error decomposition.",
  ),
  'decomposition.save': defineCall(
    DecompositionInputSchema,
    SavedDecompositionSchema,
    'Save the human-level entries and the model errors (typed, or from a run: errorsSource); returns the decomposition.',
  ),
  'decomposition.export': defineCall(
    z
      .object({
        /** What to export; default: the saved values. The screen sends what it shows, saved or not. */
        input: DecompositionInputSchema.optional(),
        /** Where to write the CSV; default <project>/exports/error-decomposition-<time>.csv. */
        target: z.string().min(1).optional(),
      })
      .default({}),
    z.object({ path: z.string(), markdown: z.string() }),
    'Write the decomposition as CSV (returns its path) and give it as Markdown.',
  ),
} as const;
