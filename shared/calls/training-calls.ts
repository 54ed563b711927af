import { z } from 'zod';
import { RunIdSchema, RunRecordSchema, RunSummarySchema } from '../training/run-schemas';
import { TrainingConfigSchema } from '../training/training-config';
import { defineCall, NoInput } from './define-call';

export const trainingCalls = {
  'train.start': defineCall(
    TrainingConfigSchema.default(TrainingConfigSchema.parse({})),
    z.object({
      runId: RunIdSchema,
      /** The label-fix revision the run trains on (current labels: imported labels + the fix log). */
      labelRevision: z.number().int().nonnegative(),
      /** Label cleanup's dev/test coverage warning when it applies (also kept in the run record), else null. */
      coverageWarning: z.string().nullable(),
    }),
    'Train a built-in model on the current frozen split (current labels, excluded items left out) in a worker; returns at once with the run id and streams train.progress.',
  ),
  'train.cancel': defineCall(
    z.object({ runId: RunIdSchema.optional() }).default({}),
    z.object({ cancelled: z.boolean() }),
    'Cancel the running training (stops between batches); its run is marked cancelled with no files left.',
  ),
  'runs.list': defineCall(NoInput, z.array(RunSummarySchema), "The project's model runs, newest first."),
  'runs.get': defineCall(
    z.object({ runId: RunIdSchema }),
    RunRecordSchema,
    'One run: config, curves, metrics.',
  ),
} as const;
