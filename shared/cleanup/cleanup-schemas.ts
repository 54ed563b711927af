import { z } from 'zod';
import { ItemIdSchema } from '../items';
import { RunIdSchema } from '../training/run-schemas';
import { SeedSchema } from '../seed-schema';
import { FixLogEntrySchema, ReviewStateSchema, SuspicionSourceSchema } from './fix-log-schemas';

/** The splits a cleanup policy may cover. Train needs out-of-fold probabilities (k-fold training). */
export const CLEANUP_SPLITS = ['dev', 'test', 'train'] as const;
export const CleanupSplitSchema = z.enum(CLEANUP_SPLITS);
export type CleanupSplit = z.infer<typeof CleanupSplitSchema>;

/** cleanlab's label-quality scores (shared/cleanup/label-quality-scores.ts). */
export const RankingSchema = z.enum(['self_confidence', 'normalized_margin']);
export type Ranking = z.infer<typeof RankingSchema>;

/**
 * How deep the review goes, the same in every split of the policy: the K most suspect items OF EACH
 * SPLIT, or every item whose score is at or below `score` (scores are in [0, 1], low = suspect).
 */
export const DepthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('topK'), k: z.number().int().positive().max(100_000) }),
  z.object({ kind: z.literal('threshold'), score: z.number().min(0).max(1) }),
]);
export type Depth = z.infer<typeof DepthSchema>;

/**
 * One policy for the whole session (issue 6 §4: dev and test alike). A policy that covers dev but not
 * test is accepted, and makes the coverage warning appear once dev is reviewed.
 */
export const CleanupPolicySchema = z.object({
  splits: z
    .array(CleanupSplitSchema)
    .min(1, 'choose at least one split')
    .refine((splits) => new Set(splits).size === splits.length, 'a split is named twice'),
  ranking: RankingSchema.default('self_confidence'),
  depth: DepthSchema.default({ kind: 'topK', k: 50 }),
  /** The model run whose out-of-sample probabilities rank the items; null = the newest completed run. */
  runId: RunIdSchema.nullable().default(null),
});
export type CleanupPolicy = z.infer<typeof CleanupPolicySchema>;
export type CleanupPolicyInput = z.input<typeof CleanupPolicySchema>;

export const DEFAULT_POLICY: CleanupPolicy = {
  splits: ['dev', 'test'],
  ranking: 'self_confidence',
  depth: { kind: 'topK', k: 50 },
  runId: null,
};

export const CleanupSessionSchema = z.object({
  policy: CleanupPolicySchema,
  /** null until the policy is first saved. */
  savedAt: z.string().nullable(),
  /** The reviewer name decisions are signed with (settings; the login name when none is set). */
  reviewer: z.string(),
  /** E.g. a damaged session file kept aside and started afresh. */
  warnings: z.array(z.string()),
});
export type CleanupSession = z.infer<typeof CleanupSessionSchema>;

export const ClassProbabilitySchema = z.object({ label: z.string(), probability: z.number() });

export const QueueItemSchema = z.object({
  itemId: ItemIdSchema,
  split: CleanupSplitSchema,
  relativePath: z.string(),
  /** The current label (original + the log's fixes). */
  givenLabel: z.string(),
  /** The label as imported. */
  originalLabel: z.string(),
  /** The label the ranking scored: the label the run saw (its predictions file). */
  scoredLabel: z.string().nullable(),
  /** What to offer: the analyst's label if typed, else the class confident learning counts it into / the most probable other class. */
  suggestedLabel: z.string().nullable(),
  /** Label-quality score of the policy's ranking (low = suspect); null when the run did not predict the item. */
  score: z.number().nullable(),
  /** 1-based rank of the score within its split (null without a score). */
  rank: z.number().int().positive().nullable(),
  /** Flagged by confident learning (off-diagonal of the confident joint, not predicted as given). */
  isLabelIssue: z.boolean(),
  /** Top-3 probabilities of the run. */
  top: z.array(ClassProbabilitySchema),
  /** Why it is in the queue: the model's ranking, an analyst's "mislabeled" tag, or both. */
  sources: z.array(SuspicionSourceSchema),
  /** The corrected label the analyst typed while tagging "mislabeled" (null: none typed). */
  analystLabel: z.string().nullable(),
  review: ReviewStateSchema,
  /** The log entry that set the review state (null while pending). */
  reviewSeq: z.number().int().positive().nullable(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

export const SplitCoverageSchema = z.object({
  /** Items the policy puts in the queue for this split (0 when the split is not in the policy). */
  inPolicy: z.number().int().nonnegative(),
  /** Of those, items with a decision (any of the four). */
  reviewed: z.number().int().nonnegative(),
  fixed: z.number().int().nonnegative(),
  kept: z.number().int().nonnegative(),
  ambiguous: z.number().int().nonnegative(),
  excluded: z.number().int().nonnegative(),
  /** Items of the split decided at all (also outside the current policy's queue). */
  decidedAnywhere: z.number().int().nonnegative(),
  /** Whether the policy covers this split. */
  covered: z.boolean(),
});
export type SplitCoverage = z.infer<typeof SplitCoverageSchema>;

export const CoverageSchema = z.object({
  dev: SplitCoverageSchema,
  test: SplitCoverageSchema,
  train: SplitCoverageSchema,
});
export type Coverage = z.infer<typeof CoverageSchema>;

export const CoverageReportSchema = z.object({
  policy: CleanupPolicySchema,
  coverage: CoverageSchema,
  /** The loud warning of issue 6 §4 (dev reviewed under a policy test was not), or null. */
  warning: z.string().nullable(),
  revision: z.number().int().nonnegative(),
});
export type CoverageReport = z.infer<typeof CoverageReportSchema>;

export const ClassEstimateSchema = z.object({
  label: z.string(),
  items: z.number().int().nonnegative(),
  /** Calibrated confident joint's off-diagonal mass of the row (cleanlab off_diagonal_calibrated). */
  estimatedWrong: z.number(),
  estimatedWrongFraction: z.number(),
  /** Items individually flagged (cleanlab's default num_label_issues). */
  flagged: z.number().int().nonnegative(),
});

export const LabelIssueEstimatesSchema = z.object({
  split: CleanupSplitSchema,
  perClass: z.array(ClassEstimateSchema),
  estimatedWrong: z.number(),
  flagged: z.number().int().nonnegative(),
});

export const CleanupQueueSchema = z.object({
  policy: CleanupPolicySchema,
  /** The run that ranked the items (the policy's, or the newest completed), null when there is none. */
  runId: RunIdSchema.nullable(),
  /** The label revision that run was trained at. */
  runRevision: z.number().int().nonnegative().nullable(),
  /** The current label revision (entries in the log). */
  revision: z.number().int().nonnegative(),
  classes: z.array(z.string()),
  /** Analyst items first (in score order), then the model's suspects by score; dev, test, train blocks interleaved by rank. */
  items: z.array(QueueItemSchema),
  estimates: z.array(LabelIssueEstimatesSchema),
  coverage: CoverageSchema,
  warning: z.string().nullable(),
  /** Things the user should know (e.g. train needs k-fold, analysis tags unavailable, log lines skipped). */
  notes: z.array(z.string()),
});
export type CleanupQueue = z.infer<typeof CleanupQueueSchema>;

export const DecideInputSchema = z
  .object({
    itemId: ItemIdSchema,
    decision: z.enum(['relabel', 'keep', 'ambiguous', 'exclude']),
    /** Required for `relabel`: one of the project's classes, different from the current label. */
    newLabel: z.string().trim().min(1).optional(),
    reason: z.string().max(2000).optional(),
    /** Default: the session policy's run when the item came from the model's ranking. */
    source: SuspicionSourceSchema.optional(),
    runId: RunIdSchema.nullable().optional(),
  })
  .refine((input) => input.decision !== 'relabel' || input.newLabel !== undefined, {
    message: 'relabel needs newLabel',
    path: ['newLabel'],
  });
export type DecideInput = z.infer<typeof DecideInputSchema>;

export const DecideResultSchema = z.object({
  entry: FixLogEntrySchema,
  revision: z.number().int().nonnegative(),
  /** The item's current label and state after the entry. */
  currentLabel: z.string(),
  review: ReviewStateSchema,
});

export const SystematicSchema = z.object({
  pair: z
    .object({
      from: z.string(),
      to: z.string(),
      count: z.number().int(),
      share: z.number(),
      fixes: z.number().int(),
      message: z.string(),
    })
    .nullable(),
  /** Every item of the policy's splits whose current label is `pair.from`, to review them all. */
  itemIds: z.array(ItemIdSchema),
});

export const ErrorCountSchema = z.object({
  errors: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  errorRate: z.number().nullable(),
});

export const SplitBeforeAfterSchema = z.object({
  /** Against the labels as imported (every predicted item). */
  original: ErrorCountSchema,
  /** Against the current labels, excluded items left out. */
  corrected: ErrorCountSchema,
  /** Items left out of `corrected` because they are excluded. */
  excluded: z.number().int().nonnegative(),
  /** Items whose current label differs from the original. */
  relabelled: z.number().int().nonnegative(),
});

export const RunBeforeAfterSchema = z.object({
  runId: RunIdSchema,
  /** The revision the run was trained at. */
  runRevision: z.number().int().nonnegative(),
  model: z.string(),
  startedAt: z.string(),
  splits: z.object({
    train: SplitBeforeAfterSchema,
    'train-dev': SplitBeforeAfterSchema,
    dev: SplitBeforeAfterSchema,
    test: SplitBeforeAfterSchema,
  }),
});
export type RunBeforeAfter = z.infer<typeof RunBeforeAfterSchema>;

export const BeforeAfterSchema = z.object({
  /** The current label revision the corrected figures use. */
  revision: z.number().int().nonnegative(),
  runs: z.array(RunBeforeAfterSchema),
});
export type BeforeAfter = z.infer<typeof BeforeAfterSchema>;

export const CleanupExportInputSchema = z.object({
  /** `labels`: the corrected manifest (re-imports as a manifest); `log`: the fix log as CSV. */
  kind: z.enum(['labels', 'log']),
  /** Where to write; default <project>/exports/<name>.csv. The app may only write inside the project folder. */
  path: z.string().min(1).optional(),
});

export const CleanupExportResultSchema = z.object({
  path: z.string(),
  rows: z.number().int().nonnegative(),
  revision: z.number().int().nonnegative(),
  /** The coverage warning at export time (also written next to the file as `<file>.WARNING.txt`). */
  warning: z.string().nullable(),
  warningPath: z.string().nullable(),
});

/** `cleanup.crossValidate`: out-of-fold probabilities for the train split (k-fold training). */
export const CrossValidateInputSchema = z
  .object({
    k: z.number().int().min(2).max(10).default(5),
    /** Epochs of each fold's model (the built-in MLP unless `model` says cnn). */
    epochs: z.number().int().min(1).max(100).default(5),
    model: z.enum(['mlp', 'cnn']).default('mlp'),
    seed: SeedSchema,
  })
  .default({ k: 5, epochs: 5, model: 'mlp', seed: 0 });

/** `cleanup.crossValidate.progress`: where k-fold training is (fold 1-based, epoch 0 while it decodes). */
export const CrossValidateProgressSchema = z.object({
  fold: z.number().int().positive(),
  k: z.number().int().positive(),
  epoch: z.number().int().nonnegative(),
  epochs: z.number().int().positive(),
  /** Batches done in the current epoch and per epoch (0 while the fold's data is written). */
  batch: z.number().int().nonnegative(),
  batchesPerEpoch: z.number().int().nonnegative(),
});
export type CrossValidateProgress = z.infer<typeof CrossValidateProgressSchema>;

export const OutOfFoldSchema = z.object({
  k: z.number().int(),
  /** Train items with an out-of-fold prediction. */
  items: z.number().int().nonnegative(),
  /** The label revision and split version the folds were trained on (the queue ignores a stale file). */
  revision: z.number().int().nonnegative(),
  splitVersion: z.number().int().positive(),
  model: z.enum(['mlp', 'cnn']),
  epochs: z.number().int(),
  /** Share of train items whose out-of-fold prediction equals their label. */
  accuracy: z.number().nullable(),
  seconds: z.number(),
  createdAt: z.string(),
});
export type OutOfFold = z.infer<typeof OutOfFoldSchema>;
