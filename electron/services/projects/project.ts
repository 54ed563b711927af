import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  ImportReportSchema,
  ImportSourceSchema,
  type ImportProgress,
  type ImportReport,
} from '../../../shared/import-report';
import type { ProjectSummary } from '../../../shared/project';
import { ApiFailure } from '../../../shared/result';
import { importDataset } from '../import/import-dataset';
import { ItemIndex } from '../items/item-index';
import { writeFileAtomic } from '../storage/atomic-write';
import { openJsonDocument, type OpenedDocument } from '../storage/json-document';
import { acquireProjectLock } from './project-lock';

export const PROJECT_FOLDER = '.ceiling';
const PROJECT_FILE = 'project.json';
const IMPORT_REPORT_FILE = 'import-report.json';

/** The project document: small, user-owned settings (lowdb). Later features add documents of their own. */
const ProjectDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string(),
  /** The dataset this state belongs to: a project folder is never silently reused for another dataset. */
  datasetRoot: z.string(),
  createdAt: z.string(),
  importSource: ImportSourceSchema,
  lastImportAt: z.string().nullable(),
});
type ProjectDocument = z.infer<typeof ProjectDocumentSchema>;

const ImportReportFileSchema = z.object({ schemaVersion: z.literal(1), report: ImportReportSchema });

export function belongsElsewhere(projectDir: string, recordedRoot: string, datasetRoot: string): ApiFailure {
  return new ApiFailure(
    'invalid_input',
    `The project folder ${projectDir} belongs to the dataset ${recordedRoot}, not ${datasetRoot}. Choose another project folder.`,
  );
}

function isManifestFile(path: string): boolean {
  return /\.(csv|jsonl)$/i.test(path);
}

/**
 * An open project: the dataset root, the folder of project state, the lock that makes this process its
 * only writer, the project document and the item index.
 */
export class Project {
  private constructor(
    readonly datasetRoot: string,
    readonly projectDir: string,
    private readonly document: OpenedDocument<ProjectDocument>,
    private readonly releaseLock: () => Promise<void>,
    public index: ItemIndex | null,
    private readonly warnings: string[],
  ) {}

  /**
   * Open the project of a dataset folder or manifest file, creating its state folder on first use.
   * Refuses with `project_locked` when another instance holds it.
   */
  static async open(
    datasetPath: string,
    projectDirOption: string | undefined,
    appName: string,
  ): Promise<Project> {
    const { datasetRoot, projectDir, manifest } = await Project.resolveLocation(
      datasetPath,
      projectDirOption,
    );
    try {
      await mkdir(projectDir, { recursive: true });
    } catch (error) {
      throw new ApiFailure(
        'io',
        `Cannot create the project folder ${projectDir} (${(error as NodeJS.ErrnoException).code}). Choose another project folder.`,
      );
    }
    const releaseLock = await acquireProjectLock(projectDir, appName);
    try {
      const document = await openJsonDocument(join(projectDir, PROJECT_FILE), ProjectDocumentSchema, () => ({
        schemaVersion: 1 as const,
        name: basename(datasetRoot),
        datasetRoot,
        createdAt: new Date().toISOString(),
        importSource: manifest
          ? { kind: 'manifest' as const, manifestPath: manifest }
          : { kind: 'folder' as const },
        lastImportAt: null,
      }));
      const warnings: string[] = [];
      if (document.problem) {
        warnings.push(
          `The project file ${document.problem}. It was kept as ${document.backedUpTo} and a fresh one started.`,
        );
      }
      const recordedRoot = document.db.data.datasetRoot;
      if (recordedRoot !== datasetRoot) {
        if (projectDir !== join(datasetRoot, PROJECT_FOLDER))
          throw belongsElsewhere(projectDir, recordedRoot, datasetRoot);
        // The default state folder travels inside its dataset: the dataset was moved or renamed.
        warnings.push(`This dataset was at ${recordedRoot} before; the project follows it here.`);
        await document.db.update((data) => (data.datasetRoot = datasetRoot));
      }
      const loaded = await ItemIndex.load(projectDir);
      if (loaded.problem) {
        warnings.push(
          `${loaded.problem} It was kept as ${loaded.backedUpTo}; re-import to rebuild the item index.`,
        );
      }
      const project = new Project(datasetRoot, projectDir, document, releaseLock, loaded.index, warnings);
      if (manifest) await project.useManifest(manifest);
      return project;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }

  /**
   * Where a dataset path leads: its real root folder, the manifest if a file was given, and the project
   * folder (`<root>/.ceiling` unless chosen). Checks that the dataset exists; creates nothing.
   */
  static async resolveLocation(
    datasetPath: string,
    projectDirOption: string | undefined,
  ): Promise<{ datasetRoot: string; projectDir: string; manifest: string | null }> {
    const given = resolve(datasetPath);
    let info;
    try {
      info = await stat(given);
    } catch {
      throw new ApiFailure('not_found', `No dataset at ${given}.`);
    }
    const manifest = info.isFile() && isManifestFile(given) ? await realpath(given) : null;
    if (info.isFile() && !manifest) {
      throw new ApiFailure('invalid_input', `${given} is a file but not a .csv or .jsonl manifest.`);
    }
    const datasetRoot = await realpath(manifest ? dirname(given) : given);
    return {
      datasetRoot,
      projectDir: resolve(projectDirOption ?? join(datasetRoot, PROJECT_FOLDER)),
      manifest,
    };
  }

  /**
   * Import from this manifest from now on. Opening the dataset folder itself keeps the project's source
   * as it was (folder or manifest); naming a manifest switches to it.
   */
  async useManifest(manifestPath: string): Promise<void> {
    const current = this.document.db.data.importSource;
    if (current.kind === 'manifest' && current.manifestPath === manifestPath) return;
    await this.document.db.update((data) => (data.importSource = { kind: 'manifest', manifestPath }));
  }

  get name(): string {
    return this.document.db.data.name;
  }

  summary(): ProjectSummary {
    const data = this.document.db.data;
    return {
      name: data.name,
      datasetRoot: this.datasetRoot,
      projectDir: this.projectDir,
      importSource: data.importSource,
      itemCount: this.index?.size ?? 0,
      lastImportAt: data.lastImportAt,
      warnings: this.warnings,
    };
  }

  /** Import (or re-import) the dataset; the previous index stays in force if this fails or is cancelled. */
  async runImport(
    signal: AbortSignal,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ImportReport> {
    const { index, report } = await importDataset({
      realRoot: this.datasetRoot,
      projectDir: this.projectDir,
      source: this.document.db.data.importSource,
      previous: this.index,
      signal,
      onProgress,
    });
    this.index = index;
    await writeFileAtomic(
      join(this.projectDir, IMPORT_REPORT_FILE),
      JSON.stringify({ schemaVersion: 1, report }, null, 1),
    );
    await this.document.db.update((data) => (data.lastImportAt = report.finishedAt));
    return report;
  }

  async lastImportReport(): Promise<ImportReport | null> {
    try {
      const parsed = ImportReportFileSchema.safeParse(
        JSON.parse(await readFile(join(this.projectDir, IMPORT_REPORT_FILE), 'utf8')),
      );
      return parsed.success ? parsed.data.report : null;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await this.releaseLock();
  }
}
