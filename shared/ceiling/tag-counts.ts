import type { CategoryCount } from './ceiling-table';

export interface TagCounts {
  categories: CategoryCount[];
  /** Items carrying no (known) category. */
  untagged: number;
  sampledErrors: number;
}

/**
 * Counts the sampled items per category, the input of `ceilingTable`. An item counts once per category
 * it carries (a category listed twice on one item counts once); ids that are not in `categories`
 * (a deleted category) are ignored, and an item left with none is untagged.
 */
export function countTags(
  items: readonly { categories: readonly string[] }[],
  categories: readonly { id: string; name: string }[],
): TagCounts {
  const counts = new Map(categories.map((category) => [category.id, 0]));
  let untagged = 0;
  for (const item of items) {
    const known = new Set(item.categories.filter((id) => counts.has(id)));
    if (known.size === 0) untagged++;
    for (const id of known) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return {
    categories: categories.map((category) => ({ ...category, count: counts.get(category.id) ?? 0 })),
    untagged,
    sampledErrors: items.length,
  };
}
