import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../shared/contract';
import { ApiFailure } from '../../shared/result';
import type { CeilingApp } from './ceiling-app';
import { createRouter, type Handlers } from './router';
import { createTestApp, errorOf, valueOf } from './test-support/app';
import { pngBuffer, put, tempDirs } from './test-support/fixtures';

const temps = tempDirs('ceiling-router-');
const apps: CeilingApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.closeProject();
  await temps.cleanupAll();
});

async function app(options: Parameters<typeof createTestApp>[1] = {}): Promise<CeilingApp> {
  const made = await createTestApp(await temps.make(), options);
  apps.push(made);
  return made;
}

const VALID_ID = '0123456789abcdef0123';

describe('router through CeilingApp: calls that do not exist', () => {
  it.each([['nope'], ['toString'], ['__proto__'], ['constructor'], [42], [null], ['items.get ']])(
    'answers %j with unknown_call',
    async (name) => {
      const ceiling = await app();
      const error = errorOf(await ceiling.router.call(name, {}), 'unknown_call');
      expect(error.message).toContain(JSON.stringify(name));
    },
  );
});

describe('router through CeilingApp: payloads that break the contract', () => {
  it.each([
    ['items.get', { id: '../etc/passwd' }, 'id'],
    ['items.get', { id: 'ABCDEF0123456789ABCD' }, 'id'],
    ['items.get', {}, 'id'],
    ['items.query', { limit: -1 }, 'limit'],
    ['items.query', { limit: 1_000_000 }, 'limit'],
    ['items.query', { limit: 2.5 }, 'limit'],
    ['items.query', { offset: -3 }, 'offset'],
    ['items.query', { filter: { split: 'validation' } }, 'filter.split'],
    ['items.query', { filter: { text: 'x'.repeat(201) } }, 'filter.text'],
    ['project.open', { datasetPath: '' }, 'datasetPath'],
    ['project.open', { datasetPath: 42 }, 'datasetPath'],
    ['project.open', undefined, 'datasetPath'],
    ['project.open', { datasetPath: '/tmp', projectDir: '' }, 'projectDir'],
    ['system.pickFolder', { title: 'x'.repeat(201) }, 'title'],
  ])('%s %j → invalid_input naming %s', async (name, input, field) => {
    const ceiling = await app();
    const error = errorOf(await ceiling.router.call(name, input), 'invalid_input');
    expect(error.message).toContain(name);
    expect(error.message).toContain(`${field}:`);
    expect(Array.isArray(error.details)).toBe(true);
  });

  it('validates before it asks for a project: a bad id is invalid_input even with no project open', async () => {
    const ceiling = await app();
    errorOf(await ceiling.router.call('items.get', { id: '../../x' }), 'invalid_input');
    expect(ceiling.currentProject).toBeNull();
  });

  it('fills in defaults: items.query with no input is valid (and then needs a project)', async () => {
    const ceiling = await app();
    errorOf(await ceiling.router.call('items.query', undefined), 'no_project');
    errorOf(await ceiling.router.call('items.query', {}), 'no_project');
  });
});

describe('router through CeilingApp: state and host', () => {
  it.each([
    ['import.run', {}],
    ['import.report', {}],
    ['items.query', { limit: 10 }],
    ['items.facets', {}],
    ['items.get', { id: VALID_ID }],
  ])('%s before a project is open → no_project', async (name, input) => {
    const ceiling = await app();
    const error = errorOf(await ceiling.router.call(name, input), 'no_project');
    expect(error.message).toMatch(/open a project/i);
  });

  it('answers the calls that need no project', async () => {
    const ceiling = await app();
    expect(valueOf(await ceiling.router.call('project.current', {}))).toBeNull();
    expect(valueOf(await ceiling.router.call('project.close', {}))).toEqual({ closed: false });
    expect(valueOf(await ceiling.router.call('project.recent', {}))).toEqual([]);
    expect(valueOf(await ceiling.router.call('import.cancel', {}))).toEqual({ cancelled: false });
    const info = valueOf(await ceiling.router.call('app.info', undefined));
    expect(info).toMatchObject({ version: '0.0.0-test', host: 'cli', node: process.versions.node });
  });

  it('system.pickFolder without a picker → unsupported', async () => {
    const ceiling = await app();
    errorOf(await ceiling.router.call('system.pickFolder', {}), 'unsupported');
  });

  it('system.pickFolder with a picker passes the title and returns the path', async () => {
    const titles: string[] = [];
    const ceiling = await app({
      pickFolder: async (title) => {
        titles.push(title);
        return '/some/folder';
      },
    });
    expect(valueOf(await ceiling.router.call('system.pickFolder', { title: 'Pick one' }))).toEqual({
      path: '/some/folder',
    });
    expect(valueOf(await ceiling.router.call('system.pickFolder', undefined))).toEqual({
      path: '/some/folder',
    });
    expect(titles[0]).toBe('Pick one');
    expect(titles[1]!.length).toBeGreaterThan(0);
  });

  it('project.open on a missing folder → not_found naming the path', async () => {
    const ceiling = await app();
    const missing = join(await temps.make(), 'no-such-dataset');
    const error = errorOf(await ceiling.router.call('project.open', { datasetPath: missing }), 'not_found');
    expect(error.message).toContain(missing);
  });

  it('project.open on a file that is not a manifest → invalid_input', async () => {
    const ceiling = await app();
    const root = await temps.make();
    const file = await put(root, 'picture.png', await pngBuffer(8, 8));
    errorOf(await ceiling.router.call('project.open', { datasetPath: file }), 'invalid_input');
  });

  it('project.open on a folder answers a summary that passes the output schema', async () => {
    const ceiling = await app();
    const root = await realpath(await temps.make());
    await mkdir(join(root, 'cat'));
    const summary = valueOf(await ceiling.router.call('project.open', { datasetPath: root }));
    expect(summary).toEqual({
      name: root.split('/').at(-1),
      datasetRoot: root,
      projectDir: join(root, '.ceiling'),
      importSource: { kind: 'folder' },
      itemCount: 0,
      lastImportAt: null,
      warnings: [],
    });
  });
});

describe('createRouter: handler results and failures', () => {
  /** A full handler table whose calls all answer through `impl` (the router is what is under test). */
  function routerWith(impl: (name: string, input: unknown) => Promise<unknown>) {
    const handlers = Object.fromEntries(
      CALL_NAMES.map((name) => [name, (input: unknown) => impl(name, input)]),
    );
    return createRouter(handlers as unknown as Handlers);
  }

  it('hands the handler the parsed input with defaults filled in', async () => {
    const seen: unknown[] = [];
    const router = routerWith(async (_name, input) => {
      seen.push(input);
      return { total: 0, offset: 0, items: [] };
    });
    valueOf(await router.call('items.query', { filter: { label: 'cat' }, extra: 'dropped' }));
    expect(seen).toEqual([{ filter: { label: 'cat' }, offset: 0, limit: 500 }]);
  });

  it('refuses output that breaks the contract with internal', async () => {
    const router = routerWith(async () => ({ total: 'many', offset: 0, items: [] }));
    const error = errorOf(await router.call('items.query', {}), 'internal');
    expect(error.message).toContain('items.query');
  });

  it('turns thrown errors into typed results', async () => {
    const throwing = (error: unknown) => routerWith(async () => Promise.reject(error));
    errorOf(await throwing(new ApiFailure('busy', 'busy now')).call('import.run', {}), 'busy');
    const abort = new AbortController();
    abort.abort();
    errorOf(await throwing(abort.signal.reason).call('import.run', {}), 'cancelled');
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(errorOf(await throwing(enoent).call('import.run', {}), 'io').message).toContain('ENOENT');
    expect(errorOf(await throwing(new TypeError('boom')).call('import.run', {}), 'internal').message).toBe(
      'boom',
    );
    errorOf(await throwing('a string').call('import.run', {}), 'internal');
  });
});
