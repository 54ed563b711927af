/** One category put on (`on: true`) or taken off one item. */
export interface TagChange {
  itemId: string;
  categoryId: string;
  on: boolean;
}

/** What a toggle looks at: an item and the categories it carries now. */
export interface TaggedItem {
  id: string;
  categories: readonly string[];
}

/**
 * Toggling a category on several items at once, as FiftyOne's tagger does: when every target already
 * carries the category it comes off all of them; otherwise it goes on the ones that lack it (so a mixed
 * selection ends up uniformly tagged, and a second press takes it off again). Only real changes are
 * returned: an item that already has the state asked for is not touched (and not sent to the server).
 */
export function planToggle(targets: readonly TaggedItem[], categoryId: string): TagChange[] {
  const allCarry = targets.length > 0 && targets.every((item) => item.categories.includes(categoryId));
  return targets
    .filter((item) => item.categories.includes(categoryId) === allCarry)
    .map((item) => ({ itemId: item.id, categoryId, on: !allCarry }));
}

/** The changes that undo `changes`: each one reversed, in reverse order. */
export function invertChanges(changes: readonly TagChange[]): TagChange[] {
  return [...changes].reverse().map((change) => ({ ...change, on: !change.on }));
}

/** An item's categories after one change: added at the end (keeping the order they were given in), or removed. */
export function applyChange(categories: readonly string[], change: TagChange): string[] {
  const without = categories.filter((id) => id !== change.categoryId);
  return change.on ? [...without, change.categoryId] : without;
}
