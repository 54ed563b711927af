import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ItemSchema,
  type Facets,
  type CellPrediction,
  type Item,
  type ItemCell,
  type ItemFilter,
  type ItemPage,
  type Split,
} from '../../../shared/items';
import { writeFileAtomic } from '../storage/atomic-write';

export const ITEM_INDEX_FILE = 'items.json';
const ITEM_INDEX_VERSION = 1;

const ItemIndexFileSchema = z.object({
  schemaVersion: z.literal(ITEM_INDEX_VERSION),
  writtenAt: z.string(),
  items: z.array(ItemSchema),
});

/**
 * Where an item's split comes from. By default the manifest's column (`item.split`); once a split is
 * frozen, the item calls pass that version's lookup, which overrides it (services/splits).
 */
export type SplitLookup = (item: Item) => Split | null;
const manifestSplit: SplitLookup = (item) => item.split;

/**
 * An item's label as the user sees it now: the imported label unless label cleanup changed it (the item
 * calls pass the fix log's current labels, services/cleanup).
 */
export type LabelLookup = (item: Item) => string;
const importedLabel: LabelLookup = (item) => item.label;

/** A model run's prediction of an item (null when the run did not predict it); given when a query names a run. */
export type PredictionLookup = (item: Item) => CellPrediction | null;

/**
 * The item index: one large table, written once per import in a file of its own (DESIGN §4), held in
 * memory for queries. User edits never rewrite it.
 */
export class ItemIndex {
  private readonly byId = new Map<string, Item>();

  constructor(readonly items: readonly Item[]) {
    for (const item of items) this.byId.set(item.id, item);
  }

  /**
   * Load the index of a project. A missing file means "not imported yet". A damaged one is derived data
   * (a re-import rebuilds it), so it is kept aside as `items.json.broken-<time>` and reported, not fatal.
   */
  static async load(
    projectDir: string,
  ): Promise<{ index: ItemIndex | null; problem: string | null; backedUpTo: string | null }> {
    const path = join(projectDir, ITEM_INDEX_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { index: null, problem: null, backedUpTo: null };
      throw error;
    }
    let problem: string;
    try {
      const parsed = ItemIndexFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { index: new ItemIndex(parsed.data.items), problem: null, backedUpTo: null };
      problem = `The item index ${path} does not match the expected format (${parsed.error.issues[0]?.message}).`;
    } catch (error) {
      problem = `The item index ${path} is not valid JSON (${(error as Error).message}).`;
    }
    const backedUpTo = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, backedUpTo);
    return { index: null, problem, backedUpTo };
  }

  async save(projectDir: string): Promise<void> {
    const file = {
      schemaVersion: ITEM_INDEX_VERSION,
      writtenAt: new Date().toISOString(),
      items: this.items,
    };
    await writeFileAtomic(join(projectDir, ITEM_INDEX_FILE), JSON.stringify(file));
  }

  get size(): number {
    return this.items.length;
  }

  get(id: string, splitOf: SplitLookup = manifestSplit): Item | undefined {
    const item = this.byId.get(id);
    if (!item) return undefined;
    const split = splitOf(item);
    return split === item.split ? item : { ...item, split };
  }

  query(
    filter: ItemFilter,
    offset: number,
    limit: number,
    splitOf: SplitLookup = manifestSplit,
    predictionOf?: PredictionLookup,
    labelOf: LabelLookup = importedLabel,
  ): ItemPage {
    const matching = this.filter(filter, splitOf, predictionOf, labelOf);
    const cells: ItemCell[] = matching.slice(offset, offset + limit).map((item) => ({
      id: item.id,
      label: labelOf(item),
      source: item.source,
      split: splitOf(item),
      ...(predictionOf ? { prediction: predictionOf(item) } : {}),
    }));
    return { total: matching.length, offset, items: cells };
  }

  facets(
    splitOf: SplitLookup = manifestSplit,
    predictionOf?: PredictionLookup,
    labelOf: LabelLookup = importedLabel,
  ): Facets {
    return {
      total: this.items.length,
      labels: countBy(this.items, labelOf),
      sources: countBy(this.items, (item) => item.source ?? ''),
      splits: countBy(this.items, (item) => splitOf(item) ?? 'none'),
      ...(predictionOf
        ? {
            predicted: countBy(
              this.items.filter((item) => predictionOf(item) !== null),
              (item) => predictionOf(item)!.predicted,
            ),
            correctness: countBy(this.items, (item) => correctnessOf(predictionOf(item))),
          }
        : {}),
    };
  }

  private filter(
    filter: ItemFilter,
    splitOf: SplitLookup,
    predictionOf: PredictionLookup | undefined,
    labelOf: LabelLookup,
  ): readonly Item[] {
    const text = filter.text?.trim().toLowerCase();
    const byPrediction =
      predictionOf !== undefined &&
      (filter.predicted !== undefined ||
        filter.correctness !== undefined ||
        filter.confidenceMin !== undefined ||
        filter.confidenceMax !== undefined);
    if (
      filter.label === undefined &&
      filter.source === undefined &&
      filter.split === undefined &&
      !text &&
      !byPrediction
    ) {
      return this.items;
    }
    return this.items.filter(
      (item) =>
        (filter.label === undefined || labelOf(item) === filter.label) &&
        (filter.source === undefined || (item.source ?? '') === filter.source) &&
        (filter.split === undefined || (splitOf(item) ?? 'none') === filter.split) &&
        (!text || item.path.toLowerCase().includes(text) || item.id.includes(text)) &&
        (!byPrediction || matchesPrediction(filter, predictionOf(item))),
    );
  }
}

function correctnessOf(prediction: CellPrediction | null): 'correct' | 'incorrect' | 'none' {
  if (!prediction) return 'none';
  return prediction.correct ? 'correct' : 'incorrect';
}

/** The prediction filters: predicted class, correctness, confidence bounds (an unknown confidence matches none). */
export function matchesPrediction(filter: ItemFilter, prediction: CellPrediction | null): boolean {
  if (filter.correctness !== undefined && correctnessOf(prediction) !== filter.correctness) return false;
  const bounded = filter.confidenceMin !== undefined || filter.confidenceMax !== undefined;
  if (filter.predicted === undefined && !bounded) return true;
  if (!prediction) return false;
  if (filter.predicted !== undefined && prediction.predicted !== filter.predicted) return false;
  if (bounded) {
    if (prediction.confidence === null) return false;
    if (filter.confidenceMin !== undefined && prediction.confidence < filter.confidenceMin) return false;
    if (filter.confidenceMax !== undefined && prediction.confidence > filter.confidenceMax) return false;
  }
  return true;
}

function countBy(items: readonly Item[], key: (item: Item) => string): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => a.value.localeCompare(b.value));
}
