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
  const eyeball = (id: string) => isEyeballItem(id, SETTINGS.fraction, SETTINGS.seed);

  beforeAll(async () => {
    fx = await analysisFixture(240);
    const all = fx.items.map((item) => item.id);
    runA = await saveRun(fx, new Set(all), 0, '2026-12-01T10:00:00Z');
    // run B fixes every eyeball item and no blackbox one: what over-fitting the eyeball set looks like
    runB = await saveRun(fx, new Set(all.filter((id) => !eyeball(id))), 0, '2026-12-01T11:00:00Z');
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('splits the frozen dev set by item-id hash and saves the settings', async () => {
    const view = await fx.call<EyeballSettingsView>('analysis.eyeball.configure', SETTINGS);
    const dev = await fx.call<ItemPage>('items.query', { filter: { split: 'dev' }, limit: 5000 });
    expect(view.eyeballItems + view.blackboxItems).toBe(dev.total);
    expect(view.eyeballItems).toBe(dev.items.filter((cell) => eyeball(cell.id)).length);
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
    const dev = await fx.call<ItemPage>('items.query', { filter: { split: 'dev' }, limit: 5000 });
    const blackbox = dev.items.find((cell) => !eyeball(cell.id))!.id;
    const visible = dev.items.find((cell) => eyeball(cell.id))!.id;
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
    const dev = await fx.call<ItemPage>('items.query', { filter: { split: 'dev' }, limit: 5000 });
    const blackbox = dev.items.find((cell) => !eyeball(cell.id))!.id;
    await fx.call('items.get', { id: blackbox });
    const sample = await fx.call<Sample>('analysis.sample.create', { runId: runA.id, size: 500, seed: 2 });
    expect(sample).toMatchObject({ pool: 'dev', size: 240 });
  });
});
