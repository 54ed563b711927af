import { z } from 'zod';
import { SPLITS } from '../splits';
import { RunIdSchema, SplitMetricsBySplitSchema } from '../training/run-schemas';
import { defineCall } from './define-call';

export const PredictionRowProblemSchema = z.object({
  line: z.number().int().positive(),
  /** The row's id or path cell. */
  key: z.string(),
  reason: z.string(),
});

export const PredictionsImportReportSchema = z.object({
  runId: RunIdSchema,
  splitVersion: z.number().int().positive(),
  /** Good rows, kept as predictions. */
  imported: z.number().int().nonnegative(),
  /** Rows rejected, by line. */
  problems: z.array(PredictionRowProblemSchema),
  /** Items of the frozen split the CSV does not predict. */
  missing: z.number().int().nonnegative(),
  missingBySplit: z.record(z.enum(SPLITS), z.number().int().nonnegative()),
  /** False when the CSV has no `p_<class>` columns: one-hot probabilities were stored. */
  confidenceKnown: z.boolean(),
  /** How far a row's probabilities may sum from 1. */
  probabilitySumTolerance: z.number(),
  metrics: SplitMetricsBySplitSchema,
});
export type PredictionsImportReport = z.infer<typeof PredictionsImportReportSchema>;

export const predictionCalls = {
  'predictions.import': defineCall(
    z.object({ path: z.string().min(1) }),
    PredictionsImportReportSchema,
    'Import a predictions CSV (`id` or `path`, `predicted`, optional `p_<class>` columns) as a model run over the frozen split; bad rows are reported by line and skipped.',
  ),
} as const;
