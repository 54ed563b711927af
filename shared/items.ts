import { z } from 'zod';

import { SPLITS } from './splits';

export { SPLITS };
/** `null` on an item's split means "not assigned yet". */
export const SplitSchema = z.enum(SPLITS);
export type Split = z.infer<typeof SplitSchema>;

/** An item id: the content hash (hex), with `-2`, `-3`… for further files of identical content. */
export const ItemIdSchema = z.string().regex(/^[0-9a-f]{20}(-[0-9]+)?$/, 'not an item id');

export const ItemSchema = z.object({
  id: ItemIdSchema,
  /** sha256 of the file bytes, first 20 hex digits: equal hashes = exact duplicates. */
  hash: z.string(),
  /** Path relative to the dataset root, with `/` separators. */
  path: z.string(),
  label: z.string(),
  source: z.string().nullable(),
  split: SplitSchema.nullable(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  /** ISO time the item first entered the project; kept across re-imports. */
  addedAt: z.string(),
  /**
   * `items.get` only: the label as imported, present when label cleanup changed it (`label` is then the
   * current, corrected label).
   */
  originalLabel: z.string().optional(),
  /** `items.get` only: true when label cleanup excluded the item from the dataset. */
  excluded: z.boolean().optional(),
});
export type Item = z.infer<typeof ItemSchema>;

export const ItemFilterSchema = z.object({
  label: z.string().optional(),
  /** `''` selects items without a source. */
  source: z.string().optional(),
  /** `'none'` selects items without a split. */
  split: z.union([SplitSchema, z.literal('none')]).optional(),
  /** Case-insensitive substring of the path or id. */
  text: z.string().max(200).optional(),
  /** With a model run (`run` on the query): its predicted class. */
  predicted: z.string().optional(),
  /** With a model run: right or wrong predictions; `'none'` = items the run did not predict. */
  correctness: z.enum(['correct', 'incorrect', 'none']).optional(),
  /** With a model run: confidence bounds, inclusive. An unknown confidence matches no bound. */
  confidenceMin: z.number().min(0).max(1).optional(),
  confidenceMax: z.number().min(0).max(1).optional(),
});
export type ItemFilter = z.infer<typeof ItemFilterSchema>;

/** A model run id (runs/<id>), as shared/training/run-schemas.ts defines it. */
export const ModelRunIdSchema = z.string().regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/, 'not a run id');

export const ItemQuerySchema = z.object({
  filter: ItemFilterSchema.default({}),
  /** A completed model run: cells carry its prediction, and the prediction filters apply. */
  run: ModelRunIdSchema.optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(5000).default(500),
});

/** A model run's prediction for one item. */
export const CellPredictionSchema = z.object({
  predicted: z.string(),
  /** Probability of the predicted class; null when the run has no confidence (a CSV without p_ columns). */
  confidence: z.number().nullable(),
  correct: z.boolean(),
});
export type CellPrediction = z.infer<typeof CellPredictionSchema>;

/** What the grid needs per cell; details come from `items.get`. */
export const ItemCellSchema = ItemSchema.pick({ id: true, label: true, source: true, split: true }).extend({
  /** Present when the query names a run: the run's prediction, or null when it did not predict the item. */
  prediction: CellPredictionSchema.nullable().optional(),
});
export type ItemCell = z.infer<typeof ItemCellSchema>;

export const ItemPageSchema = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  items: z.array(ItemCellSchema),
});
export type ItemPage = z.infer<typeof ItemPageSchema>;

export const FacetCountSchema = z.object({ value: z.string(), count: z.number().int() });
export const FacetsSchema = z.object({
  total: z.number().int(),
  labels: z.array(FacetCountSchema),
  sources: z.array(FacetCountSchema),
  splits: z.array(FacetCountSchema),
  /** With a run: counts per predicted class, and per correctness (`correct`, `incorrect`, `none`). */
  predicted: z.array(FacetCountSchema).optional(),
  correctness: z.array(FacetCountSchema).optional(),
});
export type Facets = z.infer<typeof FacetsSchema>;

export const FacetsQuerySchema = z.object({ run: ModelRunIdSchema.optional() }).default({});

/** One item's prediction in a run, as the top classes with their probabilities (the detail view). */
export const ItemPredictionSchema = z.object({
  runId: z.string(),
  predicted: z.string(),
  confidence: z.number().nullable(),
  correct: z.boolean(),
  /** Up to 3 classes, most probable first; empty when the confidence is unknown. */
  top: z.array(z.object({ label: z.string(), probability: z.number() })),
});
export type ItemPrediction = z.infer<typeof ItemPredictionSchema>;
