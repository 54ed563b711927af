import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Low } from 'lowdb';
import { z } from 'zod';
import {
  CategoryIdSchema,
  CategorySchema,
  type CategoriesResult,
  type Category,
  type CategoryOperation,
  type CategoryView,
} from '../../../shared/analysis/category-schemas';
import { EyeballSettingsSchema, type EyeballSettings } from '../../../shared/analysis/eyeball-schemas';
import { EXTRA_COLOURS, hotkeyOf, PRESET_CATEGORIES } from '../../../shared/analysis/preset-categories';
import { ApiFailure } from '../../../shared/result';
import type { Project } from '../projects/project';
import { openJsonDocument } from '../storage/json-document';
import { TagJournal, type JournalRecord } from './tag-journal';

export const ANALYSIS_FOLDER = 'analysis';
export const TAG_JOURNAL_FILE = 'tags.journal.jsonl';
/** Past this many journal lines the journal is folded into tags.json (one rewrite per this many changes). */
const JOURNAL_LIMIT = 5000;

/** What one item carries, project-wide: a tag describes the image, not a run or a sample. */
export const TagEntrySchema = z.object({
  categoryIds: z.array(CategoryIdSchema),
  note: z.string(),
  correctedLabel: z.string().nullable(),
});
export type TagEntry = z.infer<typeof TagEntrySchema>;

const TagsDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  /** Only items that carry something; an entry left empty is removed (the file stays small). */
  items: z.record(z.string(), TagEntrySchema),
});
type TagsDocument = z.infer<typeof TagsDocumentSchema>;

const CategoriesDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  categories: z.array(CategorySchema),
});
type CategoriesDocument = z.infer<typeof CategoriesDocumentSchema>;

const EyeballDocumentSchema = EyeballSettingsSchema.extend({ schemaVersion: z.literal(1) });
type EyeballDocument = z.infer<typeof EyeballDocumentSchema>;

const EMPTY_ENTRY: TagEntry = { categoryIds: [], note: '', correctedLabel: null };

export const DEFAULT_EYEBALL: EyeballSettings = { enabled: false, fraction: 0.5, seed: 1 };

function isEmpty(entry: TagEntry): boolean {
  return entry.categoryIds.length === 0 && entry.note === '' && entry.correctedLabel === null;
}

const stores = new WeakMap<Project, Promise<AnalysisStore>>();

/**
 * A project's error-analysis state in three small lowdb documents under `analysis/`: the categories,
 * the tags (categories, note and corrected label per item id, only for items that carry something) and
 * the eyeball settings. Held in memory per open project; every change is on disk (fsynced) before the
 * method returns, one change at a time. A tag, note or corrected label is one line appended to the tag
 * journal (tag-journal.ts), folded into tags.json on open and every few thousand changes; category
 * changes that touch many tags write tags.json directly. Samples are files of their own (sample-store.ts).
 */
export class AnalysisStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly categoriesDb: Low<CategoriesDocument>,
    private readonly tagsDb: Low<TagsDocument>,
    private readonly eyeballDb: Low<EyeballDocument>,
    private readonly journal: TagJournal,
    /** Problems met opening the documents (a damaged file kept aside). */
    readonly warnings: string[],
  ) {}

  /**
   * True once a write failed after its change was made in memory: memory may then be ahead of the disk,
   * so `of` reads the project's documents again instead of serving what was never saved.
   */
  private stale = false;

  static async of(project: Project): Promise<AnalysisStore> {
    let store = stores.get(project);
    if (!store) {
      store = AnalysisStore.open(project.projectDir);
      stores.set(project, store);
      store.catch(() => stores.delete(project));
    }
    const opened = await store;
    if (!opened.stale) return opened;
    if (stores.get(project) === store) stores.delete(project);
    return AnalysisStore.of(project);
  }

  static async open(projectDir: string): Promise<AnalysisStore> {
    const folder = join(projectDir, ANALYSIS_FOLDER);
    await mkdir(folder, { recursive: true });
    const categories = await openJsonDocument(
      join(folder, 'categories.json'),
      CategoriesDocumentSchema,
      () => ({
        schemaVersion: 1 as const,
        categories: PRESET_CATEGORIES.map((category) => ({ ...category })),
      }),
    );
    const tags = await openJsonDocument(join(folder, 'tags.json'), TagsDocumentSchema, () => ({
      schemaVersion: 1 as const,
      items: {},
    }));
    const eyeball = await openJsonDocument(join(folder, 'eyeball.json'), EyeballDocumentSchema, () => ({
      schemaVersion: 1 as const,
      ...DEFAULT_EYEBALL,
    }));
    const warnings = [categories, tags, eyeball]
      .filter((opened) => opened.problem)
      .map((opened) => `${opened.problem}; it was kept as ${opened.backedUpTo}.`);
    // fold the changes appended since the last snapshot into tags.json
    const journal = new TagJournal(join(folder, TAG_JOURNAL_FILE));
    const { records, skipped } = await journal.read();
    if (skipped > 0) warnings.push(`${skipped} unreadable line(s) of ${journal.path} were skipped.`);
    const store = new AnalysisStore(categories.db, tags.db, eyeball.db, journal, warnings);
    if (records.length > 0) {
      for (const record of records) {
        if (record.entry === null) delete tags.db.data.items[record.id];
        else tags.db.data.items[record.id] = record.entry;
      }
      await store.snapshotTags();
    }
    return store;
  }

  /** Runs changes one after another, so two writes of a document never overlap. */
  private serial<T>(change: () => Promise<T>): Promise<T> {
    const next = this.queue.then(change, change).catch((error: unknown) => {
      // a refused change (ApiFailure) is checked before memory changes; anything else may be a failed write
      if (!(error instanceof ApiFailure)) this.stale = true;
      throw error;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Writes the whole tags document and empties the journal (after bulk changes and when the journal is long). */
  private async snapshotTags(): Promise<void> {
    await this.tagsDb.write();
    await this.journal.clear();
  }

  /** Records changed items: one fsynced append, or a snapshot when the journal is long. */
  private async saveTagChanges(ids: Iterable<string>): Promise<void> {
    const records: JournalRecord[] = [...ids].map((id) => ({
      id,
      entry: this.tagsDb.data.items[id] ?? null,
    }));
    if (records.length === 0) return;
    if (this.journal.length + records.length > JOURNAL_LIMIT) await this.snapshotTags();
    else await this.journal.append(records);
  }

  // ── categories ──────────────────────────────────────────────────────────────

  get categories(): readonly Category[] {
    return this.categoriesDb.data.categories;
  }

  categoryViews(): CategoryView[] {
    const counts = new Map<string, number>();
    for (const entry of Object.values(this.tagsDb.data.items))
      for (const id of entry.categoryIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    return this.categories.map((category, index) => ({
      ...category,
      hotkey: hotkeyOf(index),
      taggedItems: counts.get(category.id) ?? 0,
    }));
  }

  private category(id: string): Category {
    const found = this.categories.find((category) => category.id === id);
    if (!found) throw new ApiFailure('not_found', `There is no category ${id}.`);
    return found;
  }

  private checkNameFree(name: string, exceptId?: string): void {
    const clash = this.categories.find(
      (category) => category.id !== exceptId && category.name.toLowerCase() === name.toLowerCase(),
    );
    if (clash) throw new ApiFailure('invalid_input', `There is already a category named "${clash.name}".`);
  }

  /** Changes the category list; tags follow a merge, a delete removes them (only with `confirm`). */
  applyCategoryOperation(operation: CategoryOperation): Promise<CategoriesResult> {
    return this.serial(async () => {
      const list = this.categoriesDb.data.categories;
      let removedTags = 0;
      let tagsChanged = false;
      switch (operation.op) {
        case 'add': {
          this.checkNameFree(operation.name);
          const used = new Set(list.map((category) => category.colour.toLowerCase()));
          const colour =
            operation.colour ??
            EXTRA_COLOURS.find((c) => !used.has(c)) ??
            EXTRA_COLOURS[list.length % EXTRA_COLOURS.length]!;
          list.push({
            id: newCategoryId(list),
            name: operation.name,
            colour: colour.toLowerCase(),
            preset: null,
          });
          break;
        }
        case 'rename':
          this.checkNameFree(operation.name, operation.id);
          this.category(operation.id).name = operation.name;
          break;
        case 'recolour':
          this.category(operation.id).colour = operation.colour.toLowerCase();
          break;
        case 'merge': {
          if (operation.from === operation.into)
            throw new ApiFailure('invalid_input', 'A category cannot be merged into itself.');
          this.category(operation.from);
          this.category(operation.into);
          for (const entry of Object.values(this.tagsDb.data.items)) {
            if (!entry.categoryIds.includes(operation.from)) continue;
            entry.categoryIds = entry.categoryIds.filter((id) => id !== operation.from);
            if (!entry.categoryIds.includes(operation.into)) entry.categoryIds.push(operation.into);
            tagsChanged = true;
          }
          this.categoriesDb.data.categories = list.filter((category) => category.id !== operation.from);
          break;
        }
        case 'delete': {
          const category = this.category(operation.id);
          const carriers = Object.values(this.tagsDb.data.items).filter((entry) =>
            entry.categoryIds.includes(operation.id),
          );
          if (carriers.length > 0 && !operation.confirm) {
            throw new ApiFailure(
              'invalid_input',
              `${carriers.length} item${carriers.length === 1 ? '' : 's'} carry "${category.name}": deleting it removes those tags. Confirm to delete.`,
              { taggedItems: carriers.length },
            );
          }
          for (const entry of carriers)
            entry.categoryIds = entry.categoryIds.filter((id) => id !== operation.id);
          removedTags = carriers.length;
          tagsChanged = carriers.length > 0;
          this.categoriesDb.data.categories = list.filter((c) => c.id !== operation.id);
          break;
        }
        case 'reorder': {
          const ids = operation.ids;
          const known = new Set(list.map((category) => category.id));
          if (
            ids.length !== known.size ||
            new Set(ids).size !== ids.length ||
            ids.some((id) => !known.has(id))
          ) {
            throw new ApiFailure('invalid_input', 'A reorder must list every category id exactly once.');
          }
          this.categoriesDb.data.categories = ids.map((id) => list.find((category) => category.id === id)!);
          break;
        }
      }
      if (tagsChanged) {
        this.dropEmptyEntries();
        await this.snapshotTags();
      }
      await this.categoriesDb.write();
      return { categories: this.categoryViews(), removedTags };
    });
  }

  // ── tags, notes, corrected labels ───────────────────────────────────────────

  entryOf(itemId: string): TagEntry {
    return this.tagsDb.data.items[itemId] ?? EMPTY_ENTRY;
  }

  /** Every item carrying something (for the mislabeled queue and the CLI). */
  entries(): ReadonlyArray<[string, TagEntry]> {
    return Object.entries(this.tagsDb.data.items);
  }

  private dropEmptyEntries(): void {
    for (const [id, entry] of Object.entries(this.tagsDb.data.items))
      if (isEmpty(entry)) delete this.tagsDb.data.items[id];
  }

  private update(itemId: string, change: (entry: TagEntry) => void): void {
    const items = this.tagsDb.data.items;
    const entry = items[itemId] ?? { ...EMPTY_ENTRY, categoryIds: [] };
    change(entry);
    if (isEmpty(entry)) delete items[itemId];
    else items[itemId] = entry;
  }

  /** Set semantics: after the call every item carries the category (on) or none does (off). */
  setTags(
    itemIds: readonly string[],
    categoryId: string,
    on: boolean,
  ): Promise<{ id: string; categoryIds: string[] }[]> {
    return this.serial(async () => {
      this.category(categoryId);
      const order = new Map(this.categories.map((category, index) => [category.id, index]));
      const changed: string[] = [];
      for (const itemId of new Set(itemIds)) {
        const has = this.entryOf(itemId).categoryIds.includes(categoryId);
        if (has === on) continue;
        changed.push(itemId);
        this.update(itemId, (entry) => {
          entry.categoryIds = on
            ? [...entry.categoryIds, categoryId].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99))
            : entry.categoryIds.filter((id) => id !== categoryId);
        });
      }
      await this.saveTagChanges(changed);
      return [...new Set(itemIds)].map((id) => ({ id, categoryIds: [...this.entryOf(id).categoryIds] }));
    });
  }

  setNote(itemId: string, note: string): Promise<string> {
    return this.serial(async () => {
      const trimmed = note.trim();
      if (this.entryOf(itemId).note !== trimmed) {
        this.update(itemId, (entry) => (entry.note = trimmed));
        await this.saveTagChanges([itemId]);
      }
      return trimmed;
    });
  }

  setCorrectedLabel(itemId: string, label: string | null): Promise<string | null> {
    return this.serial(async () => {
      if (this.entryOf(itemId).correctedLabel !== label) {
        this.update(itemId, (entry) => (entry.correctedLabel = label));
        await this.saveTagChanges([itemId]);
      }
      return label;
    });
  }

  // ── eyeball / blackbox ──────────────────────────────────────────────────────

  get eyeball(): EyeballSettings {
    const { enabled, fraction, seed } = this.eyeballDb.data;
    return { enabled, fraction, seed };
  }

  configureEyeball(settings: EyeballSettings): Promise<EyeballSettings> {
    return this.serial(async () => {
      this.eyeballDb.data = { schemaVersion: 1, ...settings };
      await this.eyeballDb.write();
      return this.eyeball;
    });
  }
}

function newCategoryId(list: readonly Category[]): string {
  const taken = new Set(list.map((category) => category.id));
  for (;;) {
    const id = `c-${Math.floor(Math.random() * 0x1000000)
      .toString(16)
      .padStart(6, '0')}`;
    if (!taken.has(id)) return id;
  }
}
