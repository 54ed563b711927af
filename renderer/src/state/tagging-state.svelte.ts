import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { CategoryOperation, CategoryView } from '../../../shared/analysis/category-schemas';
import type { EyeballSettingsView } from '../../../shared/analysis/eyeball-schemas';
import type { AnalysisRun } from '../../../shared/analysis/report-schemas';
import type { Sample, SampleItem, SampleSummary, Stratify } from '../../../shared/analysis/sample-schemas';
import { indexRange, moveIndex, type GridMove } from '../../../shared/tagging/grid-navigation';
import { planToggle } from '../../../shared/tagging/toggle-plan';
import { api } from '../api/client';

/** What the grid shows of a sample: any combination narrows it. */
export interface TagFilter {
  /** Only items without any category. */
  untagged?: boolean;
  categoryId?: string;
  /** A confusion pair: given (true) label → predicted label. */
  pair?: { given: string; predicted: string };
  /** Items whose given or predicted label is this class. */
  className?: string;
}

/** A change the user made that `u` / Ctrl+Z can take back, kept as the operation done (undo sends its inverse). */
type UndoEntry =
  | { kind: 'tags'; categoryId: string; itemIds: string[]; on: boolean }
  | { kind: 'correctedLabel'; itemId: string; before: string | null; after: string | null };

const UNDO_LIMIT = 500;

/** The key of one (item, category) pair in the pending map. */
const pendingKey = (itemId: string, categoryId: string) => `${itemId}|${categoryId}`;

/**
 * The Analyze screen's state: the runs and samples to pick from, the categories, the chosen sample's
 * items with their tags, notes and corrected labels, the filter, the current item and the selection.
 *
 * Tagging is optimistic: a key press changes the shown tags at once, then the call goes out; the chip
 * carries `pending` until the server has written it. Calls touching the same items go out one after
 * another (so an on-then-off stays in that order on disk); calls on other items go out at once. A
 * failed call reverts what it showed, reports the error and reloads the sample once nothing is in
 * flight, so the screen never shows as saved what is not on disk.
 */
class TaggingState {
  loaded = $state(false);
  /** The last failure (a call refused, the host gone), shown in the screen's banner until dismissed. */
  error = $state<string | null>(null);
  runs = $state.raw<AnalysisRun[]>([]);
  samples = $state.raw<SampleSummary[]>([]);
  categories = $state.raw<CategoryView[]>([]);
  classes = $state.raw<string[]>([]);
  eyeball = $state.raw<EyeballSettingsView | null>(null);

  /** The sample shown, without its items (they are in `items`), and its items in draw order. */
  sample = $state.raw<Omit<Sample, 'items'> | null>(null);
  items = $state.raw<SampleItem[]>([]);
  loadingSample = $state(false);
  /** Categories per item id, as shown (optimistic); notes and corrected labels likewise. */
  readonly tags = new SvelteMap<string, readonly string[]>();
  readonly notes = new SvelteMap<string, string>();
  readonly corrected = new SvelteMap<string, string | null>();
  /** Items of the sample carrying at least one category, and items per category, kept as tags change. */
  tagged = $state(0);
  readonly sampleCounts = new SvelteMap<string, number>();

  filter = $state.raw<TagFilter>({});
  /** Indices into `items` the grid shows. Recomputed when the filter or the sample changes, not on every tag,
   * so an item tagged under the "untagged" filter stays in place (marked) instead of jumping away. */
  visible = $state.raw<number[]>([]);
  /** Position in `visible` of the current item. */
  current = $state(0);
  /** Where a shift-range starts, and the selection that was there before the range. */
  private anchor: number | null = null;
  private rangeBase: string[] = [];
  readonly selected = new SvelteSet<string>();

  /** (item|category) → calls in flight for it; a chip is drawn pending while its count is above 0. */
  readonly pending = new SvelteMap<string, number>();
  inFlight = $state(0);
  savedAt = $state<number | null>(null);
  saveError = $state<string | null>(null);
  undoStack = $state.raw<UndoEntry[]>([]);

  detailOpen = $state(false);
  helpOpen = $state(false);

  private pendingByItem = new Map<string, number>();
  private chains = new Map<string, Promise<void>>();
  private resyncWanted = false;
  private loadGeneration = 0;

  // ── Loading ────────────────────────────────────────────────────────────────────────────────────

  private loading: Promise<void> = Promise.resolve();

  /** Runs, samples, categories and classes; then the chosen sample (kept if it still exists, else the newest). */
  load(): Promise<void> {
    this.loading = this.loadNow();
    return this.loading;
  }

  /**
   * The Ceiling tab's confusion cells land here: open the sample asked for (or the newest of the run, when
   * the open one is of another run) and filter it to the pair `given → predicted`.
   */
  async showPair(request: {
    sampleId: string | null;
    runId: string;
    given: string;
    predicted: string;
  }): Promise<void> {
    await this.loading;
    const wanted =
      request.sampleId ??
      (this.sample?.runId === request.runId
        ? this.sample.id
        : (this.samples.find((sample) => sample.runId === request.runId)?.id ?? null));
    if (!wanted) {
      this.error = `No sample of that run yet: draw one to tag its ${request.given} → ${request.predicted} errors.`;
      return;
    }
    if (this.sample?.id !== wanted) await this.openSample(wanted);
    this.clearSelection();
    this.applyFilter({ pair: { given: request.given, predicted: request.predicted } });
  }

  private async loadNow(): Promise<void> {
    const result = await api.call('analysis.overview', {});
    if (!result.ok) {
      this.error = result.error.message;
      this.loaded = true;
      return;
    }
    const overview = result.value;
    this.runs = overview.runs;
    this.samples = overview.samples;
    this.categories = overview.categories;
    this.classes = overview.classes;
    this.eyeball = overview.eyeball;
    this.loaded = true;
    const keep = this.sample && overview.samples.some((sample) => sample.id === this.sample!.id);
    const next = keep ? this.sample!.id : (overview.samples[0]?.id ?? null);
    if (next) await this.openSample(next, { keepPosition: keep === true });
    else this.clearSample();
  }

  private clearSample(): void {
    this.sample = null;
    this.items = [];
    this.resetTagMaps([]);
    this.applyFilter({});
  }

  async openSample(sampleId: string, options: { keepPosition?: boolean } = {}): Promise<void> {
    const generation = ++this.loadGeneration;
    this.loadingSample = true;
    const result = await api.call('analysis.sample.get', { sampleId });
    if (generation !== this.loadGeneration) return;
    this.loadingSample = false;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.showSample(result.value, options.keepPosition === true);
  }

  private showSample(sample: Sample, keepPosition: boolean): void {
    const { items, ...meta } = sample;
    const currentId = keepPosition ? this.currentItem?.id : undefined;
    this.sample = meta;
    this.items = items;
    this.resetTagMaps(items);
    if (!keepPosition) {
      this.selected.clear();
      this.undoStack = [];
    } else {
      const ids = new Set(items.map((item) => item.id));
      for (const id of this.selected) if (!ids.has(id)) this.selected.delete(id);
    }
    this.applyFilter(keepPosition ? this.filter : {}, currentId);
  }

  private resetTagMaps(items: readonly SampleItem[]): void {
    this.tags.clear();
    this.notes.clear();
    this.corrected.clear();
    this.sampleCounts.clear();
    let tagged = 0;
    const counts: Record<string, number> = {};
    for (const item of items) {
      this.tags.set(item.id, item.categoryIds);
      if (item.note) this.notes.set(item.id, item.note);
      if (item.correctedLabel !== null) this.corrected.set(item.id, item.correctedLabel);
      if (item.categoryIds.length > 0) tagged++;
      for (const id of item.categoryIds) counts[id] = (counts[id] ?? 0) + 1;
    }
    for (const [id, count] of Object.entries(counts)) this.sampleCounts.set(id, count);
    this.tagged = tagged;
  }

  /** Reloads the categories and the shown sample from disk (after a failed save, a merge or delete), keeping the position. */
  async resync(): Promise<void> {
    await this.refreshCategories();
    if (this.sample) await this.openSample(this.sample.id, { keepPosition: true });
  }

  // ── Samples ────────────────────────────────────────────────────────────────────────────────────

  async createSample(input: {
    runId: string;
    size: number;
    seed?: number;
    stratify: Stratify;
  }): Promise<boolean> {
    const result = await api.call('analysis.sample.create', input);
    if (!result.ok) {
      this.error = result.error.message;
      return false;
    }
    this.showSample(result.value, false);
    await this.refreshSampleList();
    return true;
  }

  async extendSample(by = 50): Promise<void> {
    if (!this.sample) return;
    const result = await api.call('analysis.sample.extend', { sampleId: this.sample.id, by });
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.showSample(result.value, true);
    await this.refreshSampleList();
  }

  private async refreshSampleList(): Promise<void> {
    const result = await api.call('analysis.overview', {});
    if (result.ok) this.samples = result.value.samples;
  }

  // ── Filter, current item, selection ────────────────────────────────────────────────────────────

  get currentItem(): SampleItem | undefined {
    const index = this.visible[this.current];
    return index === undefined ? undefined : this.items[index];
  }

  /** Does an item pass the filter with its tags as shown now? (The grid dims those that stopped passing.) */
  matches(item: SampleItem, filter: TagFilter = this.filter): boolean {
    const categories = this.tags.get(item.id) ?? item.categoryIds;
    if (filter.untagged && categories.length > 0) return false;
    if (filter.categoryId && !categories.includes(filter.categoryId)) return false;
    if (filter.pair && (item.given !== filter.pair.given || item.predicted !== filter.pair.predicted))
      return false;
    if (filter.className && item.given !== filter.className && item.predicted !== filter.className)
      return false;
    return true;
  }

  /** Shows the items passing `filter`; the current item stays current when it still passes. */
  applyFilter(filter: TagFilter, keepItemId = this.currentItem?.id): void {
    this.filter = filter;
    const visible: number[] = [];
    this.items.forEach((item, index) => {
      if (this.matches(item, filter)) visible.push(index);
    });
    this.visible = visible;
    const kept = keepItemId ? visible.findIndex((index) => this.items[index]!.id === keepItemId) : -1;
    this.current = kept >= 0 ? kept : 0;
    this.anchor = null;
    const shown = new Set(visible.map((index) => this.items[index]!.id));
    for (const id of this.selected) if (!shown.has(id)) this.selected.delete(id);
  }

  setFilter(change: Partial<TagFilter>): void {
    const next: TagFilter = { ...this.filter, ...change };
    for (const key of Object.keys(next) as (keyof TagFilter)[]) if (!next[key]) delete next[key];
    this.applyFilter(next);
  }

  /** Moves the current item; with `extend`, the selection grows or shrinks from the anchor, as in a file list. */
  move(move: GridMove, cols: number, pageRows = 1, extend = false): void {
    this.moveTo(moveIndex(this.current, move, cols, this.visible.length, pageRows), extend);
  }

  moveTo(position: number, extend = false): void {
    if (this.visible.length === 0) return;
    const to = Math.max(0, Math.min(this.visible.length - 1, position));
    if (extend) {
      if (this.anchor === null) {
        this.anchor = this.current;
        this.rangeBase = [...this.selected];
      }
      this.selectRange(this.anchor, to);
    } else {
      this.anchor = null;
    }
    this.current = to;
  }

  /** A plain click: the item becomes current and the selection is cleared. */
  click(position: number): void {
    this.selected.clear();
    this.moveTo(position);
  }

  /** Ctrl/Cmd-click or Space: the item joins or leaves the selection. */
  toggleSelected(position = this.current): void {
    const item = this.items[this.visible[position] ?? -1];
    if (!item) return;
    if (this.selected.has(item.id)) this.selected.delete(item.id);
    else this.selected.add(item.id);
    this.anchor = null;
    this.current = position;
  }

  private selectRange(from: number, to: number): void {
    const ids = new Set([
      ...this.rangeBase,
      ...indexRange(from, to).map((position) => this.items[this.visible[position]!]!.id),
    ]);
    for (const id of this.selected) if (!ids.has(id)) this.selected.delete(id);
    for (const id of ids) this.selected.add(id);
  }

  selectAllVisible(): void {
    for (const index of this.visible) this.selected.add(this.items[index]!.id);
  }

  clearSelection(): void {
    this.selected.clear();
    this.anchor = null;
  }

  /** What a category key acts on: the selection if there is one (in grid order), else the current item. */
  targets(): SampleItem[] {
    if (this.selected.size === 0) return this.currentItem ? [this.currentItem] : [];
    return this.items.filter((item) => this.selected.has(item.id));
  }

  // ── Tagging ────────────────────────────────────────────────────────────────────────────────────

  /** The category that stands for "mislabeled" (found by its preset, so a rename keeps it), if any. */
  get mislabeledId(): string | null {
    return this.categories.find((category) => category.preset === 'mislabeled')?.id ?? null;
  }

  categoryByHotkey(key: number): CategoryView | undefined {
    return this.categories.find((category) => category.hotkey === key);
  }

  /** Toggles a category on the targets (FiftyOne-like: on for all unless all carry it); undoable. */
  toggle(categoryId: string): void {
    const targets = this.targets().map((item) => ({ id: item.id, categories: this.tags.get(item.id) ?? [] }));
    const changes = planToggle(targets, categoryId);
    if (changes.length === 0) return;
    const entry: UndoEntry = {
      kind: 'tags',
      categoryId,
      itemIds: changes.map((change) => change.itemId),
      on: changes[0]!.on,
    };
    this.pushUndo(entry);
    void this.sendTags(entry.categoryId, entry.itemIds, entry.on, entry);
  }

  /** Undoes the last change by sending its inverse (as a change of its own that is not undoable again). */
  undo(): void {
    const entry = this.undoStack.at(-1);
    if (!entry) return;
    this.undoStack = this.undoStack.slice(0, -1);
    if (entry.kind === 'tags') void this.sendTags(entry.categoryId, entry.itemIds, !entry.on, null);
    else void this.sendCorrectedLabel(entry.itemId, entry.before, null);
  }

  private pushUndo(entry: UndoEntry): void {
    this.undoStack = [...this.undoStack.slice(-(UNDO_LIMIT - 1)), entry];
  }

  private dropUndo(entry: UndoEntry | null): void {
    if (entry) this.undoStack = this.undoStack.filter((each) => each !== entry);
  }

  /** Shows the change at once, then saves it; `undoEntry` is dropped from the stack if the save fails. */
  private async sendTags(
    categoryId: string,
    itemIds: string[],
    on: boolean,
    undoEntry: UndoEntry | null,
  ): Promise<void> {
    for (const id of itemIds) {
      this.setItemTags(
        id,
        on ? [...without(this.tags.get(id), categoryId), categoryId] : without(this.tags.get(id), categoryId),
      );
      this.bumpPending(id, categoryId, 1);
    }
    const result = await this.saving(itemIds, () =>
      api.call('analysis.tags.set', { itemIds, categoryId, on }),
    );
    for (const id of itemIds) this.bumpPending(id, categoryId, -1);
    if (result.ok) {
      // The server's word wins for items with nothing else in flight (another window may have tagged them too).
      for (const item of result.value.items)
        if (!this.pendingByItem.get(item.id)) this.setItemTags(item.id, item.categoryIds);
    } else {
      this.failed(`Tag not saved: ${result.error.message}`);
      this.dropUndo(undoEntry);
      for (const id of itemIds)
        if (!this.pending.get(pendingKey(id, categoryId)))
          this.setItemTags(
            id,
            on
              ? without(this.tags.get(id), categoryId)
              : [...without(this.tags.get(id), categoryId), categoryId],
          );
    }
  }

  setCorrectedLabel(itemId: string, label: string | null): void {
    const before = this.corrected.get(itemId) ?? null;
    if (before === label) return;
    const entry: UndoEntry = { kind: 'correctedLabel', itemId, before, after: label };
    this.pushUndo(entry);
    void this.sendCorrectedLabel(itemId, label, entry);
  }

  private async sendCorrectedLabel(
    itemId: string,
    label: string | null,
    undoEntry: UndoEntry | null,
  ): Promise<void> {
    const before = this.corrected.get(itemId) ?? null;
    this.corrected.set(itemId, label);
    const result = await this.saving([itemId], () =>
      api.call('analysis.correctedLabel.set', { itemId, label }),
    );
    if (result.ok) return;
    this.failed(`Corrected label not saved: ${result.error.message}`);
    this.dropUndo(undoEntry);
    this.corrected.set(itemId, before);
  }

  /** Saves a note (the detail view calls this on pause and on leaving the field); false when it failed. */
  async saveNote(itemId: string, note: string): Promise<boolean> {
    if ((this.notes.get(itemId) ?? '') === note) return true;
    const result = await this.saving([itemId], () => api.call('analysis.note.set', { itemId, note }));
    if (!result.ok) {
      this.failed(`Note not saved: ${result.error.message}`);
      return false;
    }
    this.notes.set(itemId, result.value.note);
    return true;
  }

  private setItemTags(itemId: string, next: readonly string[]): void {
    const before = this.tags.get(itemId) ?? [];
    if (before.length === next.length && before.every((id, i) => next[i] === id)) return;
    this.tags.set(itemId, next);
    if (before.length === 0 && next.length > 0) this.tagged++;
    if (before.length > 0 && next.length === 0) this.tagged--;
    for (const id of before)
      if (!next.includes(id)) this.sampleCounts.set(id, (this.sampleCounts.get(id) ?? 1) - 1);
    for (const id of next)
      if (!before.includes(id)) this.sampleCounts.set(id, (this.sampleCounts.get(id) ?? 0) + 1);
  }

  private bumpPending(itemId: string, categoryId: string, by: number): void {
    const key = pendingKey(itemId, categoryId);
    const count = (this.pending.get(key) ?? 0) + by;
    if (count > 0) this.pending.set(key, count);
    else this.pending.delete(key);
    const perItem = (this.pendingByItem.get(itemId) ?? 0) + by;
    if (perItem > 0) this.pendingByItem.set(itemId, perItem);
    else this.pendingByItem.delete(itemId);
  }

  isPending(itemId: string, categoryId: string): boolean {
    return this.pending.has(pendingKey(itemId, categoryId));
  }

  /**
   * Sends a call after the calls still in flight for any of `itemIds` (so changes to one item reach the
   * disk in the order they were made), counting it for the saving indicator.
   */
  private async saving<T>(itemIds: readonly string[], send: () => Promise<T>): Promise<T> {
    const before = [
      ...new Set(itemIds.map((id) => this.chains.get(id)).filter((chain) => chain !== undefined)),
    ];
    this.inFlight++;
    const call = before.length === 0 ? send() : Promise.all(before).then(send);
    const settled = call.then(
      () => undefined,
      () => undefined,
    );
    for (const id of itemIds) this.chains.set(id, settled);
    try {
      const result = await call;
      const ok = (result as { ok?: boolean }).ok !== false;
      if (ok) {
        this.savedAt = Date.now();
        this.saveError = null;
      }
      return result;
    } finally {
      for (const id of itemIds) if (this.chains.get(id) === settled) this.chains.delete(id);
      this.inFlight--;
      if (this.inFlight === 0 && this.resyncWanted) {
        this.resyncWanted = false;
        void this.resync();
      }
    }
  }

  /** A save failed: say so, and reload what is on disk once no other call is in flight. */
  private failed(message: string): void {
    this.saveError = message;
    this.error = message;
    if (this.inFlight === 0) void this.resync();
    else this.resyncWanted = true;
  }

  // ── Categories ─────────────────────────────────────────────────────────────────────────────────

  /** Fresh categories with their project-wide counts (the editor shows them, and a delete asks with them). */
  async refreshCategories(): Promise<CategoryView[]> {
    const result = await api.call('analysis.overview', {});
    if (result.ok) this.categories = result.value.categories;
    return this.categories;
  }

  /** Adds, renames, recolours, merges, deletes or reorders; after a merge or delete the tags are reloaded. */
  async saveCategories(operation: CategoryOperation): Promise<boolean> {
    const result = await api.call('analysis.categories.save', operation);
    if (!result.ok) {
      this.error = result.error.message;
      return false;
    }
    this.categories = result.value.categories;
    if (operation.op === 'merge' || operation.op === 'delete') {
      const gone = operation.op === 'merge' ? operation.from : operation.id;
      this.undoStack = this.undoStack.filter((entry) => entry.kind !== 'tags' || entry.categoryId !== gone);
      if (this.filter.categoryId === gone) this.setFilter({ categoryId: undefined });
      await this.resync();
    }
    return true;
  }

  // ── Views ──────────────────────────────────────────────────────────────────────────────────────

  openDetail(position = this.current): void {
    this.current = position;
    this.detailOpen = true;
  }

  closeDetail(): void {
    this.detailOpen = false;
  }
}

function without(categories: readonly string[] | undefined, categoryId: string): string[] {
  return (categories ?? []).filter((id) => id !== categoryId);
}

export const taggingState = new TaggingState();
