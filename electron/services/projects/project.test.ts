import { mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectSummary } from '../../../shared/project';
import type { CeilingApp } from '../ceiling-app';
import { ITEM_INDEX_FILE } from '../items/item-index';
import { createTestApp, valueOf } from '../test-support/app';
import { pngBuffer, put, tempDirs } from '../test-support/fixtures';
import { Project } from './project';

const temps = tempDirs('ceiling-project-');
const apps: CeilingApp[] = [];
const projects: Project[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.closeProject();
  for (const project of projects.splice(0)) await project.close();
  await temps.cleanupAll();
});

/** A dataset with one image and a `.ceiling` folder holding `project.json` with `content`. */
async function datasetWithProjectFile(content: string) {
  const root = await realpath(await temps.make());
  await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
  const projectDir = join(root, '.ceiling');
  await mkdir(projectDir);
  await writeFile(join(projectDir, 'project.json'), content);
  return { root, projectDir };
}

async function openProject(root: string): Promise<Project> {
  const project = await Project.open(root, undefined, 'test');
  projects.push(project);
  return project;
}

async function brokenCopies(projectDir: string): Promise<string[]> {
  return (await readdir(projectDir)).filter((name) => name.startsWith('project.json.broken-'));
}

describe('Project.open with a damaged project.json', () => {
  it('keeps a file that does not parse as project.json.broken-*, opens, and warns', async () => {
    const damaged = '{"schemaVersion": 1, "name": "mine", ';
    const { root, projectDir } = await datasetWithProjectFile(damaged);
    const project = await openProject(root);

    const copies = await brokenCopies(projectDir);
    expect(copies).toHaveLength(1);
    expect(await readFile(join(projectDir, copies[0]!), 'utf8')).toBe(damaged);
    const warnings = project.summary().warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('not valid JSON');
    expect(warnings[0]).toContain(copies[0]!);
    // A fresh, valid document replaced it.
    const fresh = JSON.parse(await readFile(join(projectDir, 'project.json'), 'utf8'));
    expect(fresh).toMatchObject({ schemaVersion: 1, importSource: { kind: 'folder' }, lastImportAt: null });
  });

  it('treats a schema-invalid project.json the same way', async () => {
    const invalid = JSON.stringify({
      schemaVersion: 1,
      name: 42,
      createdAt: 'x',
      importSource: { kind: 'ftp' },
    });
    const { root, projectDir } = await datasetWithProjectFile(invalid);
    const project = await openProject(root);
    const copies = await brokenCopies(projectDir);
    expect(copies).toHaveLength(1);
    expect(await readFile(join(projectDir, copies[0]!), 'utf8')).toBe(invalid);
    expect(project.summary().warnings[0]).toContain('does not match the expected format');
  });

  it('refuses a project.json from a newer schema version and leaves it untouched', async () => {
    const newer = JSON.stringify({
      schemaVersion: 2,
      name: 'n',
      createdAt: 'x',
      importSource: { kind: 'folder' },
      lastImportAt: null,
    });
    const { root, projectDir } = await datasetWithProjectFile(newer);
    await expect(openProject(root)).rejects.toThrow(/written by a newer Ceiling \(document version 2/);
    expect(await brokenCopies(projectDir)).toHaveLength(0);
    expect(await readFile(join(projectDir, 'project.json'), 'utf8')).toBe(newer);
  });

  // JSON `null` parses: it must not be mistaken for "no file yet" and overwritten.
  it('keeps and reports a project.json whose content is the JSON value null', async () => {
    const { root, projectDir } = await datasetWithProjectFile('null');
    const project = await openProject(root);
    expect(await brokenCopies(projectDir)).toHaveLength(1);
    expect(project.summary().warnings).toHaveLength(1);
  });

  it('reports the warning through project.open on the router, and the project still imports', async () => {
    const { root, projectDir } = await datasetWithProjectFile('not json at all');
    const app = await createTestApp(await temps.make());
    apps.push(app);
    const summary = valueOf<ProjectSummary>(await app.router.call('project.open', { datasetPath: root }));
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/project\.json.*not valid JSON/);
    expect(valueOf<{ items: number }>(await app.router.call('import.run', {})).items).toBe(1);
    expect(await brokenCopies(projectDir)).toHaveLength(1);
  });

  it('opens a healthy project without warnings or backups', async () => {
    const root = await realpath(await temps.make());
    const first = await Project.open(root, undefined, 'test');
    await first.close();
    const project = await openProject(root);
    expect(project.summary().warnings).toEqual([]);
    expect(await brokenCopies(join(root, '.ceiling'))).toEqual([]);
  });
});

describe('Project.open with a damaged item index', () => {
  // DESIGN §6: a project file that does not parse is kept, backed up and reported; items.json is
  // silently dropped today, so the user sees an empty project with no explanation.
  it('warns when items.json does not parse', async () => {
    const root = await realpath(await temps.make());
    await put(root, 'cat/a.png', await pngBuffer(8, 8, 1));
    const project = await openProject(root);
    await project.runImport(new AbortController().signal, () => undefined);
    await project.close();
    await writeFile(join(root, '.ceiling', ITEM_INDEX_FILE), '{"schemaVersion": 1, "items": [');

    const reopened = await openProject(root);
    expect(reopened.summary().itemCount).toBe(0);
    expect(reopened.summary().warnings.join(' ')).toContain(ITEM_INDEX_FILE);
  });
});
