import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract';
import { ApiFailure } from '../../shared/result';
import { EventBus } from './event-bus';
import { probeBackend } from './ml/backend-probe';
import { belongsElsewhere, Project } from './projects/project';
import { RecentProjects } from './projects/recent-projects';
import { createRouter, type Handlers, type Router } from './router';

export interface CeilingAppOptions {
  /** Where per-user state lives (recent projects). Default: $CEILING_HOME or ~/.config/ceiling. */
  home?: string;
  host: AppInfo['host'];
  version: string;
  /** A native folder picker, where the host has one (Electron). */
  pickFolder?: (title: string) => Promise<string | null>;
}

export function defaultHome(): string {
  return (
    process.env.CEILING_HOME ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'ceiling')
  );
}

/**
 * The application as plain Node: one open project at a time, the long jobs running on it, and the
 * handlers for every call of the contract. The Electron shell, the web host and the CLI each make one
 * of these and talk to it only through `router`.
 */
export class CeilingApp {
  readonly events = new EventBus();
  readonly router: Router;
  private project: Project | null = null;
  /** The running import: its abort switch and its end, awaited before the project's lock is released. */
  private importRun: { controller: AbortController; finished: Promise<unknown> } | null = null;

  private constructor(
    private readonly options: CeilingAppOptions,
    private readonly recent: RecentProjects,
  ) {
    this.router = createRouter(this.handlers());
  }

  static async create(options: CeilingAppOptions): Promise<CeilingApp> {
    const home = options.home ?? defaultHome();
    await mkdir(home, { recursive: true });
    return new CeilingApp(options, await RecentProjects.open(home));
  }

  /** The open project, for the media routes (thumbnails, images by item id). */
  get currentProject(): Project | null {
    return this.project;
  }

  private requireProject(): Project {
    if (!this.project) throw new ApiFailure('no_project', 'Open a project first.');
    return this.project;
  }

  async closeProject(): Promise<boolean> {
    if (!this.project) return false;
    const closing = this.project;
    this.project = null;
    if (this.importRun) {
      this.importRun.controller.abort();
      await this.importRun.finished.catch(() => undefined); // no write may follow the lock's release
    }
    await closing.close();
    this.events.emit('project.changed', null);
    return true;
  }

  private handlers(): Handlers {
    return {
      'app.info': async () => ({
        version: this.options.version,
        host: this.options.host,
        backend: probeBackend(),
        node: process.versions.node,
        platform: `${process.platform}-${process.arch}`,
      }),
      'project.open': async ({ datasetPath, projectDir }) => {
        if (this.importRun)
          throw new ApiFailure('busy', 'An import is running: cancel it before opening another project.');
        // Open the new project before closing the current one, so a failed open leaves the user where they were.
        const requested = await Project.resolveLocation(datasetPath, projectDir);
        if (this.project && this.project.projectDir === requested.projectDir) {
          if (this.project.datasetRoot !== requested.datasetRoot) {
            throw belongsElsewhere(requested.projectDir, this.project.datasetRoot, requested.datasetRoot);
          }
          if (requested.manifest) await this.project.useManifest(requested.manifest);
          return this.project.summary();
        }
        const project = await Project.open(
          datasetPath,
          projectDir,
          `${this.options.host} ${this.options.version}`,
        );
        await this.closeProject();
        this.project = project;
        await this.recent.remember({
          name: project.name,
          datasetRoot: project.datasetRoot,
          projectDir: project.projectDir,
        });
        const summary = project.summary();
        this.events.emit('project.changed', summary);
        return summary;
      },
      'project.current': async () => this.project?.summary() ?? null,
      'project.close': async () => ({ closed: await this.closeProject() }),
      'project.recent': async () => this.recent.list(),
      'import.run': async () => {
        const project = this.requireProject();
        if (this.importRun) throw new ApiFailure('busy', 'An import is already running.');
        const run = new AbortController();
        const finished = project.runImport(run.signal, (progress) =>
          this.events.emit('import.progress', progress),
        );
        this.importRun = { controller: run, finished };
        try {
          const report = await finished;
          this.events.emit('project.changed', project.summary());
          return report;
        } catch (error) {
          if (run.signal.aborted)
            throw new ApiFailure('cancelled', 'Import cancelled: the previous item index is unchanged.');
          throw error;
        } finally {
          this.importRun = null;
        }
      },
      'import.cancel': async () => {
        if (!this.importRun) return { cancelled: false };
        this.importRun.controller.abort();
        return { cancelled: true };
      },
      'import.report': async () => this.requireProject().lastImportReport(),
      'items.query': async ({ filter, offset, limit }) => {
        const index = this.requireProject().index;
        return index ? index.query(filter, offset, limit) : { total: 0, offset, items: [] };
      },
      'items.facets': async () => {
        const index = this.requireProject().index;
        return index ? index.facets() : { total: 0, labels: [], sources: [], splits: [] };
      },
      'items.get': async ({ id }) => {
        const item = this.requireProject().index?.get(id);
        if (!item) throw new ApiFailure('not_found', `No item with id ${id}.`);
        return item;
      },
      'system.pickFolder': async ({ title }) => {
        if (!this.options.pickFolder) {
          throw new ApiFailure(
            'unsupported',
            'There is no folder picker here: type the folder path instead.',
          );
        }
        return { path: await this.options.pickFolder(title ?? 'Open a dataset folder') };
      },
    };
  }
}
