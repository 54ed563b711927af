/**
 * The shapes of the split feature: settings the user chooses, the preview the services compute, the
 * leakage report and the frozen versions. Runtime schemas (zod) so the contract checks every call.
 */
import { z } from 'zod';
import { SeedSchema } from '../seed-schema';
import { SPLITS } from '../splits';

/** Where an item ends up: one of the four splits, or `unused` (a target item the user keeps out of training). */
export const SPLIT_OR_UNUSED = [...SPLITS, 'unused'] as const;
export const SplitOrUnusedSchema = z.enum(SPLIT_OR_UNUSED);
export type SplitOrUnused = z.infer<typeof SplitOrUnusedSchema>;

export const RatiosSchema = z.object({ train: z.number(), dev: z.number(), test: z.number() });

const CutsSchema = z.object({
  dev: z.number().min(0).max(1),
  test: z.number().min(0).max(1),
  trainDev: z.number().min(0).max(1),
});
export type Cuts = z.infer<typeof CutsSchema>;

/**
 * The u-thresholds in force: an item of the dev/test pool goes to dev when u < dev, to test when
 * dev ≤ u < dev + test; a training item goes to train-dev when its second coin < trainDev. `strata`
 * holds cuts per (source, class) stratum — placed between the sorted coins so each stratum gets its
 * share exactly (rounded) — and the global fractions serve strata that appear later. Pinned when a
 * version is frozen, so files added later never move an existing item.
 */
export const ThresholdsSchema = CutsSchema.extend({
  /** Key: source and class joined by U+001F (see stratumKey). */
  strata: z.record(z.string(), CutsSchema).default({}),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const MAX_NEAR_THRESHOLD = 16;
export const DEFAULT_NEAR_THRESHOLD = 4;

export const SplitSettingsSchema = z.object({
  /** The source the product will see; dev and test come only from it. null: one distribution, no target. '' = items without a source. */
  targetSource: z.string().nullable().default(null),
  /** Percent of the dev/test pool; null follows the size rule. */
  ratios: RatiosSchema.nullable().default(null),
  /** Items carved out of the training mix for train-dev; null = the same as dev. */
  trainDevSize: z.number().int().nonnegative().nullable().default(null),
  /** Target items not needed for dev/test go to train (the seed's advice) rather than stay unused. */
  leftoverTargetToTrain: z.boolean().default(true),
  seed: SeedSchema,
  /** Near-duplicates: dHash Hamming distance at most this. */
  nearThreshold: z.number().int().min(0).max(MAX_NEAR_THRESHOLD).default(DEFAULT_NEAR_THRESHOLD),
  /** Keep each duplicate group inside one split (move members); false only reports them. */
  keepDuplicatesTogether: z.boolean().default(true),
  /** A split given in the manifest's column is kept (and checked), never changed. */
  respectManifestSplits: z.boolean().default(true),
  /** Thresholds pinned by a frozen version; null computes them from the ratios and sizes. */
  thresholds: ThresholdsSchema.nullable().default(null),
});
export type SplitSettings = z.output<typeof SplitSettingsSchema>;
export type SplitSettingsInput = z.input<typeof SplitSettingsSchema>;

export const WARNING_CODES = [
  'dev-too-small',
  'dev-test-different-distributions',
  'dev-test-not-target',
  'class-missing',
  'test-looked-at',
  'leakage',
  'target-unused',
  'train-dev-empty',
  'no-target',
] as const;
export const SplitWarningSchema = z.object({
  code: z.enum(WARNING_CODES),
  /** A sentence that says what is wrong, why it matters and what to do. */
  message: z.string(),
  /** The numbers behind the message, for scripts and the CLI's --json. */
  numbers: z.record(z.string(), z.number()),
});
export type SplitWarning = z.infer<typeof SplitWarningSchema>;

export const CountRowSchema = z.object({
  split: SplitOrUnusedSchema,
  source: z.string(),
  label: z.string(),
  count: z.number().int(),
});
export type CountRow = z.infer<typeof CountRowSchema>;
export const SplitTotalsSchema = z.record(SplitOrUnusedSchema, z.number().int());
export type SplitTotals = Record<SplitOrUnused, number>;

export const LeakageMemberSchema = z.object({
  id: z.string(),
  path: z.string(),
  source: z.string(),
  label: z.string(),
  /** Where the plain draw put it. */
  drawn: SplitOrUnusedSchema,
  /** Where it ends up. */
  split: SplitOrUnusedSchema,
});
export const LeakageGroupSchema = z.object({
  kind: z.enum(['exact', 'near']),
  /** Largest dHash distance between linked members (0 for exact duplicates). */
  maxDistance: z.number().int(),
  members: z.array(LeakageMemberSchema),
  moved: z.number().int(),
  /** Still in more than one split after the gate (manifest splits, or keep-together turned off). */
  straddles: z.boolean(),
  reason: z.string(),
});
export type LeakageGroup = z.infer<typeof LeakageGroupSchema>;
export const LeakageReportSchema = z.object({
  nearThreshold: z.number().int(),
  /** Items with a perceptual hash; the others could be checked for exact duplicates only. */
  hashed: z.number().int(),
  notHashed: z.number().int(),
  exactGroups: z.number().int(),
  nearGroups: z.number().int(),
  movedItems: z.number().int(),
  straddlingGroups: z.number().int(),
  /** Chains of look-alikes too large to be copies of one image, re-linked at a closer distance. */
  tightenedChains: z.number().int(),
  largestChain: z.number().int(),
  /** Groups that moved or straddle, first ones only (see `listedOf`). */
  groups: z.array(LeakageGroupSchema),
  listedOf: z.number().int(),
});
export type LeakageReport = z.infer<typeof LeakageReportSchema>;

export const RecommendationSchema = z.object({
  /** Size of the dev/test pool the rule was applied to. */
  n: z.number().int(),
  ratios: RatiosSchema,
  rule: z.string(),
  source: z.string(),
});

export const SplitPreviewSchema = z.object({
  settings: SplitSettingsSchema,
  itemCount: z.number().int(),
  sources: z.array(z.object({ value: z.string(), count: z.number().int() })),
  /** Items dev and test may come from (the target source, or all items without a target). */
  poolSize: z.number().int(),
  recommended: RecommendationSchema,
  /** The ratios in force (percent of the pool): the user's, or the recommended ones. */
  ratios: RatiosSchema,
  ratiosFrom: z.enum(['size-rule', 'user', 'pinned']),
  thresholds: ThresholdsSchema,
  counts: z.array(CountRowSchema),
  totals: SplitTotalsSchema,
  devResolution: z.object({ n: z.number().int(), difference: z.number(), text: z.string() }),
  warnings: z.array(SplitWarningSchema),
  leakage: LeakageReportSchema,
  /** Items whose split differs from the current frozen version (null when none is frozen). */
  changedFromFrozen: z.number().int().nullable(),
});
export type SplitPreview = z.infer<typeof SplitPreviewSchema>;

export const TestLooksSchema = z.object({
  count: z.number().int(),
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
});
export type TestLooks = z.infer<typeof TestLooksSchema>;

export const FrozenVersionSchema = z.object({
  version: z.number().int().positive(),
  createdAt: z.string(),
  settings: SplitSettingsSchema,
  itemCount: z.number().int(),
  totals: SplitTotalsSchema,
  /** The assignment file, relative to the project folder (written once). */
  file: z.string(),
  warnings: z.array(SplitWarningSchema),
  testLooks: TestLooksSchema,
});
export type FrozenVersion = z.infer<typeof FrozenVersionSchema>;

export const SplitStateSchema = z.object({
  settings: SplitSettingsSchema,
  /** Set when splits.json was damaged: it was kept aside and a fresh one started (the frozen files stay). */
  problem: z.string().nullable(),
  current: FrozenVersionSchema.nullable(),
  versions: z.array(FrozenVersionSchema),
});
export type SplitState = z.infer<typeof SplitStateSchema>;

export const SplitProgressSchema = z.object({
  phase: z.enum(['perceptual-hashes', 'done']),
  done: z.number().int(),
  total: z.number().int(),
});
export type SplitProgress = z.infer<typeof SplitProgressSchema>;
