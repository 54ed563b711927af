import { z } from 'zod';
import { BackendInfoSchema } from '../backend';
import { RunIdSchema } from '../training/run-schemas';
import { TrainingConfigSchema } from '../training/training-config';
import type { LrSuggestions } from './lr-suggestions';

/**
 * The LR finder's settings, request and saved result (the worker job, the service, the calls, the
 * screen and `ceiling lr-find` share these). The sweep itself is ./lr-finder.ts, the suggestions
 * ./lr-suggestions.ts.
 */
export const LrFindSettingsFields = {
  /** fastai: 1e-7. */
  startLr: z.number().positive().max(1).default(1e-7),
  /** fastai: 10. */
  endLr: z.number().positive().max(100).default(10),
  /** Batches in the sweep (fastai `num_it`: 100). */
  iterations: z.number().int().min(6).max(2000).default(100),
  /** EMA factor of the loss (fastai `AvgSmoothLoss(beta=0.98)`). */
  beta: z.number().min(0).lt(1).default(0.98),
  /** Stop once the smoothed loss exceeds this many times the best (fastai: 4). */
  divergenceFactor: z.number().gt(1).max(100).default(4),
};
const rangeIsOrdered = (s: { startLr: number; endLr: number }) => s.endLr > s.startLr;
const rangeMessage = { message: 'The end rate must be above the start rate.', path: ['endLr'] };
export const LrFindSettingsSchema = z.object(LrFindSettingsFields).refine(rangeIsOrdered, rangeMessage);
export type LrFindSettings = z.infer<typeof LrFindSettingsSchema>;

/** One batch of the sweep: its rate, its raw loss (null when not a number) and the smoothed loss. */
export const LrCurvePointSchema = z.object({
  lr: z.number(),
  loss: z.number().nullable(),
  smoothed: z.number().nullable(),
});
export type LrCurvePoint = z.infer<typeof LrCurvePointSchema>;

/** `lrFind.run`'s input: the model and optimizer (the Train form's config; defaults fill what is left out) and the sweep's settings. */
export const LrFindRequestSchema = z
  .object({
    config: TrainingConfigSchema.default(TrainingConfigSchema.parse({})),
    ...LrFindSettingsFields,
  })
  .refine(rangeIsOrdered, rangeMessage);
export type LrFindRequest = z.infer<typeof LrFindRequestSchema>;

export const LrFindProgressSchema = z.object({
  /** Decoding the split at the model's input size (cached, shared with training), then the sweep. */
  phase: z.enum(['decoding', 'sweeping']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** The sweep's points so far (empty while decoding). */
  points: z.array(LrCurvePointSchema),
});
export type LrFindProgressEvent = z.infer<typeof LrFindProgressSchema>;

export const LrSuggestionSchema = z.object({
  lr: z.number(),
  /** The smoothed loss there (the plot's marker). */
  loss: z.number(),
  /** Its index in `points`. */
  index: z.number().int().nonnegative(),
});
export type LrSuggestionPoint = z.infer<typeof LrSuggestionSchema>;

export const LR_SUGGESTION_METHODS = ['valley', 'steep'] as const;
export type LrSuggestionMethod = (typeof LR_SUGGESTION_METHODS)[number];

export const LrFindStatusSchema = z.enum(['diverged', 'done', 'not-a-number', 'cancelled']);

export const LrFindResultSchema = z.object({
  schemaVersion: z.literal(1),
  /** `20261204-221503-a1b2c3`, as run ids: the file is lr-finder/<id>.json. */
  id: RunIdSchema,
  startedAt: z.string(),
  endedAt: z.string(),
  /** The model and optimizer swept (its learningRate is not used: the sweep sets the rate). */
  config: TrainingConfigSchema,
  settings: LrFindSettingsSchema,
  splitVersion: z.number().int().positive(),
  backend: BackendInfoSchema.nullable(),
  /** Why the sweep ended: the smoothed loss diverged, all iterations ran, a NaN loss, or cancelled. */
  status: LrFindStatusSchema,
  points: z.array(LrCurvePointSchema),
  suggestions: z.object({ valley: LrSuggestionSchema.nullable(), steep: LrSuggestionSchema.nullable() }),
  recommended: z.enum(LR_SUGGESTION_METHODS).nullable(),
  /** One sentence: why the recommended suggestion (or why none). */
  reason: z.string(),
  /** Wall-clock seconds of the sweep in the worker (not the decoding of the split). */
  seconds: z.number().nonnegative(),
});
export type LrFindResult = z.infer<typeof LrFindResultSchema>;

export const LrFindSummarySchema = LrFindResultSchema.omit({ points: true, config: true }).extend({
  modelKind: z.enum(['mlp', 'cnn']),
  pointCount: z.number().int().nonnegative(),
});
export type LrFindSummary = z.infer<typeof LrFindSummarySchema>;

export function summarizeLrFind(result: LrFindResult): LrFindSummary {
  const { points, config, ...rest } = result;
  return { ...rest, modelKind: config.model.kind, pointCount: points.length };
}

/** What each suggestion means, in one line (the screen and the CLI print these). */
export const LR_SUGGESTION_EXPLANATIONS: Record<LrSuggestionMethod, string> = {
  valley:
    'Valley (fastai’s default): about halfway down the longest stretch where the smoothed loss keeps falling — fast learning, well short of divergence.',
  steep:
    'Steepest: where the smoothed loss falls fastest per decade of learning rate — often aggressive, and sensitive to batch noise.',
};

/**
 * Which suggestion to use, and why. Valley first, as fastai does since 2.5 (`SuggestionMethod.Valley` is
 * `lr_find`'s default): steep picks one noisy segment and tends to land near the edge of divergence.
 * A sweep that never got its loss to fall (the valley's loss is not below the trimmed curve's start)
 * gets no recommendation: a wider range or another model is needed.
 */
export function recommendSuggestion(
  status: z.infer<typeof LrFindStatusSchema>,
  suggestions: Pick<LrSuggestions, 'valley' | 'steep' | 'losses'>,
): { recommended: LrSuggestionMethod | null; reason: string } {
  if (status === 'cancelled') return { recommended: null, reason: 'The sweep was cancelled.' };
  const { valley, steep, losses } = suggestions;
  if (!valley && !steep)
    return {
      recommended: null,
      reason: 'Too few points after trimming the ends: run more iterations or a wider range.',
    };
  const first = losses[0];
  const fell = valley && first !== undefined && valley.loss < first;
  if (valley && fell)
    return {
      recommended: 'valley',
      reason:
        'Valley: fastai’s default — it sits inside the longest descent of the loss, where a steepest-slope point is one noisy segment that often lies near divergence.',
    };
  if (steep && steep.loss < (first ?? Infinity))
    return {
      recommended: 'steep',
      reason:
        'Steepest: the longest descent is too short to be trusted; the steepest slope is the best sign left.',
    };
  return {
    recommended: null,
    reason: 'The loss never fell in this range: widen the range, or check the model and the data.',
  };
}
