/**
 * Label cleanup on a real project through the router: small PNGs, a frozen split, an imported
 * predictions CSV that disagrees confidently with a few dev and test labels; then the queue, decisions,
 * undo, the log on disk (append, corrupt and torn lines), coverage, the systematic pair, before/after,
 * exports, items.get and the settings' reviewer name.
 */
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  OutOfFold,
  BeforeAfter,
  CleanupQueue,
  CrossValidateProgress,
  CleanupSession,
  CoverageReport,
} from '../../../shared/cleanup/cleanup-schemas';
import type { FixLog, FixLogEntry } from '../../../shared/cleanup/fix-log-schemas';
import type { PredictionsImportReport } from '../../../shared/calls/prediction-calls';
import type { Facets, Item, ItemPage } from '../../../shared/items';
import type { CeilingApp } from '../ceiling-app';
import { createTestApp, errorOf, valueOf } from '../test-support/app';
import { putManyPngs, tempDirs } from '../test-support/fixtures';
import type { RunRecord } from '../../../shared/training/run-schemas';
import { DATA_CACHE_FOLDER } from '../ml/data/build-data-cache';
import { readDataCache } from '../ml/data/data-cache-file';
import { CleanupService } from './cleanup-service';
import { fixLogPath } from './fix-log-file';

const LABELS = ['boot', 'coat', 'shirt'];

interface Decided {
  entry: FixLogEntry;
  revision: number;
  currentLabel: string;
  review: string;
}

describe('label cleanup', () => {
  const temps = tempDirs();
  let app: CeilingApp;
  let projectDir: string;
  let exportDir: string;
  let items: Item[];
  /** Items whose predictions confidently say another class (the "flipped" ones), per split. */
  const suspects: Record<'dev' | 'test', Item[]> = { dev: [], test: [] };
  let runId: string;
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));
  const other = (label: string) => LABELS[(LABELS.indexOf(label) + 1) % LABELS.length]!;

  beforeAll(async () => {
    const dataset = await temps.make();
    await putManyPngs(dataset, LABELS, 150);
    projectDir = join(await temps.make(), 'project');
    exportDir = await temps.make();
    app = await createTestApp(await temps.make());
    await call('project.open', { datasetPath: dataset, projectDir });
    await call('import.run');
    await call('split.freeze', {});
    const page = await call<ItemPage>('items.query', { limit: 5000 });
    items = await Promise.all(page.items.map((cell) => call<Item>('items.get', { id: cell.id })));
    for (const split of ['dev', 'test'] as const)
      suspects[split] = items.filter((item) => item.split === split).slice(0, 6);
    const flipped = new Set([...suspects.dev, ...suspects.test].map((item) => item.id));
    // a confident model: 0.8 on the given label, except the flipped items (0.9 on another class);
    // 'shirt' items flipped towards 'boot' so that the fixes below form a systematic pair
    const rows = items.map((item) => {
      const predicted = flipped.has(item.id) ? other(item.label) : item.label;
      const high = flipped.has(item.id) ? 0.9 : 0.8;
      const p = LABELS.map((label) => (label === predicted ? high : (1 - high) / 2));
      return `${item.id},${predicted},${p.join(',')}`;
    });
    const csv = join(await temps.make(), 'p.csv');
    await writeFile(csv, [`id,predicted,${LABELS.map((l) => `p_${l}`).join(',')}`, ...rows].join('\n'));
    runId = (await call<PredictionsImportReport>('predictions.import', { path: csv })).runId;
  });
  afterAll(async () => {
    await app?.closeProject();
    await temps.cleanupAll();
  });

  it('starts with the default policy (dev and test, self-confidence, top 50) and signs with the reviewer setting', async () => {
    const session = await call<CleanupSession>('cleanup.session.get');
    expect(session.policy).toEqual({
      splits: ['dev', 'test'],
      ranking: 'self_confidence',
      depth: { kind: 'topK', k: 50 },
      runId: null,
    });
    expect(await call('settings.save', { reviewerName: 'Ana Reviewer' })).toEqual({
      reviewerName: 'Ana Reviewer',
    });
    expect((await call<CleanupSession>('cleanup.session.get')).reviewer).toBe('Ana Reviewer');
  });

  it('refuses train in the policy, saying k-fold is needed', async () => {
    const error = errorOf(
      await app.router.call('cleanup.session.save', { policy: { splits: ['dev', 'train'] } }),
      'invalid_input',
    );
    expect(error.message).toContain('k-fold');
  });

  it('ranks the confidently contradicted items first in each split, dev and test interleaved', async () => {
    await call('cleanup.session.save', {
      policy: { splits: ['dev', 'test'], depth: { kind: 'topK', k: 6 } },
    });
    const queue = await call<CleanupQueue>('cleanup.queue');
    expect(queue.runId).toBe(runId);
    expect(queue.revision).toBe(0);
    expect(queue.items).toHaveLength(12);
    expect(queue.items.slice(0, 2).map((item) => item.split)).toEqual(['dev', 'test']);
    expect(new Set(queue.items.filter((i) => i.split === 'dev').map((i) => i.itemId))).toEqual(
      new Set(suspects.dev.map((item) => item.id)),
    );
    const first = queue.items[0]!;
    const item = items.find((candidate) => candidate.id === first.itemId)!;
    expect(first).toMatchObject({
      givenLabel: item.label,
      originalLabel: item.label,
      suggestedLabel: other(item.label),
      score: expect.closeTo(0.05, 5),
      rank: 1,
      isLabelIssue: true,
      sources: ['model'],
      review: 'pending',
    });
    expect(first.top[0]).toEqual({ label: other(item.label), probability: expect.closeTo(0.9, 5) });
    expect(queue.estimates.map((e) => e.split)).toEqual(['dev', 'test']);
    expect(queue.estimates[0]!.flagged).toBe(6);
    expect(queue.coverage.dev).toMatchObject({ inPolicy: 6, reviewed: 0, covered: true });
    expect(queue.warning).toBeNull();
  });

  it('puts items tagged "mislabeled" in error analysis first, with the label the analyst typed', async () => {
    const overview = await call<{ categories: { id: string; preset: string | null }[] }>('analysis.overview');
    const mislabeled = overview.categories.find((category) => category.preset === 'mislabeled')!;
    // one the model also suspects (its 6th dev suspect), one it does not (a plain test item)
    const both = suspects.dev[5]!;
    const onlyAnalyst = items.find((item) => item.split === 'test' && !suspects.test.includes(item))!;
    await call('analysis.tags.set', {
      itemIds: [both.id, onlyAnalyst.id],
      categoryId: mislabeled.id,
      on: true,
    });
    await call('analysis.correctedLabel.set', { itemId: onlyAnalyst.id, label: other(onlyAnalyst.label) });
    const queue = await call<CleanupQueue>('cleanup.queue');
    expect(queue.items).toHaveLength(13);
    const [first, second] = queue.items;
    expect(first).toMatchObject({
      itemId: both.id,
      sources: ['analyst', 'model'],
      analystLabel: null,
      rank: 6,
    });
    expect(second).toMatchObject({
      itemId: onlyAnalyst.id,
      sources: ['analyst'],
      analystLabel: other(onlyAnalyst.label),
      suggestedLabel: other(onlyAnalyst.label),
      score: null,
      rank: null,
    });
    expect(queue.coverage.test.inPolicy).toBe(7);
    await call('analysis.tags.set', {
      itemIds: [both.id, onlyAnalyst.id],
      categoryId: mislabeled.id,
      on: false,
    });
  });

  it("leaves error analysis's blackbox dev items out of the queue, saying so", async () => {
    await call('analysis.eyeball.configure', { enabled: true, fraction: 0.5, seed: 1 });
    const queue = await call<CleanupQueue>('cleanup.queue');
    const refused = await Promise.all(
      suspects.dev.map(async (item) => !(await app.router.call('items.get', { id: item.id })).ok),
    );
    const hidden = suspects.dev.filter((_, i) => refused[i]);
    expect(hidden.length).toBeGreaterThan(0);
    for (const item of hidden) expect(queue.items.some((entry) => entry.itemId === item.id)).toBe(false);
    expect(queue.notes.some((note) => note.includes('blackbox part of dev'))).toBe(true);
    await call('analysis.eyeball.configure', { enabled: false, fraction: 0.5, seed: 1 });
  });

  it('records decisions in the log, changes the current label, and warns while test lags behind dev', async () => {
    const [a, b, c] = suspects.dev;
    const fixed = await call<Decided>('cleanup.decide', {
      itemId: a!.id,
      decision: 'relabel',
      newLabel: other(a!.label),
      reason: 'clearly a ' + other(a!.label),
    });
    expect(fixed).toMatchObject({ revision: 1, currentLabel: other(a!.label), review: 'relabel' });
    expect(fixed.entry).toMatchObject({
      seq: 1,
      oldLabel: a!.label,
      newLabel: other(a!.label),
      reviewer: 'Ana Reviewer',
      runId,
      source: 'model',
      split: 'dev',
      undoes: null,
    });
    await call('cleanup.decide', { itemId: b!.id, decision: 'keep' });
    await call('cleanup.decide', { itemId: c!.id, decision: 'exclude', reason: 'not clothing' });
    errorOf(
      await app.router.call('cleanup.decide', { itemId: b!.id, decision: 'relabel', newLabel: 'sock' }),
      'invalid_input',
    );
    const coverage = await call<CoverageReport>('cleanup.coverage');
    expect(coverage.coverage.dev).toMatchObject({ inPolicy: 6, reviewed: 3, fixed: 1, kept: 1, excluded: 1 });
    expect(coverage.warning).toContain('test only 0%');
    // the Browse detail shows the current label with the imported one
    expect(await call<Item>('items.get', { id: a!.id })).toMatchObject({
      label: other(a!.label),
      originalLabel: a!.label,
    });
    expect(await call<Item>('items.get', { id: c!.id })).toMatchObject({ label: c!.label, excluded: true });
    // the Browse grid shows, filters and counts by the current label; "correct" means agrees with it
    const before = await call<ItemPage>('items.query', {
      filter: { label: a!.label },
      limit: 5000,
      run: runId,
    });
    const after = await call<ItemPage>('items.query', {
      filter: { label: other(a!.label) },
      limit: 5000,
      run: runId,
    });
    expect(before.items.map((cell) => cell.id)).not.toContain(a!.id);
    expect(after.items.find((cell) => cell.id === a!.id)).toMatchObject({
      label: other(a!.label),
      prediction: { predicted: other(a!.label), correct: true },
    });
    const facets = await call<Facets>('items.facets', {});
    const countOf = (label: string) => facets.labels.find((facet) => facet.value === label)?.count;
    expect(countOf(other(a!.label))).toBe(after.total);
    expect(countOf(a!.label)).toBe(items.filter((item) => item.label === a!.label).length - 1);
    // each decision is one line on disk, already there
    const lines = (await readFile(fixLogPath(projectDir), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).decision)).toEqual(['relabel', 'keep', 'exclude']);
  });

  it('undoes an entry with a new entry that restores the label', async () => {
    const log = await call<FixLog>('cleanup.log');
    const relabel = log.entries[0]!;
    const undone = await call<Decided>('cleanup.undo', { seq: relabel.seq });
    expect(undone).toMatchObject({ revision: 4, review: 'pending', currentLabel: relabel.oldLabel });
    expect(undone.entry).toMatchObject({
      decision: 'undo',
      undoes: 1,
      oldLabel: relabel.newLabel,
      newLabel: relabel.oldLabel,
    });
    errorOf(await app.router.call('cleanup.undo', { seq: 1 }), 'invalid_input');
    const item = await call<Item>('items.get', { id: relabel.itemId });
    expect(item.label).toBe(relabel.oldLabel);
    expect(item.originalLabel).toBeUndefined();
  });

  it('reports a corrupt line and a torn tail without losing the other entries; the next append sets the tail aside', async () => {
    const path = fixLogPath(projectDir);
    const before = await readFile(path, 'utf8');
    await writeFile(path, before.replace('\n', '\nnot json at all\n'));
    await appendFile(path, '{"seq": 99, "itemId": "');
    const log = await call<FixLog>('cleanup.log');
    expect(log.revision).toBe(4);
    expect(log.tornTail).toBe(true);
    expect(log.problems.map((p) => p.line)).toEqual([2, 6]);
    const queue = await call<CleanupQueue>('cleanup.queue');
    expect(queue.notes.some((note) => note.startsWith('Fix log line 2'))).toBe(true);
    // the next append cuts the torn bytes off (kept in a .torn- file) and lands on a line of its own
    const next = await call<Decided>('cleanup.decide', {
      itemId: suspects.dev[3]!.id,
      decision: 'ambiguous',
    });
    expect(next.entry.seq).toBe(5);
    const after = await call<FixLog>('cleanup.log');
    expect(after).toMatchObject({ revision: 5, tornTail: false });
    expect(after.problems.map((p) => p.line)).toEqual([2]);
    expect((await readdir(join(projectDir, 'labels'))).some((name) => name.includes('.torn-'))).toBe(true);
  });

  it('calls out a systematic pair and lists every item still given that label', async () => {
    // relabel five test suspects of one class to the class the model says
    const shirts = items.filter((item) => item.split === 'test' && item.label === 'shirt').slice(0, 5);
    for (const item of shirts)
      await call('cleanup.decide', {
        itemId: item.id,
        decision: 'relabel',
        newLabel: 'boot',
        source: 'manual',
      });
    const { pair, itemIds } = await call<{
      pair: { message: string; count: number } | null;
      itemIds: string[];
    }>('cleanup.systematic');
    expect(pair).toMatchObject({ from: 'shirt', to: 'boot', count: 5 });
    expect(pair!.message).toContain("Most 'shirt' labels you fixed were 'boot'");
    const stillShirt = items.filter(
      (item) =>
        (item.split === 'dev' || item.split === 'test') && item.label === 'shirt' && !shirts.includes(item),
    );
    expect(new Set(itemIds)).toEqual(
      new Set(stillShirt.map((item) => item.id).filter((id) => id !== suspects.dev[2]!.id)),
    );
  });

  it('gives each run its error under the original and the corrected labels', async () => {
    const report = await call<BeforeAfter>('cleanup.beforeAfter');
    expect(report.revision).toBe(10);
    const run = report.runs.find((entry) => entry.runId === runId)!;
    expect(run.runRevision).toBe(0);
    const dev = items.filter((item) => item.split === 'dev');
    // dev: 6 flipped predictions are wrong under the original labels; one is excluded now
    expect(run.splits.dev.original).toEqual({ errors: 6, count: dev.length, errorRate: 6 / dev.length });
    expect(run.splits.dev.excluded).toBe(1);
    expect(run.splits.dev.corrected.count).toBe(dev.length - 1);
    expect(run.splits.test.relabelled).toBe(5);
  });

  it('exports the corrected manifest (re-importable columns) and the log, with the coverage warning beside them', async () => {
    const labels = await call<{
      path: string;
      rows: number;
      warning: string | null;
      warningPath: string | null;
    }>('cleanup.export', { kind: 'labels', path: join(exportDir, 'labels.csv') });
    expect(labels.rows).toBe(items.length);
    const text = await readFile(labels.path, 'utf8');
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header).toBe('path,label,source,split,id,original_label,excluded,decision,fix_seq');
    const excluded = rows.find((row) => row.includes(suspects.dev[2]!.id))!.split(',');
    expect(excluded[3]).toBe(''); // no split: a re-import keeps it out of every split
    expect(excluded[6]).toBe('true');
    expect(rows.filter((row) => row.split(',')[1] !== row.split(',')[5])).toHaveLength(5);
    // dev was reviewed deeper than test under this policy: the warning travels with the export
    const { warning } = await call<CoverageReport>('cleanup.coverage');
    expect(labels.warning).toBe(warning);
    if (warning) expect(await readFile(labels.warningPath!, 'utf8')).toContain(warning);
    else expect(labels.warningPath).toBeNull();
    const log = await call<{ path: string; rows: number }>('cleanup.export', {
      kind: 'log',
      path: join(exportDir, 'log.csv'),
    });
    expect(log.rows).toBe(10);
    const logText = await readFile(log.path, 'utf8');
    expect(logText.split('\r\n')[0]).toBe(
      'seq,time,item_id,path,split,decision,old_label,new_label,reason,reviewer,run_id,source,undoes',
    );
    expect(logText).toContain(',undo,');
  });

  it('trains on the current labels: the run records the revision, excluded items stay out, the warning is returned', async () => {
    const started = await call<{ runId: string; labelRevision: number; coverageWarning: string | null }>(
      'train.start',
      { epochs: 1, batchSize: 16, input: { width: 8, height: 8, channels: 1 } },
    );
    expect(started.labelRevision).toBe(10);
    expect(started.coverageWarning).toBe((await call<CoverageReport>('cleanup.coverage')).warning);
    const record = await new Promise<RunRecord>((resolve) => {
      const stop = app.events.subscribe((event) => {
        if (event.name === 'train.finished' && (event.payload as RunRecord).id === started.runId) {
          stop();
          resolve(event.payload as RunRecord);
        }
      });
    });
    expect(record).toMatchObject({ status: 'completed', labelFixRevision: 10 });
    const cache = await readDataCache(join(projectDir, DATA_CACHE_FOLDER, 'split-v1-r10-8x8x1.bin'));
    const excludedId = suspects.dev[2]!.id;
    expect(Object.values(cache.parts).some((part) => part.ids.includes(excludedId))).toBe(false);
    const { labelOf } = await CleanupService.of(app.requireProject()).currentLabels();
    for (const part of Object.values(cache.parts))
      part.ids.forEach((id, i) => expect(cache.classes[part.labels[i]!]).toBe(labelOf(id)!.current));
  }, 60_000);

  it('ranks train with out-of-fold probabilities from k-fold training', async () => {
    errorOf(
      await app.router.call('cleanup.session.save', { policy: { splits: ['dev', 'test', 'train'] } }),
      'invalid_input',
    );
    expect(await call('cleanup.outOfFold')).toBeNull();
    const progress: CrossValidateProgress[] = [];
    const unsubscribe = app.events.subscribe((event) => {
      if (event.name === 'cleanup.crossValidate.progress')
        progress.push(event.payload as CrossValidateProgress);
    });
    const oof = await call<OutOfFold>('cleanup.crossValidate', { k: 3, epochs: 1 });
    unsubscribe();
    // every fold reports its start and its batches, in order
    expect([...new Set(progress.map((p) => p.fold))]).toEqual([1, 2, 3]);
    expect(progress.every((p) => p.k === 3 && p.epochs === 1)).toBe(true);
    expect(progress.filter((p) => p.fold === 3 && p.batch > 0).length).toBeGreaterThan(0);
    const train = items.filter((item) => item.split === 'train');
    expect(oof).toMatchObject({ k: 3, items: train.length, revision: 10, splitVersion: 1, model: 'mlp' });
    expect(await call('cleanup.outOfFold')).toEqual(oof);
    await call('cleanup.session.save', {
      policy: { splits: ['dev', 'test', 'train'], depth: { kind: 'topK', k: 4 } },
    });
    const queue = await call<CleanupQueue>('cleanup.queue');
    const trainItems = queue.items.filter((item) => item.split === 'train');
    expect(trainItems).toHaveLength(4);
    expect(trainItems.map((item) => item.rank)).toEqual([1, 2, 3, 4]);
    expect(trainItems[0]!.top).toHaveLength(3);
    // ranked by self-confidence within train
    const scores = trainItems.map((item) => item.score!);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(queue.items.slice(0, 3).map((item) => item.split)).toEqual(['dev', 'test', 'train']);
    expect(queue.estimates.map((e) => e.split)).toEqual(['dev', 'test', 'train']);
    expect(queue.coverage.train).toMatchObject({ inPolicy: 4, covered: true });
  }, 90_000);

  it('warns at export when only dev was reviewed under a dev-only policy', async () => {
    await call('cleanup.session.save', { policy: { splits: ['dev'], depth: { kind: 'topK', k: 6 } } });
    const result = await call<{ warning: string | null; warningPath: string | null }>('cleanup.export', {
      kind: 'labels',
      path: join(exportDir, 'dev-only.csv'),
    });
    expect(result.warning).toContain('leaves test out');
    expect(await readFile(result.warningPath!, 'utf8')).toContain('leaves test out');
  });
});
