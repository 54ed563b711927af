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
});
export type ItemFilter = z.infer<typeof ItemFilterSchema>;

export const ItemQuerySchema = z.object({
  filter: ItemFilterSchema.default({}),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(5000).default(500),
});

/** What the grid needs per cell; details come from `items.get`. */
export const ItemCellSchema = ItemSchema.pick({ id: true, label: true, source: true, split: true });
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
});
export type Facets = z.infer<typeof FacetsSchema>;
