import { z } from 'zod';
import { RunIdSchema } from '../training/run-schemas';
import {
  ParameterImportanceSchema,
  ParamsSchema,
  SearchBudgetSchema,
  SpaceProblemSchema,
  StudyIdSchema,
  StudySchema,
  StudySettingsSchema,
  StudySummarySchema,
  StudyWithTrialsSchema,
  TierPresetsSchema,
  TrialIdSchema,
  TrialSchema,
  UncheckedSearchSpaceSchema,
} from '../tuning/study-schemas';
import { defineCall, NoInput } from './define-call';

const StudyRef = z.object({ studyId: StudyIdSchema });

export const tuningCalls = {
  'tuning.presets': defineCall(
    NoInput,
    TierPresetsSchema,
    "The seed's tiered hyperparameters with their ranges and scales, and the training-config field each one sets.",
  ),
  'tuning.space.validate': defineCall(
    z.object({ space: UncheckedSearchSpaceSchema }),
    z.object({ problems: z.array(SpaceProblemSchema) }),
    'Check a search space: one message per problem (low ≥ high, a log range touching 0, an empty choice, a name used twice, a name no config field takes).',
  ),
  'tuning.study.create': defineCall(
    StudySettingsSchema,
    StudySchema,
    'Create a study on the current frozen split (not started): space, strategy, trials, epochs, seed, mode, workers, pruner, base config.',
  ),
  'tuning.study.list': defineCall(
    NoInput,
    z.array(StudySummarySchema),
    "The project's studies, newest first.",
  ),
  'tuning.study.get': defineCall(
    StudyRef,
    StudyWithTrialsSchema,
    'One study with all its trials (params, per-epoch curves, value, status, times, round).',
  ),
  'tuning.study.start': defineCall(
    StudyRef,
    StudySchema,
    'Start (or go on with) a study: trials run in the background and stream tuning.progress / tuning.trial / tuning.study.',
  ),
  'tuning.study.pause': defineCall(
    StudyRef,
    StudySchema,
    'Pause: no new trial starts; running trials are stopped and queued again, to be re-run on resume.',
  ),
  'tuning.study.resume': defineCall(StudyRef, StudySchema, 'Resume a paused or interrupted study.'),
  'tuning.study.delete': defineCall(
    StudyRef,
    z.object({ deleted: z.boolean() }),
    'Delete a study that is not running, with its trials (model runs made from it stay).',
  ),
  'tuning.trial.stop': defineCall(
    z.object({ trialId: TrialIdSchema }),
    z.object({ stopped: z.boolean() }),
    'Stop a running trial (panda); it keeps its curve with status stopped and the study goes on with the next.',
  ),
  'tuning.trial.setNext': defineCall(
    z.object({ studyId: StudyIdSchema, params: ParamsSchema }),
    StudySchema,
    "Panda: the next trial to start uses these values instead of the strategy's suggestion (checked against the space).",
  ),
  'tuning.trial.train': defineCall(
    z.object({
      trialId: TrialIdSchema,
      /** Epochs of the real run (default: the trial's). */
      epochs: z.number().int().min(1).max(1000).optional(),
    }),
    z.object({ runId: RunIdSchema }),
    "Train this config: a normal model run (train.progress, runs.get) with the trial's config.",
  ),
  'tuning.importance': defineCall(
    StudyRef,
    ParameterImportanceSchema,
    "Parameter importance of a study's completed trials by PED-ANOVA (Watanabe et al. 2023, as Optuna's PedAnovaImportanceEvaluator).",
  ),
  'tuning.budget': defineCall(
    z.object({
      trials: z.number().int().min(0).max(1_000_000),
      dims: z.number().int().min(1).max(50),
      sweetSpotFraction: z.number().gt(0).max(1).default(0.1),
    }),
    SearchBudgetSchema,
    "The seed's argument in numbers: the chance that a grid (N^(1/k) values per axis) or N random trials hit a sweet spot on the most important axis.",
  ),
  'tuning.export': defineCall(
    z.object({
      studyId: StudyIdSchema,
      /** Where to write; default <project>/exports/tuning-<studyId>.csv; relative paths are taken from the project folder. */
      path: z.string().min(1).optional(),
    }),
    z.object({ path: z.string(), rows: z.number().int() }),
    "Write the study's trials as CSV: one column per parameter, value, best value, status, round, epochs, times.",
  ),
} as const;

/** Pushed when a trial changes (queued → running → completed / pruned / stopped / failed). */
export const TuningTrialEventSchema = TrialSchema;
/** Pushed when a study changes status or planned trials. */
export const TuningStudyEventSchema = StudySummarySchema;
