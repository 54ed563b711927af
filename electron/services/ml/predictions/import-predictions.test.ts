/**
 * `predictions.import` on a real project (small PNGs, a frozen split) through the router: the run it
 * records, its predictions file, and the grid's prediction filters over it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionsImportReport } from '../../../../shared/calls/prediction-calls';
import type { Facets, Item, ItemPage, ItemPrediction } from '../../../../shared/items';
import type { RunRecord, RunSummary } from '../../../../shared/training/run-schemas';
import type { CeilingApp } from '../../ceiling-app';
import { createTestApp, errorOf, valueOf } from '../../test-support/app';
import { putManyPngs, tempDirs } from '../../test-support/fixtures';
import { PREDICTIONS_FILE, readPredictions } from '../runs/predictions-file';
import { RUNS_FOLDER } from '../runs/run-store';

const LABELS = ['boot', 'coat', 'shirt'];

describe('predictions.import', () => {
  const temps = tempDirs();
  let app: CeilingApp;
  let projectDir: string;
  let items: Item[];
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));

  beforeAll(async () => {
    const dataset = await temps.make();
    await putManyPngs(dataset, LABELS, 30);
    projectDir = join(await temps.make(), 'project');
    app = await createTestApp(await temps.make());
    await call('project.open', { datasetPath: dataset, projectDir });
    await call('import.run');
    const page = await call<ItemPage>('items.query', { limit: 5000 });
    items = await Promise.all(page.items.map((cell) => call<Item>('items.get', { id: cell.id })));
  });
  afterAll(async () => {
    await app?.closeProject();
    await temps.cleanupAll();
  });

  const csvFile = async (name: string, text: string) => {
    const path = join(await temps.make(), name);
    await writeFile(path, text);
    return path;
  };
  const other = (label: string) => LABELS[(LABELS.indexOf(label) + 1) % LABELS.length]!;

  it('needs a frozen split', async () => {
    const path = await csvFile('p.csv', `id,predicted\n${items[0]!.id},boot\n`);
    const error = errorOf(await app.router.call('predictions.import', { path }), 'not_found');
    expect(error.message).toContain('--freeze');
    await call('split.freeze', {});
  });

  it('records a completed run from the good rows, reports bad rows by line and the missing items', async () => {
    // every 4th item wrong, by id; the last two items left out; two bad rows
    const kept = items.slice(0, -2);
    const rows = kept.map((item, n) => {
      const predicted = n % 4 === 0 ? other(item.label) : item.label;
      const p = LABELS.map((label) => (label === predicted ? 0.8 : 0.1));
      return `${item.id},${predicted},${p.join(',')}`;
    });
    rows.splice(3, 0, `${items[1]!.id},boot,0.3,0.3,0.3`); // line 5: a duplicate (reported before its bad sum)
    rows.push(`${items[0]!.id},boot,0.5,0.5,0`); // duplicate of line 2
    const path = await csvFile(
      'preds.csv',
      [`id,predicted,${LABELS.map((l) => `p_${l}`).join(',')}`, ...rows].join('\n'),
    );
    const report = await call<PredictionsImportReport>('predictions.import', { path });
    expect(report).toMatchObject({
      imported: 28,
      missing: 2,
      confidenceKnown: true,
      probabilitySumTolerance: 0.01,
    });
    expect(report.problems).toEqual([
      { line: 5, key: items[1]!.id, reason: 'duplicate: the same item as line 3' },
      { line: 31, key: items[0]!.id, reason: 'duplicate: the same item as line 2' },
    ]);

    const record = await call<RunRecord>('runs.get', { runId: report.runId });
    expect(record).toMatchObject({
      status: 'completed',
      source: 'imported-csv',
      confidenceKnown: true,
      classes: LABELS,
      splitVersion: 1,
      origin: { path, predicted: 28, rejected: 2, missing: 2 },
    });
    const wrong = new Set(kept.filter((_, n) => n % 4 === 0).map((item) => item.id));
    const predictions = await readPredictions(join(projectDir, RUNS_FOLDER, report.runId, PREDICTIONS_FILE));
    expect(predictions.ids).toEqual(kept.map((item) => item.id));
    expect(predictions.confidence[0]).toBeCloseTo(0.8);
    expect(Array.from(predictions.probabilities.slice(0, 3)).map((p) => p.toFixed(1))).toEqual(
      LABELS.map((label) => (label === other(kept[0]!.label) ? '0.8' : '0.1')),
    );
    // per-split error rates from the predictions
    let counted = 0;
    for (const split of ['train', 'train-dev', 'dev', 'test'] as const) {
      const metrics = record.metrics![split];
      const members = predictions.ids.filter(
        (_, i) => predictions.splits[i] === ['train', 'train-dev', 'dev', 'test'].indexOf(split),
      );
      counted += metrics.count;
      expect(metrics.count).toBe(members.length);
      if (members.length > 0)
        expect(metrics.errorRate).toBeCloseTo(members.filter((id) => wrong.has(id)).length / members.length);
      if (members.length > 0) expect(metrics.loss).toBeGreaterThan(0);
    }
    expect(counted).toBe(28);
    const runs = await call<RunSummary[]>('runs.list');
    expect(runs[0]).toMatchObject({ id: report.runId, source: 'imported-csv', status: 'completed' });

    // the grid: cells carry the prediction; filters by correctness, class and confidence
    const incorrect = await call<ItemPage>('items.query', {
      run: report.runId,
      filter: { correctness: 'incorrect' },
      limit: 5000,
    });
    expect(new Set(incorrect.items.map((cell) => cell.id))).toEqual(wrong);
    expect(incorrect.items[0]!.prediction).toEqual({
      predicted: other(incorrect.items[0]!.label),
      confidence: expect.closeTo(0.8, 5),
      correct: false,
    });
    const none = await call<ItemPage>('items.query', { run: report.runId, filter: { correctness: 'none' } });
    expect(none.items.map((cell) => [cell.id, cell.prediction])).toEqual(
      items.slice(-2).map((item) => [item.id, null]),
    );
    const boots = await call<ItemPage>('items.query', {
      run: report.runId,
      filter: { predicted: 'boot' },
      limit: 5000,
    });
    expect(boots.items.every((cell) => cell.prediction?.predicted === 'boot')).toBe(true);
    expect(boots.total).toBeGreaterThan(0);
    expect(
      (await call<ItemPage>('items.query', { run: report.runId, filter: { confidenceMax: 0.5 } })).total,
    ).toBe(0);
    expect(
      (await call<ItemPage>('items.query', { run: report.runId, filter: { confidenceMin: 0.5 } })).total,
    ).toBe(28);
    const facets = await call<Facets>('items.facets', { run: report.runId });
    expect(facets.correctness).toEqual([
      { value: 'correct', count: 28 - wrong.size },
      { value: 'incorrect', count: wrong.size },
      { value: 'none', count: 2 },
    ]);
    expect(facets.predicted!.reduce((sum, facet) => sum + facet.count, 0)).toBe(28);
    // without a run, the grid is as before
    const plain = await call<ItemPage>('items.query', { filter: { correctness: 'incorrect' } });
    expect(plain.total).toBe(30);
    expect(plain.items[0]).not.toHaveProperty('prediction');
    expect(await call<Facets>('items.facets')).not.toHaveProperty('correctness');

    const detail = await call<ItemPrediction>('items.prediction', { id: kept[0]!.id, run: report.runId });
    expect(detail.top.map((entry) => entry.label)[0]).toBe(other(kept[0]!.label));
    expect(detail.top).toHaveLength(3);
  });

  it('imports by path without p_ columns: one-hot probabilities, confidence unknown', async () => {
    const rows = items.map((item) => `${item.path},${item.label}`);
    const path = await csvFile('by-path.csv', ['path,predicted', ...rows, 'nowhere.png,boot', ''].join('\n'));
    const report = await call<PredictionsImportReport>('predictions.import', { path });
    expect(report).toMatchObject({ imported: 30, missing: 0, confidenceKnown: false });
    expect(report.problems).toEqual([{ line: 32, key: 'nowhere.png', reason: 'unknown path "nowhere.png"' }]);
    const record = await call<RunRecord>('runs.get', { runId: report.runId });
    expect(record.confidenceKnown).toBe(false);
    expect(record.metrics!.train.loss).toBeNull();
    const predictions = await readPredictions(join(projectDir, RUNS_FOLDER, report.runId, PREDICTIONS_FILE));
    expect(Array.from(predictions.probabilities.slice(0, 3)).sort()).toEqual([0, 0, 1]);
    const page = await call<ItemPage>('items.query', { run: report.runId, limit: 1 });
    expect(page.items[0]!.prediction).toMatchObject({ confidence: null, correct: true });
    expect(
      (await call<ItemPage>('items.query', { run: report.runId, filter: { confidenceMin: 0 } })).total,
    ).toBe(0);
    const detail = await call<ItemPrediction>('items.prediction', { id: items[0]!.id, run: report.runId });
    expect(detail.top).toEqual([]);
    expect(
      JSON.parse(await readFile(join(projectDir, RUNS_FOLDER, report.runId, 'run.json'), 'utf8')).source,
    ).toBe('imported-csv');
  });

  it('refuses a file with no usable row, naming the first problems', async () => {
    const path = await csvFile('bad.csv', 'name,guess\nx,y\n');
    const error = errorOf(await app.router.call('predictions.import', { path }), 'invalid_input');
    expect(error.message).toContain('line 1: the header must name');
  });
});
