import { z } from 'zod';
import { BackendInfoSchema } from '../../../../shared/backend';
import {
  EpochMetricsSchema,
  SplitMetricsSchema,
  TrainingProgressSchema,
} from '../../../../shared/training/run-schemas';
import { TrainingConfigSchema } from '../../../../shared/training/training-config';
import {
  LrCurvePointSchema,
  LrFindResultSchema,
  LrFindSettingsSchema,
} from '../../../../shared/tuning/lr-find-result';

/**
 * The training worker's protocol: one `start` request per worker, then messages back until exactly one
 * `result` or `error`. Both sides validate every message with these schemas. Cancellation does not need
 * a message: the parent sets a shared flag (`workerData.cancelFlag`, an Int32Array over a
 * SharedArrayBuffer) that the worker reads between batches, even while its own event loop is busy.
 */
export const StartRequestSchema = z.object({
  type: z.literal('start'),
  job: z.object({
    config: TrainingConfigSchema,
    cachePath: z.string(),
    runDir: z.string(),
    /** A tuning trial: train and evaluate dev per epoch, but predict nothing and save nothing. */
    trialOnly: z.boolean().optional(),
  }),
  /** Test hook: make the worker fail in a given way, to check that the parent reports it. */
  crash: z.enum(['throw', 'exit', 'unhandled-rejection', 'out-of-memory']).optional(),
});
export type StartRequest = z.infer<typeof StartRequestSchema>;

/**
 * Inference with a model the user brought (electron/services/ml/predictions/predict-job.ts): the same
 * worker, another request. Progress comes as `predict-progress`, the end as `predicted` or `error`.
 */
export const PredictJobSchema = z.object({
  modelDir: z.string(),
  format: z.enum(['layers', 'graph']),
  /** The model's input shape without the batch dimension; batches are reshaped to it. */
  modelInput: z.array(z.number().int().positive()),
  cachePath: z.string(),
});
export type PredictJob = z.infer<typeof PredictJobSchema>;
export const PredictRequestSchema = z.object({ type: z.literal('predict'), job: PredictJobSchema });
export type PredictRequest = z.infer<typeof PredictRequestSchema>;

export const PredictJobResultSchema = z.object({
  status: z.enum(['completed', 'cancelled']),
  /** Items in the order of the rows, with their split (index into SPLITS). */
  ids: z.array(z.string()),
  splits: z.array(z.number().int()),
  classCount: z.number().int().nonnegative(),
  /** ids.length × classCount probabilities. */
  probabilities: z.instanceof(Float32Array),
  /** The model output raw scores: a softmax made them probabilities. */
  softmaxApplied: z.boolean(),
  imagesPerSecond: z.number().nullable(),
});
export type PredictJobResult = z.infer<typeof PredictJobResultSchema>;

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  /** Sent once TF.js has initialised: the backend the worker trains on. */
  z.object({ type: z.literal('backend'), backend: BackendInfoSchema, problems: z.array(z.string()) }),
  z.object({
    type: z.literal('progress'),
    progress: TrainingProgressSchema.omit({ runId: true, backend: true }),
  }),
  z.object({
    type: z.literal('result'),
    result: z.object({
      status: z.enum(['completed', 'cancelled']),
      classes: z.array(z.string()),
      curves: z.array(EpochMetricsSchema),
      metrics: z
        .object({
          train: SplitMetricsSchema,
          'train-dev': SplitMetricsSchema,
          dev: SplitMetricsSchema,
          test: SplitMetricsSchema,
        })
        .nullable(),
      inferenceImagesPerSecond: z.number().nullable(),
      epochSeconds: z.array(z.number()),
    }),
  }),
  z.object({ type: z.literal('error'), message: z.string(), stack: z.string().optional() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

/** What the worker sends back for a `predict` request. */
export const PredictWorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backend'), backend: BackendInfoSchema, problems: z.array(z.string()) }),
  z.object({ type: z.literal('predict-progress'), done: z.number().int(), total: z.number().int() }),
  z.object({ type: z.literal('predicted'), result: PredictJobResultSchema }),
  z.object({ type: z.literal('error'), message: z.string(), stack: z.string().optional() }),
]);
export type PredictWorkerMessage = z.infer<typeof PredictWorkerMessageSchema>;

/**
 * The LR range test (electron/services/ml/lr-finder/lr-find-job.ts): the same worker, another request.
 * Progress comes as `lr-find-progress` (every point so far), the end as `lr-found` or `error`.
 */
export const LrFindRequestSchema = z.object({
  type: z.literal('lr-find'),
  job: z.object({ config: TrainingConfigSchema, settings: LrFindSettingsSchema, cachePath: z.string() }),
});
export type LrFindRequest = z.infer<typeof LrFindRequestSchema>;

export const LrFindWorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backend'), backend: BackendInfoSchema, problems: z.array(z.string()) }),
  z.object({
    type: z.literal('lr-find-progress'),
    done: z.number().int(),
    total: z.number().int(),
    points: z.array(LrCurvePointSchema),
  }),
  z.object({
    type: z.literal('lr-found'),
    result: LrFindResultSchema.pick({
      status: true,
      points: true,
      suggestions: true,
      recommended: true,
      reason: true,
      seconds: true,
    }),
  }),
  z.object({ type: z.literal('error'), message: z.string(), stack: z.string().optional() }),
]);
export type LrFindWorkerMessage = z.infer<typeof LrFindWorkerMessageSchema>;

/** Index of the cancel flag in `workerData.cancelFlag`. */
export const CANCEL_INDEX = 0;
