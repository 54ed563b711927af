import type { Item, ItemCell, ItemFilter } from '../../../shared/items';
import { api } from '../api/client';

/** Items arrive in pages as the grid scrolls to them, so 100k+ items cost only what is on screen. */
export const PAGE_SIZE = 600;

/**
 * The grid's state: the filter, the total, the pages loaded so far, the current item (keyboard focus)
 * and the detail view.
 */
class GridState {
  filter = $state<ItemFilter>({});
  total = $state(0);
  pages = $state.raw<Record<number, ItemCell[]>>({});
  current = $state(0);
  detailOpen = $state(false);
  detail = $state<Item | null>(null);
  private generation = 0;
  /** Page requests in flight or done, for this generation of the filter. */
  private requests = new Map<number, Promise<void>>();

  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.requests = new Map();
    const result = await api.call('items.query', {
      filter: $state.snapshot(this.filter),
      offset: 0,
      limit: PAGE_SIZE,
    });
    if (generation !== this.generation) return;
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
    const result = await api.call('items.query', {
      filter: $state.snapshot(this.filter),
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
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
    const result = await api.call('items.get', { id: cell.id });
    if (result.ok && this.current === index) this.detail = result.value;
  }
}

export const gridState = new GridState();
