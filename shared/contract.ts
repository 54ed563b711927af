/**
 * The API contract: every call the UI, the web host and the CLI can make, with its input and output
 * schemas, and every event the services push. The preload, the IPC wiring, the web host and the CLI
 * all read this table; there is no second list of channels anywhere (DESIGN §2).
 *
 * Calls are defined per domain in ./calls/*-calls.ts and gathered here; a new domain adds one file there
 * and one line below.
 */
import type { z } from 'zod';
import { analysisCalls } from './calls/analysis-calls';
import { appCalls } from './calls/app-calls';
import { cleanupCalls } from './calls/cleanup-calls';
import { decompositionCalls } from './calls/decomposition-calls';
import { importCalls } from './calls/import-calls';
import { itemCalls } from './calls/item-calls';
import { lrFinderCalls } from './calls/lr-finder-calls';
import { predictionCalls, PredictProgressSchema } from './calls/prediction-calls';
import { projectCalls } from './calls/project-calls';
import { settingsCalls } from './calls/settings-calls';
import { splitCalls } from './calls/split-calls';
import { trainingCalls } from './calls/training-calls';
import { tuningCalls, TuningStudyEventSchema, TuningTrialEventSchema } from './calls/tuning-calls';
import { CrossValidateProgressSchema } from './cleanup/cleanup-schemas';
import { ImportProgressSchema } from './import-report';
import { ProjectSummarySchema } from './project';
import { SplitProgressSchema } from './splits/split-schemas';
import { RunRecordSchema, TrainingProgressSchema } from './training/run-schemas';
import { LrFindProgressSchema } from './tuning/lr-find-result';
import { TuningProgressSchema } from './tuning/study-schemas';

export { AppInfoSchema, type AppInfo } from './calls/app-calls';

export const contract = {
  ...appCalls,
  ...projectCalls,
  ...importCalls,
  ...itemCalls,
  ...decompositionCalls,
  ...splitCalls,
  ...trainingCalls,
  ...predictionCalls,
  ...analysisCalls,
  ...cleanupCalls,
  ...settingsCalls,
  ...lrFinderCalls,
  ...tuningCalls,
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export const CALL_NAMES = Object.keys(contract) as CallName[];
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Events the services push to every connected UI (IPC `ceiling:event`, SSE on the web host). */
export const events = {
  'import.progress': ImportProgressSchema,
  'project.changed': ProjectSummarySchema.nullable(),
  'split.progress': SplitProgressSchema,
  'train.progress': TrainingProgressSchema,
  /** A run ended (completed, cancelled or failed): its record. */
  'train.finished': RunRecordSchema,
  'predict.progress': PredictProgressSchema,
  /** k-fold training for label cleanup's train suspects: fold, epoch, batch. */
  'cleanup.crossValidate.progress': CrossValidateProgressSchema,
  /** The LR finder's sweep: decoding, then every point so far. */
  'lrFind.progress': LrFindProgressSchema,
  /** A running trial's batches and epoch ends. */
  'tuning.progress': TuningProgressSchema,
  /** A trial changed (status, curve at an epoch end, value). */
  'tuning.trial': TuningTrialEventSchema,
  /** A study changed (status, counts, best trial). */
  'tuning.study': TuningStudyEventSchema,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export interface ApiEvent<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}
