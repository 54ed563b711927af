/**
 * The analysis store's files: a tag change is one fsynced journal append (tags.json is not rewritten),
 * the journal is folded into tags.json when the store opens, a torn last line is dropped, and a bulk
 * change (a merge) writes the snapshot.
 */
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../test-support/fixtures';
import { AnalysisStore, TAG_JOURNAL_FILE } from './analysis-store';

const id = (n: number) => n.toString(16).padStart(20, '0');

describe('AnalysisStore', () => {
  const temps = tempDirs();
  afterAll(() => temps.cleanupAll());

  it('journals tag changes, folds the journal on open, and drops a torn last line', async () => {
    const dir = await temps.make();
    const folder = join(dir, 'analysis');
    const store = await AnalysisStore.open(dir);
    const snapshotBefore = await stat(join(folder, 'tags.json'));
    await store.setTags([id(1), id(2)], 'blurry', true);
    await store.setNote(id(2), '  two objects? ');
    await store.setCorrectedLabel(id(3), 'coat');
    await store.setTags([id(1)], 'blurry', false);
    // tags.json untouched, four changes in the journal (one line per changed item)
    expect((await stat(join(folder, 'tags.json'))).mtimeMs).toBe(snapshotBefore.mtimeMs);
    const lines = (await readFile(join(folder, TAG_JOURNAL_FILE), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines.at(-1)!)).toEqual({ id: id(1), entry: null });
    // a crash in the middle of an append leaves half a line: it was never acknowledged
    await appendFile(join(folder, TAG_JOURNAL_FILE), '{"id":"0000000000000000000');

    const reopened = await AnalysisStore.open(dir);
    expect(reopened.warnings).toEqual([
      `1 unreadable line(s) of ${join(folder, TAG_JOURNAL_FILE)} were skipped.`,
    ]);
    expect(reopened.entries()).toEqual([
      [id(2), { categoryIds: ['blurry'], note: 'two objects?', correctedLabel: null }],
      [id(3), { categoryIds: [], note: '', correctedLabel: 'coat' }],
    ]);
    // folded: the snapshot holds it all and the journal is gone
    const snapshot = JSON.parse(await readFile(join(folder, 'tags.json'), 'utf8'));
    expect(Object.keys(snapshot.items)).toEqual([id(2), id(3)]);
    await expect(stat(join(folder, TAG_JOURNAL_FILE))).rejects.toThrow();
  });

  it('writes the snapshot for a merge and keeps the journal empty', async () => {
    const dir = await temps.make();
    const store = await AnalysisStore.open(dir);
    await store.setTags([id(1), id(2)], 'rare-class', true);
    await store.setTags([id(2)], 'mislabeled', true);
    await store.applyCategoryOperation({ op: 'merge', from: 'rare-class', into: 'mislabeled' });
    await expect(stat(join(dir, 'analysis', TAG_JOURNAL_FILE))).rejects.toThrow();
    const reopened = await AnalysisStore.open(dir);
    expect(reopened.entries().map(([item, entry]) => [item, entry.categoryIds])).toEqual([
      [id(1), ['mislabeled']],
      [id(2), ['mislabeled']],
    ]);
    expect(reopened.categories.map((c) => c.id)).not.toContain('rare-class');
  });
});
