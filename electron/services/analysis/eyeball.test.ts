/**
 * The eyeball / blackbox dev split on a real project: samples come only from the eyeball part, blackbox
 * items are refused by the item calls, the media guard and the tag calls, and the status warns when
 * eyeball error falls much faster than blackbox error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EyeballSettingsView, EyeballStatus } from '../../../shared/analysis/eyeball-schemas';
import { isEyeballItem } from '../../../shared/analysis/eyeball-split';
import type { Sample } from '../../../shared/analysis/sample-schemas';
import type { ItemPage } from '../../../shared/items';
import type { RunRecord } from '../../../shared/training/run-schemas';
import { analysisFixture, saveRun, type AnalysisFixture } from '../test-support/analysis-fixture';
import { errorOf } from '../test-support/app';
import { blackboxRefusal } from './eyeball-service';

const SETTINGS = { enabled: true, fraction: 0.5, seed: 3 };

describe('eyeball / blackbox dev', () => {
  let fx: AnalysisFixture;
  let runA: RunRecord;
  let runB: RunRecord;
  /** Dev items of the frozen split, read before the split is on (then Browse lists only eyeball ones). */
  let devIds: string[];
  const eyeball = (id: string) => isEyeballItem(id, SETTINGS.fraction, SETTINGS.seed);

  beforeAll(async () => {
    fx = await analysisFixture(240);
    devIds = (await fx.call<ItemPage>('items.query', { filter: { split: 'dev' }, limit: 5000 })).items.map(
      (cell) => cell.id,
    );
    const all = fx.items.map((item) => item.id);
    runA = await saveRun(fx, new Set(all), 0, '2026-12-01T10:00:00Z');
    // run B fixes every eyeball item and no blackbox one: what over-fitting the eyeball set looks like
    runB = await saveRun(fx, new Set(all.filter((id) => !eyeball(id))), 0, '2026-12-01T11:00:00Z');
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('splits the frozen dev set by item-id hash and saves the settings', async () => {
    const view = await fx.call<EyeballSettingsView>('analysis.eyeball.configure', SETTINGS);
    expect(view.eyeballItems + view.blackboxItems).toBe(devIds.length);
    expect(view.eyeballItems).toBe(devIds.filter(eyeball).length);
    expect(view.blackboxItems).toBeGreaterThan(0);
    // Browse lists and counts no blackbox item
    const dev = await fx.call<ItemPage>('items.query', { filter: { split: 'dev' }, limit: 5000 });
    expect(dev.items.map((cell) => cell.id)).toEqual(devIds.filter(eyeball));
    const all = await fx.call<ItemPage>('items.query', { limit: 5000 });
    expect(all.total).toBe(240 - view.blackboxItems);
    const overview = await fx.call<{ eyeball: EyeballSettingsView }>('analysis.overview');
    expect(overview.eyeball).toMatchObject(SETTINGS);
  });

  it('draws samples from the eyeball part only and refuses a dev pool', async () => {
    const sample = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, size: 500, seed: 2 });
    expect(sample.pool).toBe('eyeball');
    const expected = fx.items.filter((item) => eyeball(item.id)).length;
    expect(sample.size).toBe(expected);
    expect(sample.errorsInPool).toBe(expected);
    expect(sample.items.every((item) => eyeball(item.id))).toBe(true);
    const refused = errorOf(
      await fx.app.router.call('analysis.sample.create', { runId: runA.id, pool: 'dev' }),
      'forbidden',
    );
    expect(refused.message).toContain('eyeball');
  });

  it('refuses to show or tag a blackbox item, and shows an eyeball one', async () => {
    const blackbox = devIds.find((id) => !eyeball(id))!;
    const visible = devIds.find(eyeball)!;
    expect(errorOf(await fx.app.router.call('items.get', { id: blackbox }), 'forbidden').message).toContain(
      'blackbox',
    );
    errorOf(await fx.app.router.call('items.prediction', { id: blackbox, run: runA.id }), 'forbidden');
    errorOf(
      await fx.app.router.call('analysis.tags.set', { itemIds: [blackbox], categoryId: 'blurry', on: true }),
      'forbidden',
    );
    expect(await blackboxRefusal(fx.app.currentProject!, blackbox)).toContain('blackbox part of dev');
    expect(await blackboxRefusal(fx.app.currentProject!, visible)).toBeNull();
    await fx.call('items.get', { id: visible });
    // a train item is never blackbox
    const train = await fx.call<ItemPage>('items.query', { filter: { split: 'train' }, limit: 1 });
    expect(await blackboxRefusal(fx.app.currentProject!, train.items[0]!.id)).toBeNull();
  });

  it('measures both parts per run and warns when the eyeball error falls much faster', async () => {
    const status = await fx.call<EyeballStatus>('analysis.eyeball.status');
    expect(status.runs.map((run) => run.runId)).toEqual([runA.id, runB.id]);
    const [a, b] = status.runs;
    expect(a).toMatchObject({ eyeballErrorPercent: 100, blackboxErrorPercent: 100, warning: null });
    expect(b).toMatchObject({ eyeballErrorPercent: 0, blackboxErrorPercent: 100 });
    expect(b!.warning).toContain('Eyeball error fell 100.0 points');
  });

  it('shows everything again once the split is off', async () => {
    await fx.call('analysis.eyeball.configure', { ...SETTINGS, enabled: false });
    await fx.call('items.get', { id: devIds.find((id) => !eyeball(id))! });
    expect((await fx.call<ItemPage>('items.query', { limit: 5000 })).total).toBe(240);
    const sample = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, size: 500, seed: 2 });
    expect(sample).toMatchObject({ pool: 'dev', size: 240, blackboxHidden: 0 });
    // turned on again, the dev sample drawn meanwhile shows only its eyeball items
    await fx.call('analysis.eyeball.configure', SETTINGS);
    const shown = await fx.call<Sample>('analysis.sample.get', { sampleId: sample.id });
    const eyeballCount = fx.items.filter((item) => eyeball(item.id)).length;
    expect(shown).toMatchObject({ size: eyeballCount, blackboxHidden: 240 - eyeballCount });
    expect(shown.items.every((item) => eyeball(item.id))).toBe(true);
    const report = await fx.call<{ sampleSize: number }>('analysis.report', { sampleId: sample.id });
    expect(report.sampleSize).toBe(eyeballCount);
  });
});
