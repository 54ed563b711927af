import { readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { SavedDecomposition } from '../../../shared/calls/decomposition-calls';
import type { DecompositionInput } from '../../../shared/decomposition/decomposition-input';
import type { CeilingApp } from '../ceiling-app';
import { createTestApp, errorOf, valueOf } from '../test-support/app';
import { tempDirs } from '../test-support/fixtures';
import { DECOMPOSITION_FILE } from './decomposition-document';

const temps = tempDirs('ceiling-decomposition-');
const apps: CeilingApp[] = [];
afterEach(async () => {
  for (const made of apps.splice(0)) await made.closeProject();
  await temps.cleanupAll();
});

/** A real app with a project open on an empty dataset folder (the decomposition needs no items). */
async function openProject(): Promise<{ app: CeilingApp; projectDir: string }> {
  const app = await createTestApp(await temps.make());
  apps.push(app);
  const dataset = await realpath(await temps.make());
  valueOf(await app.router.call('project.open', { datasetPath: dataset }));
  return { app, projectDir: join(dataset, '.ceiling') };
}

const ola: DecompositionInput = {
  humanLevels: [
    { label: '  typical student ', errorPercent: 10 },
    { label: 'expert', errorPercent: 8 },
  ],
  errors: { train: 12, trainDev: 15, dev: 28, test: 30 },
};

describe('decomposition through the router', () => {
  it('starts empty, saved values round-trip through a fresh app, labels trimmed', async () => {
    const { app, projectDir } = await openProject();
    const empty = valueOf<SavedDecomposition>(await app.router.call('decomposition.get', {}));
    expect(empty).toMatchObject({
      input: { humanLevels: [], errors: { train: null, trainDev: null, dev: null, test: null } },
      errorsSource: 'manual',
      savedAt: null,
      warnings: [],
    });
    expect(empty.result.diagnosis).toContain('Not enough to diagnose yet');

    const saved = valueOf<SavedDecomposition>(await app.router.call('decomposition.save', ola));
    expect(saved.input.humanLevels[0]?.label).toBe('typical student');
    expect(saved.savedAt).not.toBeNull();
    expect(saved.result.largest).toBe('dataMismatch');

    // Another app (as after a restart) reads the same file.
    await app.closeProject();
    const again = await createTestApp(await temps.make());
    apps.push(again);
    valueOf(await again.router.call('project.open', { datasetPath: join(projectDir, '..') }));
    const reloaded = valueOf<SavedDecomposition>(await again.router.call('decomposition.get', {}));
    expect(reloaded.input).toEqual(saved.input);
    expect(reloaded.result.gaps.map((gap) => gap.points)).toEqual([4, 3, 13, 2]);
    expect(reloaded.result.bayesProxy).toEqual({ label: 'expert', errorPercent: 8, index: 1 });

    const onDisk = JSON.parse(await readFile(join(projectDir, DECOMPOSITION_FILE), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 1, errorsSource: 'manual', errors: ola.errors });
  });

  it('saves errors taken from a model run with the run as their source; the CSV names it', async () => {
    const { app, projectDir } = await openProject();
    const runId = '20261204-221503-a1b2c3';
    const saved = valueOf<SavedDecomposition>(
      await app.router.call('decomposition.save', { ...ola, errorsSource: `run:${runId}` }),
    );
    expect(saved.errorsSource).toBe(`run:${runId}`);
    const reloaded = valueOf<SavedDecomposition>(await app.router.call('decomposition.get', {}));
    expect(reloaded.errorsSource).toBe(`run:${runId}`);
    const onDisk = JSON.parse(await readFile(join(projectDir, DECOMPOSITION_FILE), 'utf8'));
    expect(onDisk.errorsSource).toBe(`run:${runId}`);
    const exported = valueOf<{ path: string; markdown: string }>(
      await app.router.call('decomposition.export', {}),
    );
    expect(exported.markdown).toContain(`from model run ${runId}`);
    expect(await readFile(exported.path, 'utf8')).toContain(`from model run ${runId}`);

    // Saving without a source (typed by hand) goes back to manual; a bad source is refused.
    expect(valueOf<SavedDecomposition>(await app.router.call('decomposition.save', ola)).errorsSource).toBe(
      'manual',
    );
    const bad = errorOf(
      await app.router.call('decomposition.save', { ...ola, errorsSource: 'run:nope' as `run:${string}` }),
      'invalid_input',
    );
    expect(bad.message).toContain('not an errors source');
  });

  it('refuses bad input with clear messages and keeps what was saved', async () => {
    const { app } = await openProject();
    valueOf(await app.router.call('decomposition.save', ola));
    const noHuman = errorOf(
      await app.router.call('decomposition.save', { ...ola, humanLevels: [] }),
      'invalid_input',
    );
    expect(noHuman.message).toContain('Enter at least one human-level error');
    const bad = errorOf(
      await app.router.call('decomposition.save', {
        humanLevels: [{ label: '', errorPercent: 2 }],
        errors: { ...ola.errors, dev: 140 },
      }),
      'invalid_input',
    );
    expect(bad.message).toContain('humanLevels.0.label: Human level #1: give it a label');
    expect(bad.message).toContain('errors.dev: Dev error must be a percentage from 0 to 100 (got 140)');
    const wrongType = errorOf(
      await app.router.call('decomposition.save', { humanLevels: [{ label: 'x', errorPercent: '5' }] }),
      'invalid_input',
    );
    expect(wrongType.message).toMatch(/humanLevels\.0\.errorPercent/);
    const kept = valueOf<SavedDecomposition>(await app.router.call('decomposition.get', {}));
    expect(kept.input.errors.dev).toBe(28);
  });

  it('saves without train-dev or test: those gaps are not available, and dev − train is reported', async () => {
    const { app } = await openProject();
    const saved = valueOf<SavedDecomposition>(
      await app.router.call('decomposition.save', {
        humanLevels: [{ label: 'human', errorPercent: 1 }],
        errors: { train: 2, trainDev: null, dev: 10, test: null },
      }),
    );
    expect(saved.result.largest).toBe('varianceOrMismatch');
    expect(saved.result.gaps.map((gap) => [gap.key, gap.points, gap.unavailable])).toEqual([
      ['avoidableBias', 1, null],
      ['variance', null, 'needs the train-dev error'],
      ['dataMismatch', null, 'needs the train-dev error'],
      ['devOverfitting', null, 'needs the test error'],
      ['varianceOrMismatch', 8, null],
    ]);
  });

  it('needs an open project', async () => {
    const app = await createTestApp(await temps.make());
    apps.push(app);
    errorOf(await app.router.call('decomposition.get', {}), 'no_project');
  });

  it('exports CSV to the project exports folder (formula-injection-safe) and returns the Markdown', async () => {
    const { app, projectDir } = await openProject();
    const evil: DecompositionInput = {
      humanLevels: [{ label: '=cmd|"/c calc"!A1', errorPercent: 1 }],
      errors: { train: 2, trainDev: 10, dev: 10, test: null },
    };
    const exported = valueOf<{ path: string; markdown: string }>(
      await app.router.call('decomposition.export', { input: evil }),
    );
    expect(exported.path.startsWith(join(projectDir, 'exports', 'error-decomposition-'))).toBe(true);
    expect(exported.path).toMatch(/\.csv$/);
    const csv = await readFile(exported.path, 'utf8');
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(rows[0]).toMatchObject({ kind: 'human-level', name: `'=cmd|"/c calc"!A1`, value: '1' });
    expect(rows.find((row) => row.name === 'Variance')).toMatchObject({ value: '8', note: 'largest gap' });
    expect(exported.markdown).toContain('The largest gap is variance: 8.0 points');
    expect(await readdir(join(projectDir, 'exports'))).toHaveLength(1); // no temp files left
  });

  it('exports the saved values to a chosen file when no input is given', async () => {
    const { app, projectDir } = await openProject();
    valueOf(await app.router.call('decomposition.save', ola));
    const exported = valueOf<{ path: string }>(
      await app.router.call('decomposition.export', { target: 'reports/decomposition.csv' }),
    );
    expect(exported.path).toBe(join(projectDir, 'reports', 'decomposition.csv'));
    expect(await readFile(exported.path, 'utf8')).toContain('Data mismatch,dev − train-dev,13,');
  });

  it('keeps a damaged decomposition file as .broken-* and says so', async () => {
    const { app, projectDir } = await openProject();
    await writeFile(join(projectDir, DECOMPOSITION_FILE), '{"schemaVersion": 1, "humanLevels": 3');
    const loaded = valueOf<SavedDecomposition>(await app.router.call('decomposition.get', {}));
    expect(loaded.warnings[0]).toMatch(/decomposition\.json is not valid JSON.*kept as .*\.broken-/);
    expect(loaded.input.humanLevels).toEqual([]);
    expect((await readdir(projectDir)).some((name) => name.startsWith(`${DECOMPOSITION_FILE}.broken-`))).toBe(
      true,
    );
  });
});
