import type { Facets, Item, ItemCell, ItemFilter, ItemPrediction } from '../../../shared/items';
import type { RunSummary } from '../../../shared/training/run-schemas';
import { api } from '../api/client';

/** Items arrive in pages as the grid scrolls to them, so 100k+ items cost only what is on screen. */
export const PAGE_SIZE = 600;

/** The filter fields that need a model run. */
const PREDICTION_FILTERS = ['predicted', 'correctness', 'confidenceMin', 'confidenceMax'] as const;

/**
 * The grid's state: the filter, the total, the pages loaded so far, the current item (keyboard focus)
 * and the detail view; with a model run, the cells carry its predictions and the prediction filters apply.
 */
class GridState {
  filter = $state<ItemFilter>({});
  /** Completed model runs, newest first, and the one whose predictions the grid shows (null: none). */
  runs = $state.raw<RunSummary[]>([]);
  run = $state<string | null>(null);
  /** Counts per predicted class and correctness for the chosen run. */
  runFacets = $state.raw<Facets | null>(null);
  detailPrediction = $state.raw<ItemPrediction | null>(null);
  /** The user picked a run (or "No predictions"): later lists keep that choice while the run exists. */
  private runChosen = false;
  total = $state(0);
  pages = $state.raw<Record<number, ItemCell[]>>({});
  current = $state(0);
  detailOpen = $state(false);
  detail = $state<Item | null>(null);
  private generation = 0;
  /** Page requests in flight or done, for this generation of the filter. */
  private requests = new Map<number, Promise<void>>();

  /** The chosen run's summary, if any. */
  get runSummary(): RunSummary | null {
    return this.runs.find((run) => run.id === this.run) ?? null;
  }

  /** Lists the completed runs; keeps the chosen one if it still exists, else picks the latest. */
  async loadRuns(): Promise<void> {
    const result = await api.call('runs.list', {});
    const completed = result.ok ? result.value.filter((run) => run.status === 'completed') : [];
    this.runs = completed;
    const exists = completed.some((run) => run.id === this.run);
    if (this.run ? !exists : !this.runChosen) {
      this.run = completed[0]?.id ?? null;
      this.runChosen = false;
    }
  }

  /** Shows another run's predictions (or none); the prediction filters are cleared. */
  setRun(runId: string | null): void {
    const next: ItemFilter = { ...this.filter };
    for (const key of PREDICTION_FILTERS) delete next[key];
    this.filter = next;
    this.run = runId;
    this.runChosen = true;
    this.current = 0;
    void this.reload();
  }

  private query(offset: number) {
    return {
      filter: $state.snapshot(this.filter),
      offset,
      limit: PAGE_SIZE,
      ...(this.run ? { run: this.run } : {}),
    };
  }

  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.requests = new Map();
    const run = this.run;
    const [result, facets] = await Promise.all([
      api.call('items.query', this.query(0)),
      run ? api.call('items.facets', { run }) : Promise.resolve(null),
    ]);
    if (generation !== this.generation) return;
    this.runFacets = facets?.ok ? facets.value : null;
    if (!result.ok) {
      this.pages = {};
      this.total = 0;
      return;
    }
    const first = result.value;
    this.requests.set(0, Promise.resolve());
    this.pages = { 0: first.items };
    this.total = first.total;
    this.current = Math.min(this.current, Math.max(0, first.total - 1));
    if (this.detailOpen) await this.loadDetail();
  }

  setFilter(change: Partial<ItemFilter>): void {
    const next: ItemFilter = { ...this.filter, ...change };
    for (const key of Object.keys(next) as (keyof ItemFilter)[])
      if (next[key] === undefined || next[key] === '') delete next[key];
    this.filter = next;
    this.current = 0;
    void this.reload();
  }

  /** The cell at a grid index, or undefined while its page is loading (the request starts here). */
  cellAt(index: number): ItemCell | undefined {
    const page = Math.floor(index / PAGE_SIZE);
    const cells = this.pages[page];
    if (!cells) {
      void this.loadPage(page);
      return undefined;
    }
    return cells[index % PAGE_SIZE];
  }

  private loadPage(page: number): Promise<void> {
    let request = this.requests.get(page);
    if (!request) {
      request = this.fetchPage(page);
      this.requests.set(page, request);
    }
    return request;
  }

  private async fetchPage(page: number): Promise<void> {
    const generation = this.generation;
    const result = await api.call('items.query', this.query(page * PAGE_SIZE));
    if (generation !== this.generation) return;
    if (result.ok) this.pages = { ...this.pages, [page]: result.value.items };
    else this.requests.delete(page);
  }

  move(to: number): void {
    if (this.total === 0) return;
    this.current = Math.max(0, Math.min(this.total - 1, to));
    if (this.detailOpen) void this.loadDetail();
  }

  async open(index = this.current): Promise<void> {
    this.current = index;
    this.detailOpen = true;
    await this.loadDetail();
  }

  close(): void {
    this.detailOpen = false;
  }

  private async loadDetail(): Promise<void> {
    const index = this.current;
    let cell = this.cellAt(index);
    if (!cell) {
      await this.loadPage(Math.floor(index / PAGE_SIZE));
      cell = this.cellAt(index);
    }
    if (!cell) return;
    const run = this.run;
    const [result, prediction] = await Promise.all([
      api.call('items.get', { id: cell.id }),
      run ? api.call('items.prediction', { id: cell.id, run }) : Promise.resolve(null),
    ]);
    if (this.current !== index) return;
    if (result.ok) this.detail = result.value;
    this.detailPrediction = prediction?.ok ? prediction.value : null;
  }
}

export const gridState = new GridState();
