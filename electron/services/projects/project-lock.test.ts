import { access, mkdir, readFile, realpath, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectSummary } from '../../../shared/project';
import type { CeilingApp } from '../ceiling-app';
import { createTestApp, errorOf, valueOf } from '../test-support/app';
import { deadPid, tempDirs } from '../test-support/fixtures';
import { acquireProjectLock, LOCK_FILE } from './project-lock';

const temps = tempDirs('ceiling-lock-');
const apps: CeilingApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.closeProject();
  await temps.cleanupAll();
});

async function newApp(): Promise<CeilingApp> {
  const app = await createTestApp(await temps.make());
  apps.push(app);
  return app;
}

async function newDataset(): Promise<string> {
  const root = await realpath(await temps.make());
  await mkdir(join(root, 'cat'));
  return root;
}

function lockPath(root: string): string {
  return join(root, '.ceiling', LOCK_FILE);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('project lock through CeilingApp', () => {
  it('a second app opening the same project gets project_locked naming the owner pid', async () => {
    const root = await newDataset();
    const first = await newApp();
    valueOf(await first.router.call('project.open', { datasetPath: root }));
    const owner = JSON.parse(await readFile(lockPath(root), 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });

    const second = await newApp();
    const error = errorOf(await second.router.call('project.open', { datasetPath: root }), 'project_locked');
    expect(error.message).toContain(`process ${process.pid}`);
    expect(error.message).toContain(hostname());
    expect(valueOf(await second.router.call('project.current', {}))).toBeNull();
    // The refused open did not disturb the owner.
    expect(JSON.parse(await readFile(lockPath(root), 'utf8'))).toEqual(owner);
    expect(valueOf<ProjectSummary>(await first.router.call('project.current', {})).datasetRoot).toBe(root);
  });

  it('closing releases the lock: the file is gone and a second app can open the project', async () => {
    const root = await newDataset();
    const first = await newApp();
    const second = await newApp();
    valueOf(await first.router.call('project.open', { datasetPath: root }));
    errorOf(await second.router.call('project.open', { datasetPath: root }), 'project_locked');

    expect(valueOf(await first.router.call('project.close', {}))).toEqual({ closed: true });
    expect(await exists(lockPath(root))).toBe(false);
    valueOf(await second.router.call('project.open', { datasetPath: root }));
    expect(await exists(lockPath(root))).toBe(true);
  });

  it('opening another project releases the lock of the first', async () => {
    const rootA = await newDataset();
    const rootB = await newDataset();
    const app = await newApp();
    valueOf(await app.router.call('project.open', { datasetPath: rootA }));
    valueOf(await app.router.call('project.open', { datasetPath: rootB }));
    expect(await exists(lockPath(rootA))).toBe(false);
    expect(await exists(lockPath(rootB))).toBe(true);
  });

  it('re-opening the project this app already has open is not refused by its own lock', async () => {
    const root = await newDataset();
    const app = await newApp();
    valueOf(await app.router.call('project.open', { datasetPath: root }));
    valueOf(await app.router.call('project.open', { datasetPath: root }));
    expect(JSON.parse(await readFile(lockPath(root), 'utf8')).pid).toBe(process.pid);
  });

  it('a refused open keeps the current project open and locked', async () => {
    const rootA = await newDataset();
    const rootB = await newDataset();
    const owner = await newApp();
    valueOf(await owner.router.call('project.open', { datasetPath: rootB }));
    const app = await newApp();
    valueOf(await app.router.call('project.open', { datasetPath: rootA }));
    errorOf(await app.router.call('project.open', { datasetPath: rootB }), 'project_locked');
    expect(valueOf<ProjectSummary>(await app.router.call('project.current', {})).datasetRoot).toBe(rootA);
    expect(await exists(lockPath(rootA))).toBe(true);
  });

  it('takes over a stale lock left by a process that has exited', async () => {
    const root = await newDataset();
    const pid = await deadPid();
    await mkdir(join(root, '.ceiling'));
    await writeFile(
      lockPath(root),
      JSON.stringify({ pid, host: hostname(), since: '2020-01-01T00:00:00.000Z', app: 'crashed' }),
    );
    const app = await newApp();
    valueOf(await app.router.call('project.open', { datasetPath: root }));
    expect(JSON.parse(await readFile(lockPath(root), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
  });

  it('takes over an unreadable lock file left long ago', async () => {
    const root = await newDataset();
    await mkdir(join(root, '.ceiling'));
    await writeFile(lockPath(root), '{ half written');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath(root), longAgo, longAgo);
    const app = await newApp();
    valueOf(await app.router.call('project.open', { datasetPath: root }));
    expect(JSON.parse(await readFile(lockPath(root), 'utf8')).pid).toBe(process.pid);
  });

  it('treats a fresh unreadable lock as held: someone is opening the project right now', async () => {
    const root = await newDataset();
    await mkdir(join(root, '.ceiling'));
    await writeFile(lockPath(root), '');
    const app = await newApp();
    const error = errorOf(await app.router.call('project.open', { datasetPath: root }), 'project_locked');
    expect(error.message).toContain('being opened by another Ceiling instance');
    expect(await readFile(lockPath(root), 'utf8')).toBe('');
  });

  it('does not take over a lock held on another machine, even if the pid is free here', async () => {
    const root = await newDataset();
    const pid = await deadPid();
    await mkdir(join(root, '.ceiling'));
    const foreign = { pid, host: `not-${hostname()}`, since: '2020-01-01T00:00:00.000Z', app: 'elsewhere' };
    await writeFile(lockPath(root), JSON.stringify(foreign));
    const app = await newApp();
    const error = errorOf(await app.router.call('project.open', { datasetPath: root }), 'project_locked');
    expect(error.message).toContain(foreign.host);
    expect(error.message).toContain(`process ${pid}`);
    expect(error.message).toContain(lockPath(root));
    expect(JSON.parse(await readFile(lockPath(root), 'utf8'))).toEqual(foreign);
  });
});

describe('acquireProjectLock', () => {
  it('a release only removes its own lock, not one taken over since', async () => {
    const dir = await temps.make();
    const release = await acquireProjectLock(dir, 'first');
    // Someone else's lock now sits in the file (as after a stale takeover by another process).
    const other = {
      pid: await deadPid(),
      host: `not-${hostname()}`,
      since: new Date().toISOString(),
      app: 'other',
    };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(other));
    await release();
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toEqual(other);
  });

  it('two acquisitions at once in one process: exactly one wins', async () => {
    const dir = await temps.make();
    const results = await Promise.allSettled([acquireProjectLock(dir, 'a'), acquireProjectLock(dir, 'b')]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'project_locked' });
  });
});
