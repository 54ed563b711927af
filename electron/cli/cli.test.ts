import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBuffer, put, tempDirs } from '../services/test-support/fixtures';
import { runCli } from '../services/test-support/built-cli';

/** The real `ceiling` command (package.json bin → out/main/cli.js, built by `npm run build`). */
describe('ceiling CLI', () => {
  const temp = tempDirs();
  let dataset: string;
  let home: string;
  const run = (...args: string[]) => runCli(home, args);

  beforeAll(async () => {
    dataset = await temp.make();
    home = await temp.make();
    await put(dataset, 'studio/cat/a.png', await pngBuffer(12, 12, 1));
    await put(dataset, 'studio/dog/b.png', await pngBuffer(12, 12, 2));
    await put(dataset, 'phone/dog/c.png', await pngBuffer(12, 12, 3));
    await put(dataset, 'phone/dog/broken.png', 'not an image');
  });
  afterAll(() => temp.cleanupAll());

  it('imports with --json: the report as JSON, problems listed, exit 0', () => {
    const result = run('import', dataset, '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ items: 3, added: 3, removed: 0 });
    expect(report.problems).toEqual([
      expect.objectContaining({ path: 'phone/dog/broken.png', code: 'not-an-image' }),
    ]);
  });

  it('re-imports keeping every item, in words without --json', () => {
    const result = run('import', dataset);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported 3 items (0 added, 0 removed, 3 unchanged)');
    expect(result.stdout).toContain('phone/dog/broken.png: not a supported image');
  });

  it('prints info with the backend and the project counts', () => {
    const result = run('info', dataset, '--json');
    expect(result.status, result.stderr).toBe(0);
    const info = JSON.parse(result.stdout);
    expect(info.app.backend.name).toMatch(/^(tensorflow|wasm|cpu)$/);
    expect(info.project.itemCount).toBe(3);
    expect(info.facets.sources).toEqual([
      { value: 'phone', count: 1 },
      { value: 'studio', count: 2 },
    ]);
  });

  it('has --help for every command', () => {
    for (const command of ['import', 'info', 'serve']) {
      const result = run(command, '--help');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`ceiling ${command}`);
    }
    expect(run('--help').stdout).toMatch(/Commands:[\s\S]*import[\s\S]*info[\s\S]*serve/);
  });

  it('exits non-zero with a message on errors', () => {
    const missing = run('import', join(dataset, 'nope'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No dataset at');
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badOption = run('import', dataset, '--bogus');
    expect(badOption.status).toBe(1);
    expect(badOption.stderr).toContain("Unknown option '--bogus'");
  });

  it('refuses a second writer on the same project with a clear message', async () => {
    const { CeilingApp } = await import('../services/ceiling-app');
    const holder = await CeilingApp.create({ host: 'web', version: 'test', home });
    expect((await holder.router.call('project.open', { datasetPath: dataset })).ok).toBe(true);
    try {
      const result = run('info', dataset);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/open in another Ceiling instance \(web test, process \d+/);
    } finally {
      await holder.closeProject();
    }
  });
});
