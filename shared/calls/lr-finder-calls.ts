import { z } from 'zod';
import { RunIdSchema } from '../training/run-schemas';
import { LrFindRequestSchema, LrFindResultSchema, LrFindSummarySchema } from '../tuning/lr-find-result';
import { defineCall, NoInput } from './define-call';

export const lrFinderCalls = {
  'lrFind.run': defineCall(
    LrFindRequestSchema.default(LrFindRequestSchema.parse({})),
    LrFindResultSchema,
    'LR range test on the frozen split: sweep the rate exponentially (1e-7 → 10 over 100 batches), streaming lrFind.progress; returns the curve, the valley and steepest suggestions and which one to use. Saved in the project; the model is not kept.',
  ),
  'lrFind.cancel': defineCall(
    NoInput,
    z.object({ cancelled: z.boolean() }),
    'Cancel the running LR finder sweep (between batches); nothing is saved.',
  ),
  'lrFind.list': defineCall(
    NoInput,
    z.array(LrFindSummarySchema),
    "The project's saved LR finder sweeps, newest first.",
  ),
  'lrFind.get': defineCall(
    z.object({ id: RunIdSchema }),
    LrFindResultSchema,
    'One saved LR finder sweep: settings, curve, suggestions.',
  ),
} as const;
