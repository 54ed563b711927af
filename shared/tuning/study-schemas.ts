import { z } from 'zod';
import { SeedSchema } from '../seed-schema';
import { EpochMetricsSchema, RunIdSchema, TrainingProgressSchema } from '../training/run-schemas';
import { TrainingConfigSchema } from '../training/training-config';
import { ParameterSchema, SearchSpaceSchema } from './search-space-schema';

/**
 * A tuning study and its trials, as stored in the project (tuning/studies/<id>/study.json and
 * tuning/studies/<id>/trials.json) and sent over the contract. Every trial trains the study's base
 * training config with the trial's params applied (electron/services/tuning/apply-params.ts), on the
 * frozen split, and reports per-epoch dev accuracy, the metric every strategy and pruner maximises.
 */

export const ParameterValueSchema = z.union([z.number(), z.string(), z.boolean()]);
export const ParamsSchema = z.record(z.string(), ParameterValueSchema);

/** A study id: sortable by creation time, safe as a folder name (`20261204-221503-a1b2c3`). */
export const StudyIdSchema = z.string().regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/, 'not a study id');
/** A trial id: its study's id and its number (`20261204-221503-a1b2c3-t7`). */
export const TrialIdSchema = z.string().regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}-t[0-9]+$/, 'not a trial id');

export const TUNING_STRATEGIES = ['random', 'grid', 'coarse-to-fine', 'tpe'] as const;
export const TuningStrategySchema = z.enum(TUNING_STRATEGIES);
export type TuningStrategy = z.infer<typeof TuningStrategySchema>;

/** Panda: one trial at a time, watched and steered. Caviar: many in parallel workers from a queue. */
export const TuningModeSchema = z.enum(['panda', 'caviar']);
export type TuningMode = z.infer<typeof TuningModeSchema>;

/** Optuna's MedianPruner defaults: 5 start-up trials, 0 warm-up epochs, checked every epoch. */
export const MedianPrunerSettingsSchema = z.object({
  kind: z.literal('median'),
  startupTrials: z.number().int().min(0).default(5),
  warmupEpochs: z.number().int().min(0).default(0),
  intervalEpochs: z.number().int().min(1).default(1),
});
/**
 * Successive halving with rungs by epochs: rung k at minResource·η^(s+k) epochs (Optuna's
 * SuccessiveHalvingPruner; minResource 1 since our trials are short, η = 3 so a 9-epoch trial passes
 * rungs at 1, 3 and 9; Optuna's default η is 4).
 */
export const SuccessiveHalvingSettingsSchema = z.object({
  kind: z.literal('successive-halving'),
  minResource: z.number().int().min(1).default(1),
  reductionFactor: z.number().int().min(2).default(3),
  minEarlyStoppingRate: z.number().int().min(0).default(0),
});
export const PrunerSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  MedianPrunerSettingsSchema,
  SuccessiveHalvingSettingsSchema,
]);
export type PrunerSettings = z.infer<typeof PrunerSettingsSchema>;

/**
 * Coarse-to-fine (the seed's exercise D1): round 1 = `roundTrials[0]` random trials with the study's
 * epochs; round 2 = `roundTrials[1]` random trials in the range spanned by round 1's top-k (each in its
 * own scale) with `round2EpochFactor` × the epochs; round 3 = round 2's top-k (the finalists) trained
 * with `finalEpochs`.
 */
export const CoarseToFineSettingsSchema = z.object({
  roundTrials: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([20, 10]),
  topK: z.number().int().min(1).default(5),
  round2EpochFactor: z.number().int().min(1).default(2),
  /** Epochs of the finalists in round 3 (0 = skip round 3). */
  finalEpochs: z.number().int().min(0).default(10),
});
export type CoarseToFineSettings = z.infer<typeof CoarseToFineSettingsSchema>;

export const StudySettingsSchema = z.object({
  name: z.string().trim().min(1, 'Give the study a name.').max(200),
  space: SearchSpaceSchema,
  strategy: TuningStrategySchema.default('random'),
  /** Trials to run (random, grid, TPE; for coarse-to-fine the sum of its rounds is used). */
  trials: z.number().int().min(1).max(10_000).default(20),
  /** Epochs of each trial (coarse-to-fine: of round 1). */
  epochsPerTrial: z.number().int().min(1).max(1000).default(3),
  seed: SeedSchema,
  mode: TuningModeSchema.default('panda'),
  /** Parallel trials in caviar mode (≤ the machine's cores; default cores − 1, at least 1). Panda uses 1. */
  workers: z.number().int().min(1).max(256).optional(),
  pruner: PrunerSettingsSchema.default({ kind: 'none' }),
  /** Grid: values per axis (default ⌊trials^(1/k)⌋, at least 2 when the budget allows). */
  gridValuesPerAxis: z.number().int().min(1).max(100).optional(),
  coarseToFine: CoarseToFineSettingsSchema.default({
    roundTrials: [20, 10],
    topK: 5,
    round2EpochFactor: 2,
    finalEpochs: 10,
  }),
  /** Startup trials before TPE models anything (Optuna: 10). */
  tpeStartupTrials: z.number().int().min(1).default(10),
  /** The training config every trial starts from; the trial's params overwrite their fields. */
  baseConfig: TrainingConfigSchema.default(TrainingConfigSchema.parse({})),
});
export type StudySettings = z.infer<typeof StudySettingsSchema>;
export type StudySettingsInput = z.input<typeof StudySettingsSchema>;

/**
 * created: not started yet; running: trials are being run; paused: no new trial starts (the running ones
 * finish); completed: every planned trial ended; failed: the study could not go on (message in `error`).
 */
export const StudyStatusSchema = z.enum(['created', 'running', 'paused', 'completed', 'failed']);
export type StudyStatus = z.infer<typeof StudyStatusSchema>;

/**
 * queued: planned, not started; running; completed: trained every epoch; pruned: stopped early by the
 * pruner (its curve kept); stopped: stopped by the user (panda) or by closing the project; failed: the
 * worker reported an error (message in `error`).
 */
export const TRIAL_STATUSES = ['queued', 'running', 'completed', 'pruned', 'stopped', 'failed'] as const;
export const TrialStatusSchema = z.enum(TRIAL_STATUSES);
export type TrialStatus = z.infer<typeof TrialStatusSchema>;

export const TrialSchema = z.object({
  id: TrialIdSchema,
  studyId: StudyIdSchema,
  /** 0-based, in the order trials were planned. */
  number: z.number().int().nonnegative(),
  /** Coarse-to-fine round (1, 2, 3); 1 for the other strategies. */
  round: z.number().int().min(1).max(3),
  params: ParamsSchema,
  epochs: z.number().int().min(1),
  status: TrialStatusSchema,
  /** One point per finished epoch (dev accuracy drives pruning). */
  curves: z.array(EpochMetricsSchema),
  /** The objective: dev accuracy at the last finished epoch (null before the first epoch ends). */
  value: z.number().nullable(),
  /** The best dev accuracy of any epoch. */
  bestValue: z.number().nullable(),
  /** The epoch at which the pruner stopped the trial. */
  prunedAtEpoch: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Training seconds (wall clock, worker start to end). */
  seconds: z.number().nullable(),
  error: z.string().nullable(),
  /** How many times the trial was re-queued after being found running when the project opened. */
  restarts: z.number().int().nonnegative(),
  /** The model run made from this trial's config with "train this config", if any. */
  runId: RunIdSchema.nullable(),
});
export type Trial = z.infer<typeof TrialSchema>;

export const StudySchema = z.object({
  schemaVersion: z.literal(1),
  id: StudyIdSchema,
  settings: StudySettingsSchema,
  /** The resolved worker count (panda: 1). */
  workers: z.number().int().min(1),
  status: StudyStatusSchema,
  /** The frozen split version the trials train on. */
  splitVersion: z.number().int().positive(),
  /** The metric every trial reports and the study maximises. */
  metric: z.literal('devAccuracy'),
  direction: z.literal('maximize'),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Panda: params the user set for the next trial to start (replacing the strategy's suggestion once). */
  nextParams: ParamsSchema.nullable(),
  /** Coarse-to-fine: the space of each round (round 1 = the study's space). */
  roundSpaces: z.array(SearchSpaceSchema),
  bestTrialId: TrialIdSchema.nullable(),
  error: z.string().nullable(),
});
export type Study = z.infer<typeof StudySchema>;

export const StudySummarySchema = StudySchema.pick({
  id: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  bestTrialId: true,
  workers: true,
}).extend({
  name: z.string(),
  strategy: TuningStrategySchema,
  mode: TuningModeSchema,
  plannedTrials: z.number().int().nonnegative(),
  counts: z.record(TrialStatusSchema, z.number().int().nonnegative()),
  bestValue: z.number().nullable(),
});
export type StudySummary = z.infer<typeof StudySummarySchema>;

export const StudyWithTrialsSchema = z.object({ study: StudySchema, trials: z.array(TrialSchema) });
export type StudyWithTrials = z.infer<typeof StudyWithTrialsSchema>;

/** The space as typed in the editor: shaped like a search space, not yet checked (that is the call's job). */
export const UncheckedSearchSpaceSchema = z.object({ parameters: z.array(ParameterSchema) });

export const SpaceProblemSchema = z.object({
  /** Index of the parameter, or null for the whole space. */
  parameter: z.number().int().nonnegative().nullable(),
  name: z.string().nullable(),
  message: z.string(),
});

export const TierPresetsSchema = z.object({
  parameters: z.array(ParameterSchema),
  tiers: z.array(z.object({ tier: z.number().int(), label: z.string(), names: z.array(z.string()) })),
  /** Parameter name → what it sets in the training config (and whether the base config's model uses it). */
  mappings: z.array(z.object({ name: z.string(), field: z.string(), note: z.string() })),
});

export const ParameterImportanceSchema = z.object({
  method: z.literal('ped-anova'),
  /** Trials used: completed trials with a value. */
  trialsUsed: z.number().int().nonnegative(),
  /** The quantile defining "top" trials (Optuna: 0.1). */
  targetQuantile: z.number(),
  /**
   * Highest first: `importance` normalised to sum to 1 (Optuna 4's output; equal shares with ≤ 2 trials),
   * `raw` = Optuna 5's value (γ'² × the Pearson divergence), comparable across studies.
   */
  parameters: z.array(z.object({ name: z.string(), importance: z.number(), raw: z.number() })),
  /** Why nothing could be computed (too few trials), else null. */
  note: z.string().nullable(),
});
export type ParameterImportance = z.infer<typeof ParameterImportanceSchema>;

export const SearchBudgetSchema = z.object({
  trials: z.number().int().nonnegative(),
  dims: z.number().int().min(1),
  sweetSpotFraction: z.number(),
  /** ⌊N^(1/k)⌋ values per axis. */
  gridValuesPerAxis: z.number().int().nonnegative(),
  /** 1 − (1 − f)^(N^(1/k)) */
  gridHitProbability: z.number(),
  /** min(1, m·f): an evenly spaced grid against a randomly placed sweet spot. */
  evenGridHitProbability: z.number(),
  /** 1 − (1 − f)^N */
  randomHitProbability: z.number(),
  /** Random trials for a 95 % chance. */
  randomTrialsFor95: z.number().int(),
});

/**
 * `tuning.progress`: batch progress of a running trial (a few per second) and every epoch's end, with the
 * fields of training's progress (`epochEnd` is set on the event that closes an epoch: append it to the
 * trial's curve).
 */
export const TuningProgressSchema = z.object({
  studyId: StudyIdSchema,
  trialId: TrialIdSchema,
  ...TrainingProgressSchema.pick({
    epoch: true,
    epochs: true,
    batch: true,
    batchesPerEpoch: true,
    trainLoss: true,
    trainAccuracy: true,
    devAccuracy: true,
    epochEnd: true,
  }).shape,
});
export type TuningProgress = z.infer<typeof TuningProgressSchema>;
