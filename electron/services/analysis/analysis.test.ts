/**
 * Error analysis through the router on a real project (PNG files, a frozen split, lowdb documents in a
 * temp folder): samples, categories, tags, the ceiling report on the seed's numbers, exports, confusion,
 * McNemar and persistence across a reopen.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoriesResult } from '../../../shared/analysis/category-schemas';
import type { CeilingReport, ConfusionReport, RunComparison } from '../../../shared/analysis/report-schemas';
import type { Sample } from '../../../shared/analysis/sample-schemas';
import type { RunRecord } from '../../../shared/training/run-schemas';
import { analysisFixture, saveRun, type AnalysisFixture } from '../test-support/analysis-fixture';
import { errorOf } from '../test-support/app';
import { listMislabeledTags } from './mislabeled-queue';

describe('error analysis', () => {
  let fx: AnalysisFixture;
  let runA: RunRecord;
  let runB: RunRecord;
  let sample: Sample;

  beforeAll(async () => {
    fx = await analysisFixture(150);
    // run A: all 150 real items wrong, 1,350 synthetic dev items right: dev error 10 %
    runA = await saveRun(fx, new Set(fx.items.map((item) => item.id)), 1350, '2026-12-01T10:00:00Z');
    // run B: the first 75 fixed
    runB = await saveRun(
      fx,
      new Set(fx.items.slice(75).map((item) => item.id)),
      1350,
      '2026-12-01T11:00:00Z',
    );
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('lists the runs with their dev error and the preset categories with hotkeys', async () => {
    const overview = await fx.call<{
      runs: { id: string; devErrors: number; devErrorPercent: number }[];
      categories: { id: string; hotkey: number | null; preset: string | null }[];
      classes: string[];
    }>('analysis.overview');
    expect(overview.runs.map((run) => run.id)).toEqual([runB.id, runA.id]);
    expect(overview.runs[1]).toMatchObject({ devErrors: 150, devErrorPercent: 10 });
    expect(overview.categories.map((c) => [c.id, c.hotkey])).toEqual([
      ['blurry', 1],
      ['multiple-objects', 2],
      ['unusual-presentation', 3],
      ['mislabeled', 4],
      ['rare-class', 5],
    ]);
    expect(overview.classes).toEqual(['boot', 'coat', 'shirt']);
  });

  it('draws a seeded sample of dev errors: the same seed gives the same items, saved on disk', async () => {
    sample = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, seed: 7 });
    const again = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, seed: 7 });
    const other = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, seed: 8, size: 20 });
    expect(sample).toMatchObject({ size: 100, seed: 7, errorsInPool: 150, devErrorPercent: 10, pool: 'dev' });
    expect(again.items.map((i) => i.id)).toEqual(sample.items.map((i) => i.id));
    expect(other.items.map((i) => i.id)).not.toEqual(sample.items.slice(0, 20).map((i) => i.id));
    expect(new Set(sample.items.map((i) => i.id)).size).toBe(100);
    const item = sample.items[0]!;
    expect(item.predicted).not.toBe(item.given);
    expect(item.confidence).toBeCloseTo(0.7, 5);
    expect(item.top.map((t) => t.probability)).toEqual([
      expect.closeTo(0.7, 5),
      expect.closeTo(0.2, 5),
      expect.closeTo(0.1, 5),
    ]);
    expect(item.relativePath).toMatch(/^(boot|coat|shirt)\/img-\d{4}\.png$/);
    const saved = JSON.parse(
      await readFile(join(fx.projectDir, 'analysis', 'samples', `${sample.id}.json`), 'utf8'),
    );
    expect(saved).toMatchObject({
      id: sample.id,
      seed: 7,
      runId: runA.id,
      splitVersion: 1,
      stratify: 'none',
    });
    expect(saved.itemIds).toEqual(sample.items.map((i) => i.id));
    // without a seed one is drawn and recorded
    const random = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, size: 5 });
    expect(Number.isInteger(random.seed)).toBe(true);
    for (const id of [again.id, other.id, random.id])
      await fx.call('analysis.sample.delete', { sampleId: id });
  });

  it('extends a sample without changing its first N, until the pool is used up', async () => {
    const first = sample.items.map((i) => i.id);
    const extended = await fx.call<Sample>('analysis.sample.extend', { sampleId: sample.id, by: 30 });
    expect(extended.items.slice(0, 100).map((i) => i.id)).toEqual(first);
    expect(extended.size).toBe(130);
    const full = await fx.call<Sample>('analysis.sample.extend', { sampleId: sample.id });
    expect(full.size).toBe(150);
    const error = errorOf(
      await fx.app.router.call('analysis.sample.extend', { sampleId: sample.id }),
      'invalid_input',
    );
    expect(error.message).toContain('none left');
    // a stratified sample of the same run holds every true class in proportion
    const stratified = await fx.call<Sample>('analysis.sample.create', {
      runId: runA.id,
      size: 30,
      seed: 1,
      stratify: 'class',
    });
    const perClass = new Map<string, number>();
    for (const item of stratified.items) perClass.set(item.given, (perClass.get(item.given) ?? 0) + 1);
    expect([...perClass.values()]).toEqual([10, 10, 10]);
    await fx.call('analysis.sample.delete', { sampleId: stratified.id });
  });

  it("reproduces the seed's Zomato table: 38/25/18/12/7 of 100 at 10 % dev error", async () => {
    sample = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, seed: 11, size: 100 });
    const ids = sample.items.map((i) => i.id);
    const groups: [string, number][] = [
      ['blurry', 38],
      ['multiple-objects', 25],
      ['unusual-presentation', 18],
      ['mislabeled', 12],
      ['rare-class', 7],
    ];
    let at = 0;
    for (const [categoryId, count] of groups) {
      await fx.call('analysis.tags.set', { itemIds: ids.slice(at, at + count), categoryId, on: true });
      at += count;
    }
    const report = await fx.call<CeilingReport>('analysis.report', { sampleId: sample.id });
    expect(report).toMatchObject({ devErrorPercent: 10, sampleSize: 100, tagged: 100, errorsInPool: 150 });
    const rows = report.table.rows.map((row) => [row.name, row.count, row.ceilingPercent, row.gainPoints]);
    expect(rows).toEqual([
      ['Blurry / low quality', 38, 6.2, 3.8],
      ['Multiple objects', 25, 7.5, 2.5],
      ['Unusual presentation', 18, 8.2, 1.8],
      ['Mislabeled', 12, 8.8, 1.2],
      ['Rare class', 7, 9.3, 0.7],
      ['untagged', 0, 10, 0],
    ]);
    const blurry = report.table.rows[0]!;
    // 100 of 150 errors sampled: the finite-population factor (150 − 100)/(150 − 1) narrows the interval
    expect(report.table.finitePopulationFactor).toBeCloseTo(50 / 149, 10);
    expect(blurry.shareLow!).toBeLessThan(0.38);
    expect(blurry.shareHigh!).toBeGreaterThan(0.38);
    expect(blurry.ceilingLowPercent).toBeCloseTo(10 * (1 - blurry.shareHigh!), 5);
    expect(blurry.ceilingHighPercent).toBeCloseTo(10 * (1 - blurry.shareLow!), 5);
    expect(report.table.notes.join(' ')).toContain('several categories');
    const markdown = (await fx.call<{ markdown: string }>('analysis.markdown', { sampleId: sample.id }))
      .markdown;
    expect(markdown).toContain('| Blurry / low quality | 38 | 38.0% |');
    expect(markdown).toContain(`seed 11`);
  });

  it('sets tags idempotently (undo is the inverse call), notes and corrected labels, refusing unknown ones', async () => {
    const id = sample.items[0]!.id; // blurry
    const on = await fx.call<{ items: { id: string; categoryIds: string[] }[] }>('analysis.tags.set', {
      itemIds: [id, id],
      categoryId: 'rare-class',
      on: true,
    });
    expect(on.items).toEqual([{ id, categoryIds: ['blurry', 'rare-class'] }]);
    const off = await fx.call<typeof on>('analysis.tags.set', {
      itemIds: [id],
      categoryId: 'rare-class',
      on: false,
    });
    expect(off.items).toEqual([{ id, categoryIds: ['blurry'] }]);
    const mislabeledId = sample.items[38 + 25 + 18]!.id;
    await fx.call('analysis.note.set', {
      itemId: mislabeledId,
      note: '=HYPERLINK("http://x") looks like a coat',
    });
    await fx.call('analysis.correctedLabel.set', { itemId: mislabeledId, label: 'coat' });
    errorOf(
      await fx.app.router.call('analysis.correctedLabel.set', { itemId: mislabeledId, label: 'sandal' }),
      'invalid_input',
    );
    errorOf(
      await fx.app.router.call('analysis.tags.set', { itemIds: [id], categoryId: 'nope', on: true }),
      'not_found',
    );
    errorOf(
      await fx.app.router.call('analysis.tags.set', {
        itemIds: ['0123456789abcdef0123'],
        categoryId: 'blurry',
        on: true,
      }),
      'not_found',
    );
    const queue = await listMislabeledTags(fx.app.currentProject!);
    expect(queue).toHaveLength(12);
    expect(queue.find((entry) => entry.itemId === mislabeledId)).toEqual({
      itemId: mislabeledId,
      correctedLabel: 'coat',
      note: '=HYPERLINK("http://x") looks like a coat',
    });
  });

  it('exports both CSVs with provenance columns; they read back through papaparse with formulas neutralized', async () => {
    const items = await fx.call<{ path: string; rows: number }>('analysis.export', {
      sampleId: sample.id,
      kind: 'items',
      path: join(fx.projectDir, 'out', 'items.csv'),
    });
    expect(items.rows).toBe(100);
    const parsed = Papa.parse<Record<string, string>>(await readFile(items.path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((row) => row.id)).toEqual(sample.items.map((i) => i.id));
    const noted = parsed.data.find((row) => row.note !== '')!;
    expect(noted).toMatchObject({
      model_run: runA.id,
      sample_id: sample.id,
      seed: '11',
      note: `'=HYPERLINK("http://x") looks like a coat`,
      categories: 'Mislabeled',
      corrected_label: 'coat',
      split: 'dev',
    });
    expect(noted.exported_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const ceiling = await fx.call<{ path: string }>('analysis.export', {
      sampleId: sample.id,
      kind: 'ceiling',
    });
    expect(ceiling.path).toBe(join(fx.projectDir, 'exports', `ceiling-${sample.id}.csv`));
    const table = Papa.parse<Record<string, string>>(await readFile(ceiling.path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(table.map((row) => [row.category, row.ceiling_percent, row.gain_points])).toEqual([
      ['Blurry / low quality', '6.2', '3.8'],
      ['Multiple objects', '7.5', '2.5'],
      ['Unusual presentation', '8.2', '1.8'],
      ['Mislabeled', '8.8', '1.2'],
      ['Rare class', '9.3', '0.7'],
      ['(untagged)', '10', '0'],
    ]);
  });

  it('keeps tags through a rename and a merge; a delete asks first and reports what it removed', async () => {
    const renamed = await fx.call<CategoriesResult>('analysis.categories.save', {
      op: 'rename',
      id: 'mislabeled',
      name: 'Wrong label',
    });
    expect(renamed.categories.find((c) => c.id === 'mislabeled')).toMatchObject({
      name: 'Wrong label',
      taggedItems: 12,
    });
    expect(await listMislabeledTags(fx.app.currentProject!)).toHaveLength(12);
    const merged = await fx.call<CategoriesResult>('analysis.categories.save', {
      op: 'merge',
      from: 'rare-class',
      into: 'mislabeled',
    });
    expect(merged.categories.map((c) => c.id)).not.toContain('rare-class');
    expect(merged.categories.find((c) => c.id === 'mislabeled')!.taggedItems).toBe(19);
    const report = await fx.call<CeilingReport>('analysis.report', { sampleId: sample.id });
    expect(report.table.rows.find((r) => r.id === 'mislabeled')).toMatchObject({
      name: 'Wrong label',
      count: 19,
    });

    const added = await fx.call<CategoriesResult>('analysis.categories.save', { op: 'add', name: 'Cropped' });
    const cropped = added.categories.at(-1)!;
    expect(cropped).toMatchObject({ name: 'Cropped', hotkey: 5, preset: null });
    errorOf(
      await fx.app.router.call('analysis.categories.save', { op: 'add', name: 'cropped' }),
      'invalid_input',
    );
    await fx.call('analysis.tags.set', { itemIds: [sample.items[0]!.id], categoryId: cropped.id, on: true });
    const asked = errorOf(
      await fx.app.router.call('analysis.categories.save', { op: 'delete', id: cropped.id }),
      'invalid_input',
    );
    expect(asked.message).toContain('1 item carry "Cropped"');
    const deleted = await fx.call<CategoriesResult>('analysis.categories.save', {
      op: 'delete',
      id: cropped.id,
      confirm: true,
    });
    expect(deleted.removedTags).toBe(1);
    const order = deleted.categories.map((c) => c.id).reverse();
    const reordered = await fx.call<CategoriesResult>('analysis.categories.save', {
      op: 'reorder',
      ids: order,
    });
    expect(reordered.categories.map((c) => [c.id, c.hotkey])[0]).toEqual(['mislabeled', 1]);
  });

  it('counts confusion pairs among dev errors and the dev confusion matrix', async () => {
    const confusion = await fx.call<ConfusionReport>('analysis.confusion', { runId: runA.id });
    expect(confusion.pairs.reduce((sum, pair) => sum + pair.count, 0)).toBe(150);
    expect(confusion.pairs.map((p) => `${p.given}>${p.predicted}`).sort()).toEqual([
      'boot>coat',
      'coat>shirt',
      'shirt>boot',
    ]);
    expect(confusion.matrix).toMatchObject({ labels: ['boot', 'coat', 'shirt'], total: 1500, errors: 150 });
  });

  it("compares two runs with McNemar's test", async () => {
    const comparison = await fx.call<RunComparison>('analysis.compare', { runA: runA.id, runB: runB.id });
    expect(comparison).toMatchObject({
      commonItems: 1500,
      onlyAWrong: 75,
      onlyBWrong: 0,
      bothWrong: 75,
      distinguishable: true,
    });
    expect(comparison.errorPercentA).toBeCloseTo(10, 10);
    expect(comparison.errorPercentB).toBeCloseTo(5, 10);
    expect(comparison.sentence).toMatch(/^Distinguishable at 5 %/);
    errorOf(await fx.app.router.call('analysis.compare', { runA: runA.id, runB: runA.id }), 'invalid_input');
  });

  it('never reports a tag it could not write: after a failed append the store is read again from disk', async () => {
    const id = sample.items[1]!.id;
    const tagsOf = async () =>
      (await fx.call<Sample>('analysis.sample.get', { sampleId: sample.id })).items.find((i) => i.id === id)!
        .categoryIds;
    const before = await tagsOf();
    const { categories } = await fx.call<CategoriesResult>('analysis.overview');
    const categoryId = categories.find((category) => !before.includes(category.id))!.id;
    // a directory where the journal file goes: the next append fails like a full or broken disk
    const journal = join(fx.projectDir, 'analysis', 'tags.journal.jsonl');
    await rm(journal, { force: true });
    await mkdir(journal);
    const failed = await fx.app.router.call('analysis.tags.set', {
      itemIds: [id],
      categoryId,
      on: true,
    });
    expect(failed.ok).toBe(false);
    // the disk is mended; what the store serves next is what is on disk, not the change that failed
    await rm(journal, { recursive: true });
    expect(await tagsOf()).toEqual(before);
    await fx.call('analysis.tags.set', { itemIds: [id], categoryId, on: true });
    expect(await tagsOf()).toEqual(expect.arrayContaining([...before, categoryId]));
    await fx.call('analysis.tags.set', { itemIds: [id], categoryId, on: false });
  });

  it('keeps every tag, note and sample across closing and reopening the project', async () => {
    const before = await fx.call<Sample>('analysis.sample.get', { sampleId: sample.id });
    await fx.app.closeProject();
    await fx.call('project.open', { datasetPath: fx.dataset, projectDir: fx.projectDir });
    const after = await fx.call<Sample>('analysis.sample.get', { sampleId: sample.id });
    expect(after.items).toEqual(before.items);
    expect(after.items.filter((i) => i.categoryIds.length > 0)).toHaveLength(100);
  });
});
