import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemPage } from '../../../shared/items';
import type { FrozenVersion, SplitPreview, SplitState } from '../../../shared/splits/split-schemas';
import type { CeilingApp } from '../ceiling-app';
import { createTestApp, errorOf, recordEvents, valueOf } from '../test-support/app';
import { put, tempDirs } from '../test-support/fixtures';
import { PERCEPTUAL_HASH_FILE } from './perceptual-hash-cache';

/** A 24×24 greyscale noise image: distinct seeds give unrelated dHashes. */
function noise(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(24 * 24);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width: 24, height: 24, channels: 1 } })
    .png()
    .toBuffer();
}

describe('splits of a real project', () => {
  const temps = tempDirs();
  let app: CeilingApp;
  let dataset: string;
  let projectDir: string;
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));

  beforeAll(async () => {
    dataset = await temps.make();
    projectDir = join(await temps.make(), 'project');
    let seed = 1;
    for (const source of ['phone', 'studio'])
      for (const label of ['bag', 'coat'])
        for (let n = 0; n < (source === 'phone' ? 40 : 60); n++)
          await put(dataset, `${source}/${label}/${n}.png`, await noise(seed++));
    // an exact duplicate across sources, and a near duplicate (resized, re-encoded) of a phone image
    await put(dataset, 'phone/coat/copy-of-studio.png', await readFile(join(dataset, 'studio/coat/0.png')));
    const original = await readFile(join(dataset, 'phone/bag/0.png'));
    await put(dataset, 'studio/bag/near-0.png', await sharp(original).resize(30, 30).png().toBuffer());
    app = await createTestApp(await temps.make());
    await call('project.open', { datasetPath: dataset, projectDir });
    await call('import.run');
  });
  afterAll(async () => {
    await app?.closeProject();
    await temps.cleanupAll();
  });

  it('previews with the target source, computes perceptual hashes once (with progress) and keeps them in a file', async () => {
    const events = recordEvents(app);
    const preview = await call<SplitPreview>('split.preview', { targetSource: 'phone' });
    expect(preview.itemCount).toBe(202);
    expect(preview.poolSize).toBe(81);
    const devSources = preview.counts.filter((row) => row.split === 'dev' || row.split === 'test');
    expect(new Set(devSources.map((row) => row.source))).toEqual(new Set(['phone']));
    expect(preview.leakage.hashed).toBe(202); // 201 images decoded: the exact copy shares its hash
    expect(preview.leakage.exactGroups).toBe(1);
    expect(preview.leakage.nearGroups).toBe(1);
    expect(preview.leakage.straddlingGroups).toBe(0);
    const near = preview.leakage.groups.find((group) => group.kind === 'near');
    if (near) expect(new Set(near.members.map((member) => member.split)).size).toBe(1);
    const progress = events.filter((event) => event.name === 'split.progress');
    expect(progress.at(-1)?.payload).toEqual({ phase: 'done', done: 201, total: 201 });
    expect((await stat(join(projectDir, PERCEPTUAL_HASH_FILE))).size).toBe(4 + 201 * 18);

    const again = recordEvents(app);
    await call<SplitPreview>('split.preview', { targetSource: 'phone', nearThreshold: 6 });
    expect(again.filter((event) => event.name === 'split.progress')).toEqual([]);
    const state = await call<SplitState>('split.current');
    expect(state.settings).toMatchObject({ targetSource: 'phone', nearThreshold: 6 });
  });

  it('refuses an unknown target and impossible ratios with clear messages', async () => {
    const unknown = errorOf(
      await app.router.call('split.preview', { targetSource: 'tablet' }),
      'invalid_input',
    );
    expect(unknown.message).toBe(
      'There is no source "tablet" in this data. Known sources: "phone", "studio".',
    );
    const ratios = errorOf(
      await app.router.call('split.preview', { ratios: { train: 70, dev: 20, test: 20 } }),
      'invalid_input',
    );
    expect(ratios.message).toBe('The ratios 70/20/20 add up to 110 %, not 100 %.');
  });

  it('freezes versions whose assignment then drives the items’ split filter and facets', async () => {
    const preview = await call<SplitPreview>('split.preview', { targetSource: 'phone' });
    const v1 = await call<FrozenVersion>('split.freeze', { targetSource: 'phone' });
    expect(v1).toMatchObject({ version: 1, file: 'splits/v1.json', itemCount: 202, totals: preview.totals });
    expect(v1.settings.thresholds).toEqual(preview.thresholds);
    const facets = await call<{ splits: { value: string; count: number }[] }>('items.facets');
    expect(facets.splits.find((facet) => facet.value === 'dev')?.count).toBe(preview.totals.dev);
    const dev = await call<ItemPage>('items.query', { filter: { split: 'dev' } });
    expect(dev.total).toBe(preview.totals.dev);
    const firstV1 = await readFile(join(projectDir, 'splits', 'v1.json'), 'utf8');

    const v2 = await call<FrozenVersion>('split.freeze', { ...v1.settings, seed: 5 });
    expect(v2.version).toBe(2);
    expect(await readFile(join(projectDir, 'splits', 'v1.json'), 'utf8')).toBe(firstV1); // written once
    const state = await call<SplitState>('split.current');
    expect(state.current?.version).toBe(2);
    expect(state.versions.map((version) => version.version)).toEqual([1, 2]);
  });

  it('counts looks at the test set and warns about them', async () => {
    const test = await call<ItemPage>('items.query', { filter: { split: 'test' }, limit: 3 });
    expect(test.items.length).toBeGreaterThan(0);
    for (const cell of test.items)
      expect((await call<{ split: string }>('items.get', { id: cell.id })).split).toBe('test');
    const train = await call<ItemPage>('items.query', { filter: { split: 'train' }, limit: 1 });
    await call('items.get', { id: train.items[0]!.id });
    const state = await call<SplitState>('split.current');
    expect(state.current?.testLooks.count).toBe(test.items.length);
    expect(state.current?.testLooks.firstAt).not.toBeNull();
    const preview = await call<SplitPreview>('split.preview', state.settings);
    expect(preview.changedFromFrozen).toBe(0);
    expect(preview.warnings.find((warning) => warning.code === 'test-looked-at')?.message).toMatch(
      /^Test items of split v2 were opened \d+ times/,
    );
  });

  it('exports the frozen split as a CSV manifest that reads back to the same assignment', async () => {
    const exported = await call<{ path: string; rows: number }>('split.export', {});
    expect(exported.path).toBe(join(projectDir, 'exports', 'split-v2.csv'));
    expect(exported.rows).toBe(202);
    const parsed = Papa.parse<Record<string, string>>(await readFile(exported.path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.meta.fields).toEqual(['id', 'path', 'label', 'source', 'split']);
    const page = await call<ItemPage>('items.query', { limit: 5000 });
    const splitOf = new Map(page.items.map((cell) => [cell.id, cell.split ?? '']));
    expect(parsed.data).toHaveLength(202);
    for (const row of parsed.data) expect(row.split).toBe(splitOf.get(row.id!));
    expect(parsed.data.find((row) => row.path === 'phone/bag/0.png')).toMatchObject({
      label: 'bag',
      source: 'phone',
    });
  });

  it('keeps every existing item in place after files are added and re-imported', async () => {
    const state = await call<SplitState>('split.current');
    const before = await call<ItemPage>('items.query', { limit: 5000 });
    for (let n = 0; n < 30; n++) await put(dataset, `phone/bag/added-${n}.png`, await noise(10_000 + n));
    await call('import.run');
    const preview = await call<SplitPreview>('split.preview', state.settings);
    expect(preview.itemCount).toBe(232);
    expect(preview.changedFromFrozen).toBe(0);
    const v3 = await call<FrozenVersion>('split.freeze', state.settings);
    const after = await call<ItemPage>('items.query', { limit: 5000 });
    const now = new Map(after.items.map((cell) => [cell.id, cell.split]));
    for (const cell of before.items) expect(now.get(cell.id)).toBe(cell.split);
    expect(v3.version).toBe(3);
  });
});

describe('a damaged split document', () => {
  const temps = tempDirs();
  afterAll(() => temps.cleanupAll());

  it('is kept aside and reported; the frozen assignment files stay', async () => {
    const dataset = await temps.make();
    const projectDir = join(await temps.make(), 'project');
    for (let n = 0; n < 6; n++) await put(dataset, `cat/${n}.png`, await noise(500 + n));
    const app = await createTestApp(await temps.make());
    try {
      valueOf(await app.router.call('project.open', { datasetPath: dataset, projectDir }));
      valueOf(await app.router.call('import.run', {}));
      valueOf(await app.router.call('split.freeze', {}));
      await app.closeProject();
      await writeFile(join(projectDir, 'splits.json'), '{ not json');
      valueOf(await app.router.call('project.open', { datasetPath: dataset, projectDir }));
      const state = valueOf<SplitState>(await app.router.call('split.current', {}));
      expect(state.problem).toMatch(/splits\.json is not valid JSON .*kept aside/);
      expect(state.versions).toEqual([]);
      expect((await readdir(projectDir)).some((name) => name.startsWith('splits.json.broken-'))).toBe(true);
      expect(await readdir(join(projectDir, 'splits'))).toEqual(['v1.json']);
      const next = valueOf<FrozenVersion>(await app.router.call('split.freeze', {}));
      expect(next.version).toBe(2); // the number of the kept file is never reused
    } finally {
      await app.closeProject();
    }
  });
});
