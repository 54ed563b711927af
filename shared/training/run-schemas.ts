import { z } from 'zod';
import { BackendInfoSchema } from '../backend';
import { TrainingConfigSchema } from './training-config';

export const RUN_STATUSES = ['running', 'completed', 'cancelled', 'failed'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** A run id: sortable by start time, safe as a folder name (`20261204-221503-a1b2c3`). */
export const RunIdSchema = z.string().regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/, 'not a run id');

/** One epoch's point on the curves (train figures are the mean over the epoch's batches, in training mode). */
export const EpochMetricsSchema = z.object({
  epoch: z.number().int().positive(),
  learningRate: z.number(),
  trainLoss: z.number(),
  trainAccuracy: z.number(),
  devLoss: z.number().nullable(),
  devAccuracy: z.number().nullable(),
  seconds: z.number(),
});
export type EpochMetrics = z.infer<typeof EpochMetricsSchema>;

/** Final figures on one split, from the trained model in inference mode. */
export const SplitMetricsSchema = z.object({
  count: z.number().int().nonnegative(),
  loss: z.number().nullable(),
  accuracy: z.number().nullable(),
  /** 1 − accuracy: what the error decomposition reads. */
  errorRate: z.number().nullable(),
});
export type SplitMetrics = z.infer<typeof SplitMetricsSchema>;

export const SplitMetricsBySplitSchema = z.object({
  train: SplitMetricsSchema,
  'train-dev': SplitMetricsSchema,
  dev: SplitMetricsSchema,
  test: SplitMetricsSchema,
});

/** Where a run's predictions come from: a model trained here, a predictions CSV, or a TF.js model the user brought. */
export const RUN_SOURCES = ['trained', 'imported-csv', 'tfjs-model'] as const;
export const RunSourceSchema = z.enum(RUN_SOURCES);
export type RunSource = z.infer<typeof RunSourceSchema>;

/** What a run made from the user's predictions or model records about its origin. */
export const RunOriginSchema = z.object({
  /** The CSV file or model folder, as given. */
  path: z.string(),
  /** Predictions kept (good rows, or items predicted). */
  predicted: z.number().int().nonnegative(),
  /** Rows rejected (CSV) or images that could not be decoded (model). */
  rejected: z.number().int().nonnegative(),
  /** Items of the frozen split without a prediction. */
  missing: z.number().int().nonnegative(),
});
export type RunOrigin = z.infer<typeof RunOriginSchema>;

/** runs/<runId>/run.json */
export const RunRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: RunIdSchema,
  status: RunStatusSchema,
  config: TrainingConfigSchema,
  splitVersion: z.number().int().positive(),
  /**
   * The label-fix revision the labels were read at: the number of entries in the project's fix log
   * (labels/fix-log.jsonl) when the run started; 0 = the labels as imported.
   */
  labelFixRevision: z.number().int().nonnegative(),
  /** Label cleanup's dev/test coverage warning when the run started, if it applied. Absent = none. */
  labelCoverageWarning: z.string().optional(),
  classes: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  backend: BackendInfoSchema.nullable(),
  curves: z.array(EpochMetricsSchema),
  metrics: SplitMetricsBySplitSchema.nullable(),
  /** Inference speed over the four splits after training (images per second). */
  inferenceImagesPerSecond: z.number().nullable(),
  /** Files of the run, relative to its folder (present only when the run completed). */
  files: z.object({ model: z.string(), weights: z.string(), predictions: z.string() }).nullable(),
  error: z.string().nullable(),
  /** Absent = 'trained' (records written before bring-your-own runs existed). */
  source: RunSourceSchema.optional(),
  /**
   * False when the predictions carry no confidence (a CSV without `p_` columns): the predictions file
   * then holds one-hot probabilities, and the grid shows no confidence. Absent = true.
   */
  confidenceKnown: z.boolean().optional(),
  /** For imported runs: where they came from and what was kept. */
  origin: RunOriginSchema.optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const TrainingPhaseSchema = z.enum([
  'preparing',
  'training',
  'evaluating',
  'predicting',
  'saving',
  'done',
]);

/**
 * `train.progress`: at most a few per second while batches run, and one at every epoch's end. In the
 * `preparing` phase (the split being decoded into the data cache) `batch` / `batchesPerEpoch` count
 * images decoded / to decode.
 */
export const TrainingProgressSchema = z.object({
  runId: RunIdSchema,
  phase: TrainingPhaseSchema,
  backend: BackendInfoSchema.nullable(),
  epoch: z.number().int().nonnegative(),
  epochs: z.number().int().positive(),
  batch: z.number().int().nonnegative(),
  batchesPerEpoch: z.number().int().nonnegative(),
  /** Running means over the current epoch. */
  trainLoss: z.number().nullable(),
  trainAccuracy: z.number().nullable(),
  /** From the last finished epoch. */
  devLoss: z.number().nullable(),
  devAccuracy: z.number().nullable(),
  examplesPerSecond: z.number().nullable(),
  /** Seconds left for the training phase, from the examples/s so far. */
  etaSeconds: z.number().nullable(),
  /** Set on the event that closes an epoch. */
  epochEnd: EpochMetricsSchema.nullable(),
});
export type TrainingProgress = z.infer<typeof TrainingProgressSchema>;

export const RunSummarySchema = RunRecordSchema.pick({
  id: true,
  status: true,
  splitVersion: true,
  startedAt: true,
  endedAt: true,
  metrics: true,
  error: true,
  source: true,
  confidenceKnown: true,
  labelFixRevision: true,
  labelCoverageWarning: true,
}).extend({ model: z.enum(['mlp', 'cnn']), epochs: z.number().int() });
export type RunSummary = z.infer<typeof RunSummarySchema>;
