import { readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Item, Split } from '../../../shared/items';
import { tempDirs } from '../test-support/fixtures';
import { ITEM_INDEX_FILE, ItemIndex } from './item-index';

const temps = tempDirs('ceiling-index-');
afterEach(() => temps.cleanupAll());

function item(n: number, path: string, label: string, source: string | null, split: Split | null): Item {
  const hash = n.toString(16).padStart(20, 'a');
  return {
    id: hash,
    hash,
    path,
    label,
    source,
    split,
    bytes: 100 + n,
    width: 8,
    height: 8,
    format: 'png',
    addedAt: '2024-01-01T00:00:00.000Z',
  };
}

const ITEMS: Item[] = [
  item(1, 'phone/cat/IMG_0001.png', 'cat', 'phone', 'train'),
  item(2, 'phone/dog/IMG_0002.png', 'dog', 'phone', 'dev'),
  item(3, 'studio/cat/Studio-3.png', 'cat', 'studio', null),
  item(4, 'studio/dog/studio-4.png', 'dog', 'studio', 'test'),
  item(5, 'misc/bird/b.png', 'bird', null, null),
  item(6, 'misc/cat/c.png', 'cat', null, 'dev'),
];

const ids = (index: ItemIndex, filter: Parameters<ItemIndex['query']>[0]) =>
  index.query(filter, 0, 100).items.map((cell) => cell.id);

describe('ItemIndex.query', () => {
  const index = new ItemIndex(ITEMS);

  it('returns every item with no filter, as grid cells only', () => {
    const page = index.query({}, 0, 100);
    expect(page.total).toBe(6);
    expect(page.items[0]).toEqual({ id: ITEMS[0]!.id, label: 'cat', source: 'phone', split: 'train' });
    expect(Object.keys(page.items[0]!).sort()).toEqual(['id', 'label', 'source', 'split']);
  });

  it('filters by label, by source, and by both', () => {
    expect(ids(index, { label: 'cat' })).toEqual([ITEMS[0]!.id, ITEMS[2]!.id, ITEMS[5]!.id]);
    expect(ids(index, { source: 'studio' })).toEqual([ITEMS[2]!.id, ITEMS[3]!.id]);
    expect(ids(index, { label: 'cat', source: 'studio' })).toEqual([ITEMS[2]!.id]);
    expect(ids(index, { label: 'horse' })).toEqual([]);
  });

  it("selects items without a source with source ''", () => {
    expect(ids(index, { source: '' })).toEqual([ITEMS[4]!.id, ITEMS[5]!.id]);
  });

  it("selects items without a split with split 'none', and a split by name", () => {
    expect(ids(index, { split: 'none' })).toEqual([ITEMS[2]!.id, ITEMS[4]!.id]);
    expect(ids(index, { split: 'dev' })).toEqual([ITEMS[1]!.id, ITEMS[5]!.id]);
    expect(ids(index, { split: 'train-dev' })).toEqual([]);
  });

  it('matches text against the path case-insensitively, trimmed', () => {
    expect(ids(index, { text: 'STUDIO-' })).toEqual([ITEMS[2]!.id, ITEMS[3]!.id]);
    expect(ids(index, { text: '  img_000  ' })).toEqual([ITEMS[0]!.id, ITEMS[1]!.id]);
    expect(ids(index, { text: '   ' })).toHaveLength(6);
  });

  it('matches text against the start of an id', () => {
    expect(ids(index, { text: ITEMS[3]!.id.slice(0, 20) })).toEqual([ITEMS[3]!.id]);
  });

  // The contract (shared/items.ts) promises a substring of the path *or id*; the index only tries a prefix.
  it('matches text anywhere inside an id, as the contract says', () => {
    const id = ITEMS[3]!.id; // 'aaaaaaaaaaaaaaaaaaa4'
    expect(ids(index, { text: id.slice(12) })).toEqual([ITEMS[3]!.id]);
  });

  it('combines all filters', () => {
    expect(ids(index, { label: 'cat', source: '', split: 'dev', text: 'misc' })).toEqual([ITEMS[5]!.id]);
  });

  it('pages with offset and limit while total counts all matches', () => {
    const page = index.query({ label: 'cat' }, 1, 1);
    expect(page).toEqual({ total: 3, offset: 1, items: [expect.objectContaining({ id: ITEMS[2]!.id })] });
    expect(index.query({}, 10, 5)).toEqual({ total: 6, offset: 10, items: [] });
  });
});

describe('ItemIndex.facets and get', () => {
  const index = new ItemIndex(ITEMS);

  it("counts labels, sources ('' for none) and splits ('none' for none), sorted by value", () => {
    expect(index.facets()).toEqual({
      total: 6,
      labels: [
        { value: 'bird', count: 1 },
        { value: 'cat', count: 3 },
        { value: 'dog', count: 2 },
      ],
      sources: [
        { value: '', count: 2 },
        { value: 'phone', count: 2 },
        { value: 'studio', count: 2 },
      ],
      splits: [
        { value: 'dev', count: 2 },
        { value: 'none', count: 2 },
        { value: 'test', count: 1 },
        { value: 'train', count: 1 },
      ],
    });
  });

  it('gets an item by id and nothing for an unknown id', () => {
    expect(index.get(ITEMS[4]!.id)).toEqual(ITEMS[4]);
    expect(index.get('ffffffffffffffffffff')).toBeUndefined();
    expect(index.size).toBe(6);
  });

  it('has empty facets when there are no items', () => {
    expect(new ItemIndex([]).facets()).toEqual({ total: 0, labels: [], sources: [], splits: [] });
  });
});

describe('ItemIndex save and load', () => {
  it('round-trips through items.json with nothing else left in the folder', async () => {
    const dir = await temps.make();
    await new ItemIndex(ITEMS).save(dir);
    expect(await readdir(dir)).toEqual([ITEM_INDEX_FILE]);
    const loaded = (await ItemIndex.load(dir)).index;
    expect(loaded?.items).toEqual(ITEMS);
    expect(loaded?.get(ITEMS[2]!.id)?.path).toBe(ITEMS[2]!.path);
  });

  it('loads nothing when there is no items.json', async () => {
    expect(await ItemIndex.load(await temps.make())).toEqual({
      index: null,
      problem: null,
      backedUpTo: null,
    });
  });

  it('keeps aside and reports an items.json that fails the schema', async () => {
    const dir = await temps.make();
    await writeFile(
      join(dir, ITEM_INDEX_FILE),
      JSON.stringify({ schemaVersion: 1, writtenAt: 'x', items: [{ ...ITEMS[0], id: '../x' }] }),
    );
    const loaded = await ItemIndex.load(dir);
    expect(loaded.index).toBeNull();
    expect(loaded.problem).toContain('does not match the expected format');
    expect(await readdir(dir)).toEqual([basename(loaded.backedUpTo!)]);
  });
});
