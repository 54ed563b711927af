import { z } from 'zod';
import { SPLITS } from '../splits';
import { RunIdSchema, SplitMetricsBySplitSchema } from '../training/run-schemas';
import { InputShapeSchema } from '../training/training-config';
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

export const PredictProgressSchema = z.object({
  /** Decoding the split at the model's input size (once per size: cached), then inference in the worker. */
  phase: z.enum(['decoding', 'predicting']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type PredictProgress = z.infer<typeof PredictProgressSchema>;

export const PredictReportSchema = z.object({
  runId: RunIdSchema,
  splitVersion: z.number().int().positive(),
  format: z.enum(['layers', 'graph']),
  /** The image size, read from the model's input shape. */
  input: InputShapeSchema,
  classes: z.array(z.string()),
  /** Where the class names came from: a file, or the project's class order. */
  classesFrom: z.string(),
  predicted: z.number().int().nonnegative(),
  /** Items of the split not predicted (images that could not be decoded). */
  missing: z.number().int().nonnegative(),
  /** Labels of the split the model's classes lack: those items always count as errors. */
  unknownLabels: z.array(z.string()),
  /** The model output raw scores, turned into probabilities with a softmax. */
  softmaxApplied: z.boolean(),
  imagesPerSecond: z.number().nullable(),
  metrics: SplitMetricsBySplitSchema,
});
export type PredictReport = z.infer<typeof PredictReportSchema>;

export const predictionCalls = {
  'predict.run': defineCall(
    z.object({ modelDir: z.string().min(1), classesPath: z.string().min(1).optional() }),
    PredictReportSchema,
    'Run a TF.js layers or graph model (a folder with model.json + weights) over the frozen split in the ML worker and record a model run; streams predict.progress.',
  ),
  'predictions.import': defineCall(
    z.object({ path: z.string().min(1) }),
    PredictionsImportReportSchema,
    'Import a predictions CSV (`id` or `path`, `predicted`, optional `p_<class>` columns) as a model run over the frozen split; bad rows are reported by line and skipped.',
  ),
} as const;
