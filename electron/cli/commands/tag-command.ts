import type { CategoryView } from '../../../shared/analysis/category-schemas';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling tag <dataset> <item id> [<category>...] [options]

Tag an item with error-analysis categories, by name (case-insensitive), id or hotkey number (1–9 are
the first nine categories), and set its note or corrected label. Tags belong to the item (project-wide),
so every sample holding it shows them. Each change is saved before the command returns.

  --off                      take the categories off instead of putting them on
  --note <text>              the item's note ('' clears it)
  --corrected-label <class>  what the label should be (one of the project's classes; '' clears it)
  --json                     print the item's categories, note and corrected label as JSON`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  off: { type: 'boolean', default: false },
  note: { type: 'string' },
  'corrected-label': { type: 'string' },
} as const;

/** A category named by hotkey number, id or name. */
export function resolveCategory(categories: readonly CategoryView[], given: string): CategoryView {
  const byHotkey = /^[1-9]$/.test(given) ? categories.find((c) => c.hotkey === Number(given)) : undefined;
  const found =
    byHotkey ??
    categories.find((c) => c.id === given) ??
    categories.find((c) => c.name.toLowerCase() === given.toLowerCase());
  if (!found)
    throw new CliError(
      `No category "${given}". The categories: ${categories.map((c) => `${c.hotkey ?? '-'} ${c.name}`).join(', ')}.`,
    );
  return found;
}

export const tagCommand: Command = {
  name: 'tag',
  summary: 'tag an item with categories, a note or a corrected label',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, OPTIONS);
    const [dataset, itemId, ...categoryNames] = positionals;
    if (!dataset || !itemId) throw new CliError(`Give the dataset and the item id.\n\n${usage}`);
    if (categoryNames.length === 0 && values.note === undefined && values['corrected-label'] === undefined)
      throw new CliError(`Name at least one category, --note or --corrected-label.\n\n${usage}`);
    const result = await withProject(dataset, values['project-dir'], async (app) => {
      const { categories } = await call(app, 'analysis.overview', {});
      const chosen = categoryNames.map((name) => resolveCategory(categories, name));
      let categoryIds: string[] | null = null;
      for (const category of chosen) {
        const { items } = await call(app, 'analysis.tags.set', {
          itemIds: [itemId],
          categoryId: category.id,
          on: !values.off,
        });
        categoryIds = items[0]!.categoryIds;
      }
      const note =
        values.note === undefined
          ? undefined
          : (await call(app, 'analysis.note.set', { itemId, note: values.note })).note;
      const label = values['corrected-label'];
      const correctedLabel =
        label === undefined
          ? undefined
          : (await call(app, 'analysis.correctedLabel.set', { itemId, label: label === '' ? null : label }))
              .correctedLabel;
      const nameOf = new Map(categories.map((c) => [c.id, c.name]));
      return {
        id: itemId,
        /** The item's categories after the change (absent when no category was named). */
        ...(categoryIds === null ? {} : { categories: categoryIds.map((id) => nameOf.get(id) ?? id) }),
        ...(note === undefined ? {} : { note }),
        ...(correctedLabel === undefined ? {} : { correctedLabel }),
      };
    });
    if (values.json) return printJson(result);
    if (result.categories)
      console.log(
        `${result.id}: ${result.categories.length > 0 ? result.categories.join(', ') : 'no categories'}`,
      );
    if (result.note !== undefined)
      console.log(`${result.id}: note ${result.note ? `"${result.note}"` : 'cleared'}`);
    if (result.correctedLabel !== undefined)
      console.log(`${result.id}: corrected label ${result.correctedLabel ?? 'cleared'}`);
  },
};
