import { z } from 'zod';
import {
  BeforeAfterSchema,
  CleanupExportInputSchema,
  CleanupExportResultSchema,
  CleanupPolicySchema,
  CleanupQueueSchema,
  CleanupSessionSchema,
  CoverageReportSchema,
  CrossValidateInputSchema,
  DecideInputSchema,
  DecideResultSchema,
  OutOfFoldSchema,
  SystematicSchema,
} from '../cleanup/cleanup-schemas';
import { FixLogSchema } from '../cleanup/fix-log-schemas';
import { RunIdSchema } from '../training/run-schemas';
import { defineCall, NoInput } from './define-call';

export const cleanupCalls = {
  'cleanup.session.get': defineCall(
    NoInput,
    CleanupSessionSchema,
    'The label-cleanup session: its policy (splits, ranking, depth, model run) and the reviewer name.',
  ),
  'cleanup.session.save': defineCall(
    z.object({ policy: CleanupPolicySchema }),
    CleanupSessionSchema,
    'Save the session policy (one per project). Train needs out-of-fold probabilities (cleanup.crossValidate) of the current split and labels.',
  ),
  'cleanup.crossValidate': defineCall(
    CrossValidateInputSchema,
    OutOfFoldSchema,
    "k-fold training on the frozen split's train items (current labels) in the worker: each item's out-of-fold probabilities, so a policy may cover train. Returns when all folds are done.",
  ),
  'cleanup.outOfFold': defineCall(
    NoInput,
    OutOfFoldSchema.nullable(),
    'The out-of-fold probabilities on record for train (null: none yet).',
  ),
  'cleanup.queue': defineCall(
    NoInput,
    CleanupQueueSchema,
    'The review queue under the session policy: suspects ranked by confident learning plus items tagged mislabeled in error analysis, per-class estimates of wrong labels, coverage per split and the dev/test warning.',
  ),
  'cleanup.decide': defineCall(
    DecideInputSchema,
    DecideResultSchema,
    'Record a decision on one item (relabel to a class, keep, ambiguous, exclude): one appended log entry.',
  ),
  'cleanup.undo': defineCall(
    z.object({ seq: z.number().int().positive() }),
    DecideResultSchema,
    "Undo a log entry (the item's latest): appends an entry that restores what the item was before it.",
  ),
  'cleanup.log': defineCall(
    NoInput,
    FixLogSchema,
    'Every fix-log entry in order, the revision, and lines that could not be read.',
  ),
  'cleanup.coverage': defineCall(
    NoInput,
    CoverageReportSchema,
    'Coverage of dev, test (and train) under the policy, and the warning when dev was reviewed under a policy test was not.',
  ),
  'cleanup.systematic': defineCall(
    NoInput,
    SystematicSchema,
    'The (given → corrected) pair that makes up at least half of the fixes and at least 5 items, with every item still carrying that given label.',
  ),
  'cleanup.beforeAfter': defineCall(
    z.object({ runId: RunIdSchema.optional() }).default({}),
    BeforeAfterSchema,
    'Per completed model run (or the one named): error per split under the original and the current corrected labels.',
  ),
  'cleanup.export': defineCall(
    CleanupExportInputSchema,
    CleanupExportResultSchema,
    'Write the corrected manifest (path,label,source,split,id,original_label,excluded,decision) or the log as CSV; carries the coverage warning when it applies.',
  ),
} as const;
