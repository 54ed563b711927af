/**
 * The LR finder through the app's router on a real project: 200 Fashion-MNIST PNGs from the demo
 * (20 per class), a frozen split, real sharp, real TF.js (wasm) in the real ML worker (run from the
 * sources through worker-bootstrap.mjs, as training.test.ts does).
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../../shared/contract';
import type {
  LrFindProgressEvent,
  LrFindResult,
  LrFindSummary,
} from '../../../../shared/tuning/lr-find-result';
import type { CeilingApp } from '../../ceiling-app';
import { errorOf, valueOf } from '../../test-support/app';
import { openDemoProject } from '../../test-support/demo-project';
import { tempDirs } from '../../test-support/fixtures';
import { RUNS_FOLDER } from '../runs/run-store';
import { LR_FINDER_FOLDER } from './lr-finder-service';

const PER_CLASS = 20;

describe('LR finder on a real project', () => {
  const temps = tempDirs();
  let app: CeilingApp;
  let projectDir: string;
  let found: LrFindResult;
  const events: ApiEvent[] = [];
  const call = async <T>(name: string, input: unknown = {}) => valueOf<T>(await app.router.call(name, input));

  beforeAll(async () => {
    ({ app, projectDir } = await openDemoProject(temps, PER_CLASS, (event) => events.push(event)));
  });
  afterAll(async () => {
    await app?.closeProject();
    await temps.cleanupAll();
  });

  it('refuses without a frozen split, and refuses a range that does not grow', async () => {
    const error = errorOf(await app.router.call('lrFind.run', {}), 'not_found');
    expect(error.message).toContain('frozen split');
    await call('split.freeze', {});
    const bad = errorOf(await app.router.call('lrFind.run', { startLr: 1, endLr: 0.1 }), 'invalid_input');
    expect(JSON.stringify(bad)).toContain('end rate must be above the start rate');
  });

  it('sweeps in the worker, streams progress, saves the result and leaves no model behind', async () => {
    events.length = 0;
    found = await call<LrFindResult>('lrFind.run', {
      // no dropout: its masks are not seeded (decisions.md, ML engine), and this curve must repeat
      config: { batchSize: 16, seed: 5, model: { kind: 'mlp', dropout: 0 } },
      iterations: 40,
    });
    expect(found.backend?.name).toBe('wasm');
    expect(found.config.batchSize).toBe(16);
    expect(found.settings).toMatchObject({ startLr: 1e-7, endLr: 10, iterations: 40, beta: 0.98 });
    expect(found.points.length).toBeGreaterThan(10);
    expect(found.points.length).toBeLessThanOrEqual(40);
    expect(['diverged', 'done']).toContain(found.status);
    expect(found.suggestions.valley).not.toBeNull();
    expect(found.suggestions.steep).not.toBeNull();
    expect(found.recommended).not.toBeNull();
    expect(found.reason.length).toBeGreaterThan(10);

    const progress = events
      .filter((event) => event.name === 'lrFind.progress')
      .map((event) => event.payload as LrFindProgressEvent);
    expect(progress.some((p) => p.phase === 'decoding')).toBe(true);
    const last = progress.filter((p) => p.phase === 'sweeping').at(-1)!;
    expect(last.points).toEqual(found.points);

    // a sweep is not a run: nothing under runs/, one file under lr-finder/
    expect(existsSync(join(projectDir, RUNS_FOLDER))).toBe(false);
    expect(await readdir(join(projectDir, LR_FINDER_FOLDER))).toEqual([`${found.id}.json`]);
    const list = await call<LrFindSummary[]>('lrFind.list');
    expect(list.map((entry) => entry.id)).toEqual([found.id]);
    expect(list[0]).toMatchObject({ modelKind: 'mlp', pointCount: found.points.length });
    expect(await call<LrFindResult>('lrFind.get', { id: found.id })).toEqual(found);
  });

  it('cancels mid-sweep: the call ends as cancelled and nothing is saved', async () => {
    const stop = app.events.subscribe((event) => {
      if (event.name === 'lrFind.progress' && (event.payload as LrFindProgressEvent).phase === 'sweeping') {
        stop();
        void app.router.call('lrFind.cancel', {});
      }
    });
    const result = await app.router.call('lrFind.run', { iterations: 2000, config: { batchSize: 8 } });
    const error = errorOf(result, 'cancelled');
    expect(error.message).toContain('nothing was saved');
    expect(await readdir(join(projectDir, LR_FINDER_FOLDER))).toEqual([`${found.id}.json`]);
    expect(valueOf<{ cancelled: boolean }>(await app.router.call('lrFind.cancel', {})).cancelled).toBe(false);
  });

  it('refuses a second sweep while one runs', async () => {
    const first = app.router.call('lrFind.run', { iterations: 30 });
    // the first call registers its sweep synchronously up to its first await
    await new Promise((resolve) => setTimeout(resolve, 0));
    errorOf(await app.router.call('lrFind.run', { iterations: 30 }), 'busy');
    valueOf(await first);
  });
});
