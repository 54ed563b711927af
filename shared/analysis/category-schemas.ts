import { z } from 'zod';

/** The preset categories of the seed's error analysis; `key` stays with a category through renames. */
export const PRESET_KEYS = [
  'blurry',
  'multiple-objects',
  'unusual-presentation',
  'mislabeled',
  'rare-class',
] as const;
export const PresetKeySchema = z.enum(PRESET_KEYS);
export type PresetKey = z.infer<typeof PresetKeySchema>;

/** A category id: the preset key for presets, `c-` + 6 hex digits for the user's own. */
export const CategoryIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'not a category id');
export const CategoryNameSchema = z
  .string()
  .trim()
  .min(1, 'a category needs a name')
  .max(60, 'a category name has at most 60 characters');
export const ColourSchema = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb');

/** How a category is stored (analysis/categories.json); the list's order is the hotkey order. */
export const CategorySchema = z.object({
  id: CategoryIdSchema,
  name: CategoryNameSchema,
  colour: ColourSchema,
  /** The preset it came from (kept through renames: label cleanup finds "mislabeled" by it), or null. */
  preset: PresetKeySchema.nullable(),
});
export type Category = z.infer<typeof CategorySchema>;

/** A category as the calls return it: with its hotkey and how many items carry it project-wide. */
export const CategoryViewSchema = CategorySchema.extend({
  /** 1–9 for the first nine categories in order, null after. */
  hotkey: z.number().int().min(1).max(9).nullable(),
  /** Items carrying it, project-wide (tags describe the image, not a run or sample). */
  taggedItems: z.number().int().nonnegative(),
});
export type CategoryView = z.infer<typeof CategoryViewSchema>;

/** One change to the category list (`analysis.categories.save`). */
export const CategoryOperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), name: CategoryNameSchema, colour: ColourSchema.optional() }),
  z.object({ op: z.literal('rename'), id: CategoryIdSchema, name: CategoryNameSchema }),
  z.object({ op: z.literal('recolour'), id: CategoryIdSchema, colour: ColourSchema }),
  /** Every tag of `from` becomes a tag of `into` (an item with both keeps one); `from` is removed. */
  z.object({ op: z.literal('merge'), from: CategoryIdSchema, into: CategoryIdSchema }),
  /** Refused while items carry the category unless `confirm` is true; then their tags go too. */
  z.object({ op: z.literal('delete'), id: CategoryIdSchema, confirm: z.boolean().default(false) }),
  /** The full list of ids in the new order (hotkeys follow). */
  z.object({ op: z.literal('reorder'), ids: z.array(CategoryIdSchema).min(1) }),
]);
export type CategoryOperation = z.infer<typeof CategoryOperationSchema>;

export const CategoriesResultSchema = z.object({
  categories: z.array(CategoryViewSchema),
  /** Tags removed by a delete (0 for the other operations; a merge moves tags, it removes none). */
  removedTags: z.number().int().nonnegative(),
});
export type CategoriesResult = z.infer<typeof CategoriesResultSchema>;
