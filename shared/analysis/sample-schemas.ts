import { z } from 'zod';
import { ItemIdSchema, ModelRunIdSchema, SplitSchema } from '../items';
import { CategoryIdSchema } from './category-schemas';

/** A sample id: sortable by creation time, safe as a file name (`20261204-221503-a1b2c3`). */
export const SampleIdSchema = z.string().regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/, 'not a sample id');

/** Unstratified, proportional per true class, or per confusion pair (true → predicted). */
export const StratifySchema = z.enum(['none', 'class', 'pair']);
export type Stratify = z.infer<typeof StratifySchema>;

/** Where a sample's errors come from: all of dev, or only its eyeball part (ML Yearning ch. 17). */
export const SamplePoolSchema = z.enum(['dev', 'eyeball']);
export type SamplePool = z.infer<typeof SamplePoolSchema>;

/** A seed: a whole number in [0, 2³²). */
export const SeedSchema = z.number().int().min(0).max(0xffffffff);

/** analysis/samples/<id>.json: everything needed to re-derive the sample and its table. */
export const SampleRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: SampleIdSchema,
  seed: SeedSchema,
  runId: ModelRunIdSchema,
  splitVersion: z.number().int().positive(),
  created: z.string(),
  stratify: StratifySchema,
  pool: SamplePoolSchema,
  /** In draw order: the first N never change when the sample is extended. */
  itemIds: z.array(ItemIdSchema),
});
export type SampleRecord = z.infer<typeof SampleRecordSchema>;

/** A sample in the overview's list. */
export const SampleSummarySchema = SampleRecordSchema.omit({ schemaVersion: true, itemIds: true }).extend({
  size: z.number().int().nonnegative(),
  /** Items of the sample carrying at least one category. */
  tagged: z.number().int().nonnegative(),
});
export type SampleSummary = z.infer<typeof SampleSummarySchema>;

export const TopProbabilitySchema = z.object({ label: z.string(), probability: z.number() });

/** One sampled error with what the tagging grid shows and edits. */
export const SampleItemSchema = z.object({
  id: ItemIdSchema,
  /** Path relative to the dataset root, `/` separators. */
  relativePath: z.string(),
  split: SplitSchema.nullable(),
  /** The label as imported (the model was scored against it). */
  given: z.string(),
  predicted: z.string(),
  /** Probability of the predicted class; null when the run has no confidence. */
  confidence: z.number().nullable(),
  /** The 5 most probable classes (fewer when there are fewer classes; empty without confidence). */
  top: z.array(TopProbabilitySchema),
  categoryIds: z.array(CategoryIdSchema),
  note: z.string(),
  /** What the label should be, typed while tagging "mislabeled"; null = not given. */
  correctedLabel: z.string().nullable(),
});
export type SampleItem = z.infer<typeof SampleItemSchema>;

export const SampleSchema = SampleSummarySchema.extend({
  /** The run's dev error in percent (10 = 10 %), over all dev items it predicted. */
  devErrorPercent: z.number(),
  /** Misclassified items in the pool the sample was drawn from (dev, or the eyeball part). */
  errorsInPool: z.number().int().nonnegative(),
  /** Items in draw order. In eyeball mode, blackbox items of an older dev sample are left out. */
  items: z.array(SampleItemSchema),
  /** Items of the sample left out because they are in the blackbox part (never shown). */
  blackboxHidden: z.number().int().nonnegative(),
});
export type Sample = z.infer<typeof SampleSchema>;

export const SampleCreateInputSchema = z.object({
  runId: ModelRunIdSchema,
  size: z.number().int().positive().max(100_000).default(100),
  /** Absent: a random seed is drawn and recorded. */
  seed: SeedSchema.optional(),
  stratify: StratifySchema.default('none'),
  /** Absent: `eyeball` when the eyeball split is on, else `dev`. `dev` is refused in eyeball mode. */
  pool: SamplePoolSchema.optional(),
});
