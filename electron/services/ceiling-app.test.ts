import { access, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportReport } from '../../shared/import-report';
import type { Facets, Item, ItemPage } from '../../shared/items';
import type { ProjectSummary } from '../../shared/project';
import type { Result } from '../../shared/result';
import type { CeilingApp } from './ceiling-app';
import { thumbnailPath } from './images/thumbnails';
import { ITEM_INDEX_FILE } from './items/item-index';
import { createTestApp, errorOf, recordEvents, valueOf } from './test-support/app';
import {
  bmpBuffer,
  jpegBuffer,
  listFiles,
  pngBuffer,
  put,
  putManyPngs,
  tempDirs,
} from './test-support/fixtures';

const temps = tempDirs('ceiling-app-');
const apps: CeilingApp[] = [];
afterEach(async () => {
  for (const made of apps.splice(0)) await made.closeProject();
  await temps.cleanupAll();
});

async function newApp(): Promise<CeilingApp> {
  const made = await createTestApp(await temps.make());
  apps.push(made);
  return made;
}

async function newDataset(): Promise<string> {
  return realpath(await temps.make());
}

async function openAndImport(app: CeilingApp, datasetPath: string) {
  const summary = valueOf<ProjectSummary>(await app.router.call('project.open', { datasetPath }));
  const report = valueOf<ImportReport>(await app.router.call('import.run', {}));
  return { summary, report };
}

async function allItems(app: CeilingApp): Promise<Item[]> {
  const page = valueOf<ItemPage>(await app.router.call('items.query', { limit: 5000 }));
  const items: Item[] = [];
  for (const cell of page.items)
    items.push(valueOf<Item>(await app.router.call('items.get', { id: cell.id })));
  return items;
}

describe('CeilingApp: import through the router', () => {
  it('imports a source/class folder with bad files listed and good files queryable', async () => {
    const app = await newApp();
    const root = await newDataset();
    await put(root, 'studio/cat/a.png', await pngBuffer(16, 16, 1));
    await put(root, 'studio/dog/b.png', await pngBuffer(16, 16, 2));
    await put(root, 'phone/cat/c.jpg', await jpegBuffer(24, 12, 3));
    await put(root, 'phone/cat/rotated.jpg', await jpegBuffer(24, 12, 4, 6));
    await put(root, 'phone/dog/d.bmp', bmpBuffer(9, 4));
    await put(root, 'phone/dog/truncated.png', (await pngBuffer(64, 64, 5)).subarray(0, 70));
    await put(root, 'phone/dog/text.png', 'hello');
    await put(root, 'phone/dog/empty.png', new Uint8Array(0));
    await put(root, 'phone/dog/notes.txt', 'notes');
    const outside = await temps.make();
    await symlink(
      await put(outside, 'secret.png', await pngBuffer(8, 8, 6)),
      join(root, 'phone', 'dog', 'escape.png'),
    );

    const events = recordEvents(app);
    const { summary, report } = await openAndImport(app, root);

    expect(summary.projectDir).toBe(join(root, '.ceiling'));
    expect(report.items).toBe(5);
    expect(Object.fromEntries(report.problems.map((problem) => [problem.path, problem.code]))).toEqual({
      'phone/dog/truncated.png': 'corrupt-image',
      'phone/dog/text.png': 'not-an-image',
      'phone/dog/empty.png': 'empty-file',
      'phone/dog/notes.txt': 'not-an-image',
      'phone/dog/escape.png': 'outside-root',
    });

    const items = await allItems(app);
    expect(
      items.map((item) => [item.path, item.source, item.label, item.format, item.width, item.height]),
    ).toEqual([
      ['phone/cat/c.jpg', 'phone', 'cat', 'jpeg', 24, 12],
      ['phone/cat/rotated.jpg', 'phone', 'cat', 'jpeg', 12, 24],
      ['phone/dog/d.bmp', 'phone', 'dog', 'bmp', 9, 4],
      ['studio/cat/a.png', 'studio', 'cat', 'png', 16, 16],
      ['studio/dog/b.png', 'studio', 'dog', 'png', 16, 16],
    ]);
    for (const item of items) await access(thumbnailPath(summary.projectDir, item.hash));

    const facets = valueOf<Facets>(await app.router.call('items.facets', {}));
    expect(facets).toEqual({
      total: 5,
      labels: [
        { value: 'cat', count: 3 },
        { value: 'dog', count: 2 },
      ],
      sources: [
        { value: 'phone', count: 3 },
        { value: 'studio', count: 2 },
      ],
      splits: [{ value: 'none', count: 5 }],
    });
    const dogs = valueOf<ItemPage>(
      await app.router.call('items.query', { filter: { label: 'dog', source: 'phone' } }),
    );
    expect(dogs.total).toBe(1);

    const current = valueOf<ProjectSummary>(await app.router.call('project.current', {}));
    expect(current.itemCount).toBe(5);
    expect(current.lastImportAt).toBe(report.finishedAt);
    expect(valueOf(await app.router.call('import.report', {}))).toEqual(report);

    const names = events.map((event) => event.name);
    expect(names[0]).toBe('project.changed');
    expect(names.at(-1)).toBe('project.changed');
    const progress = events
      .filter((event) => event.name === 'import.progress')
      .map((e) => e.payload as ImportProgress);
    // 10 files, of which notes.txt and escape.png are refused while scanning: 8 candidates are read.
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 8, total: 8 });
  });

  // Fails intermittently until the shared-thumbnail race (see import-dataset.test.ts) is fixed.
  it('finds an exact duplicate in two classes: one group, conflicting labels, ids hash and hash-2', async () => {
    const app = await newApp();
    const root = await newDataset();
    const same = await pngBuffer(16, 16, 42);
    await put(root, 'cat/x.png', same);
    await put(root, 'dog/x.png', same);
    const { report } = await openAndImport(app, root);
    expect(report.problems).toEqual([]);
    expect(report.duplicateGroups).toHaveLength(1);
    const group = report.duplicateGroups[0]!;
    expect(group.ids).toEqual([group.hash, `${group.hash}-2`]);
    expect(group.conflictingLabels).toBe(true);
    expect(valueOf<Item>(await app.router.call('items.get', { id: `${group.hash}-2` })).path).toBe(
      'dog/x.png',
    );
  });

  it('items.get of a well-formed id that is not in the project → not_found', async () => {
    const app = await newApp();
    const root = await newDataset();
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
    await openAndImport(app, root);
    errorOf(await app.router.call('items.get', { id: '0000000000000000000f' }), 'not_found');
  });

  it('re-import keeps ids and addedAt of unchanged files and counts the changes', async () => {
    const app = await newApp();
    const root = await newDataset();
    await put(root, 'cat/keep.png', await pngBuffer(8, 8, 1));
    await put(root, 'cat/gone.png', await pngBuffer(8, 8, 2));
    await put(root, 'dog/keep.png', await pngBuffer(8, 8, 3));
    await openAndImport(app, root);
    const before = new Map((await allItems(app)).map((item) => [item.path, item]));

    await new Promise((resolve) => setTimeout(resolve, 5));
    await rm(join(root, 'cat', 'gone.png'));
    await put(root, 'dog/new.png', await pngBuffer(8, 8, 4));
    const report = valueOf<ImportReport>(await app.router.call('import.run', {}));

    expect({ added: report.added, removed: report.removed, unchanged: report.unchanged }).toEqual({
      added: 1,
      removed: 1,
      unchanged: 2,
    });
    const after = new Map((await allItems(app)).map((item) => [item.path, item]));
    expect([...after.keys()]).toEqual(['cat/keep.png', 'dog/keep.png', 'dog/new.png']);
    for (const path of ['cat/keep.png', 'dog/keep.png']) {
      expect(after.get(path)!.id).toBe(before.get(path)!.id);
      expect(after.get(path)!.addedAt).toBe(before.get(path)!.addedAt);
    }
    expect(after.get('dog/new.png')!.addedAt).toBe(report.startedAt);
    errorOf(await app.router.call('items.get', { id: before.get('cat/gone.png')!.id }), 'not_found');
  });

  it('a reopened project (new app, same home) has its items and last report', async () => {
    const home = await temps.make();
    const root = await newDataset();
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
    const first = await createTestApp(home);
    const { report } = await openAndImport(first, root);
    await first.closeProject();

    const second = await createTestApp(home);
    apps.push(second);
    const recent = valueOf<{ datasetRoot: string }[]>(await second.router.call('project.recent', {}));
    expect(recent.map((entry) => entry.datasetRoot)).toEqual([root]);
    const summary = valueOf<ProjectSummary>(await second.router.call('project.open', { datasetPath: root }));
    expect(summary.itemCount).toBe(1);
    expect(summary.lastImportAt).toBe(report.finishedAt);
    expect(valueOf(await second.router.call('import.report', {}))).toEqual(report);
  });

  it('imports a CSV manifest opened as the dataset path', async () => {
    const app = await newApp();
    const root = await newDataset();
    await put(root, 'img/1.png', await pngBuffer(8, 8, 1));
    await put(root, 'img/2.png', await pngBuffer(8, 8, 2));
    const manifest = await put(
      root,
      'labels.csv',
      'path,label,source,split\nimg/1.png,cat,,test\nimg/2.png,,,\n',
    );
    const { summary, report } = await openAndImport(app, manifest);
    expect(summary.datasetRoot).toBe(root);
    expect(summary.importSource).toEqual({ kind: 'manifest', manifestPath: manifest });
    expect(report.items).toBe(1);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'manifest-row', line: 3 })]);
    const page = valueOf<ItemPage>(await app.router.call('items.query', { filter: { split: 'test' } }));
    expect(page.items.map((cell) => cell.label)).toEqual(['cat']);
  });

  // The project document remembers the first manifest and ignores the one the user now asked for.
  it('opening a second manifest of the same folder imports that manifest', async () => {
    const app = await newApp();
    const root = await newDataset();
    await put(root, 'img/1.png', await pngBuffer(8, 8, 1));
    const first = await put(root, 'first.csv', 'path,label\nimg/1.png,cat\n');
    const second = await put(root, 'second.csv', 'path,label\nimg/1.png,dog\n');
    await openAndImport(app, first);
    const { summary } = await openAndImport(app, second);
    expect(summary.importSource).toEqual({ kind: 'manifest', manifestPath: second });
    const page = valueOf<ItemPage>(await app.router.call('items.query', {}));
    expect(page.items.map((cell) => cell.label)).toEqual(['dog']);
  });
});

describe('CeilingApp: cancelling an import', () => {
  async function appWithImportedProject() {
    const app = await newApp();
    const root = await newDataset();
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
    await put(root, 'dog/b.png', await pngBuffer(8, 8, 2));
    const { summary, report } = await openAndImport(app, root);
    const savedIndex = await readFile(join(summary.projectDir, ITEM_INDEX_FILE), 'utf8');
    return { app, root, summary, report, savedIndex };
  }

  async function expectUntouched(
    app: CeilingApp,
    projectDir: string,
    savedIndex: string,
    report: ImportReport,
  ): Promise<void> {
    expect(valueOf<Facets>(await app.router.call('items.facets', {})).total).toBe(2);
    expect(await readFile(join(projectDir, ITEM_INDEX_FILE), 'utf8')).toBe(savedIndex);
    expect(valueOf(await app.router.call('import.report', {}))).toEqual(report);
    const current = valueOf<ProjectSummary>(await app.router.call('project.current', {}));
    expect(current.lastImportAt).toBe(report.finishedAt);
    expect(current.itemCount).toBe(2);
  }

  it('import.cancel while a few hundred files are read → cancelled, previous index untouched', async () => {
    const { app, root, summary, report, savedIndex } = await appWithImportedProject();
    await putManyPngs(root, ['cat', 'dog', 'frog'], 300);

    const cancelAnswers: Promise<Result<unknown>>[] = [];
    const unsubscribe = app.events.subscribe((event) => {
      if (event.name === 'import.progress' && (event.payload as ImportProgress).phase === 'reading') {
        if (cancelAnswers.length === 0) cancelAnswers.push(app.router.call('import.cancel', {}));
      }
    });
    const result = await app.router.call('import.run', {});
    unsubscribe();

    expect(cancelAnswers).toHaveLength(1);
    expect(valueOf(await cancelAnswers[0]!)).toEqual({ cancelled: true });
    // It stopped early (the first reading event comes after ~100 ms): far fewer than the 300 new thumbnails.
    const thumbnails = await listFiles(join(summary.projectDir, 'thumbnails'));
    expect(thumbnails.length).toBeLessThan(150);
    const error = errorOf(result, 'cancelled');
    expect(error.message).toMatch(/cancel/i);
    await expectUntouched(app, summary.projectDir, savedIndex, report);
    expect(valueOf(await app.router.call('import.cancel', {}))).toEqual({ cancelled: false });
    // The app is usable again: a full import runs after the cancelled one.
    expect(valueOf<ImportReport>(await app.router.call('import.run', {})).items).toBe(302);
  });

  it('import.cancel right after import.run (same tick) → cancelled before anything is read', async () => {
    const { app, root, summary, report, savedIndex } = await appWithImportedProject();
    await putManyPngs(root, ['cat'], 20);
    const running = app.router.call('import.run', {});
    const cancelled = app.router.call('import.cancel', {});
    expect(valueOf(await cancelled)).toEqual({ cancelled: true });
    errorOf(await running, 'cancelled');
    await expectUntouched(app, summary.projectDir, savedIndex, report);
  });

  it('refuses a second import and a project switch while one runs (busy)', async () => {
    const { app, root } = await appWithImportedProject();
    await putManyPngs(root, ['cat'], 40);
    const running = app.router.call('import.run', {});
    errorOf(await app.router.call('import.run', {}), 'busy');
    errorOf(await app.router.call('project.open', { datasetPath: root }), 'busy');
    expect(valueOf<ImportReport>(await running).items).toBe(42);
  });

  it('closing the project cancels its running import', async () => {
    const { app, root } = await appWithImportedProject();
    await putManyPngs(root, ['cat'], 40);
    const running = app.router.call('import.run', {});
    expect(valueOf(await app.router.call('project.close', {}))).toEqual({ closed: true });
    errorOf(await running, 'cancelled');
    expect(valueOf(await app.router.call('project.current', {}))).toBeNull();
  });
});

describe('CeilingApp: project state folder', () => {
  it('keeps state in a chosen projectDir and leaves the dataset folder untouched', async () => {
    const app = await newApp();
    const root = await newDataset();
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
    const projectDir = join(await temps.make(), 'state');
    const summary = valueOf<ProjectSummary>(
      await app.router.call('project.open', { datasetPath: root, projectDir }),
    );
    expect(summary.projectDir).toBe(projectDir);
    valueOf(await app.router.call('import.run', {}));
    await expect(stat(join(root, '.ceiling'))).rejects.toMatchObject({ code: 'ENOENT' });
    await access(join(projectDir, ITEM_INDEX_FILE));
    await access(join(projectDir, 'project.json'));
  });

  // project.json does not record its dataset, so a project folder chosen for dataset A is taken as B's.
  async function twoDatasetsOneProjectFolder() {
    const rootA = await newDataset();
    const rootB = await newDataset();
    await put(rootA, 'cat/a.png', await pngBuffer(8, 8, 1));
    await put(rootB, 'dog/b.png', await pngBuffer(8, 8, 2));
    const projectDir = join(await temps.make(), 'shared-state');
    const app = await newApp();
    valueOf(await app.router.call('project.open', { datasetPath: rootA, projectDir }));
    valueOf(await app.router.call('import.run', {}));
    return { app, rootA, rootB, projectDir };
  }

  it("opening dataset B with the open project folder of A does not answer with A's summary", async () => {
    const { app, rootA, rootB, projectDir } = await twoDatasetsOneProjectFolder();
    const result = await app.router.call('project.open', { datasetPath: rootB, projectDir });
    expect(result.ok && (result.value as ProjectSummary).datasetRoot === rootA).toBe(false);
  });

  it("opening dataset B with A's closed project folder does not show A's items", async () => {
    const { app, rootB, projectDir } = await twoDatasetsOneProjectFolder();
    await app.closeProject();
    const second = await newApp();
    const result = await second.router.call('project.open', { datasetPath: rootB, projectDir });
    // Either a clear refusal, or B without A's item (cat/a.png does not exist under B).
    expect(result.ok && (result.value as ProjectSummary).itemCount === 1).toBe(false);
  });

  it('project.open where the state folder cannot be made → io with a readable message', async () => {
    const app = await newApp();
    const root = await newDataset();
    const blocker = join(await temps.make(), 'a-file');
    await writeFile(blocker, 'x');
    const error = errorOf(
      await app.router.call('project.open', { datasetPath: root, projectDir: join(blocker, 'state') }),
      'io',
    );
    expect(error.message).toContain(join(blocker, 'state'));
  });
});
