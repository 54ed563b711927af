import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract';
import type { ImportReport } from '../../shared/import-report';
import { ApiFailure } from '../../shared/result';
import { EventBus } from './event-bus';
import type { ExportScope } from './exports/write-export';
import { LrFinderService } from './ml/lr-finder/lr-finder-service';
import { TrainingRuns } from './ml/runs/training-runs';
import { TuningStudies } from './tuning/tuning-studies';
import { belongsElsewhere, Project } from './projects/project';
import { RecentProjects } from './projects/recent-projects';
import { analysisHandlers } from './handlers/analysis-handlers';
import { appHandlers } from './handlers/app-handlers';
import { decompositionHandlers } from './handlers/decomposition-handlers';
import { importHandlers } from './handlers/import-handlers';
import { itemHandlers } from './handlers/item-handlers';
import { lrFinderHandlers } from './handlers/lr-finder-handlers';
import { projectHandlers } from './handlers/project-handlers';
import { splitHandlers } from './handlers/split-handlers';
import { trainingHandlers } from './handlers/training-handlers';
import { tuningHandlers } from './handlers/tuning-handlers';
import { predictionHandlers } from './handlers/prediction-handlers';
import { cleanupHandlers } from './handlers/cleanup-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { UserSettingsStore } from './settings/user-settings';
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
    private readonly settings: UserSettingsStore,
  ) {
    this.router = createRouter(this.handlers());
  }

  static async create(options: CeilingAppOptions): Promise<CeilingApp> {
    const home = options.home ?? defaultHome();
    await mkdir(home, { recursive: true });
    return new CeilingApp(options, await RecentProjects.open(home), await UserSettingsStore.open(home));
  }

  /** The open project, for the media routes (thumbnails, images by item id). */
  get currentProject(): Project | null {
    return this.project;
  }

  /** Where exports may go: the CLI's user names any path; the UI's hosts write inside the project only. */
  get exportScope(): ExportScope {
    return this.options.host === 'cli' ? 'anywhere' : 'project';
  }

  /** The open project, or a `no_project` failure for calls that need one. */
  requireProject(): Project {
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
    await TrainingRuns.stopFor(closing); // nor may a training worker's
    await LrFinderService.stopFor(closing); // nor an LR finder's
    await TuningStudies.stopFor(closing); // nor a tuning study's trials (paused, re-queued)
    await closing.close();
    this.events.emit('project.changed', null);
    return true;
  }

  /**
   * Open a project, making it the current one. The new one is opened before the current one is closed,
   * so a failed open leaves the user where they were.
   */
  async openProject(datasetPath: string, projectDir: string | undefined): Promise<Project> {
    if (this.importRun)
      throw new ApiFailure('busy', 'An import is running: cancel it before opening another project.');
    const requested = await Project.resolveLocation(datasetPath, projectDir);
    if (this.project && this.project.projectDir === requested.projectDir) {
      if (this.project.datasetRoot !== requested.datasetRoot) {
        throw belongsElsewhere(requested.projectDir, this.project.datasetRoot, requested.datasetRoot);
      }
      if (requested.manifest) await this.project.useManifest(requested.manifest);
      return this.project;
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
    this.events.emit('project.changed', project.summary());
    return project;
  }

  /** Import the current project's dataset; one import at a time, cancellable with `cancelImport`. */
  async runImport(): Promise<ImportReport> {
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
  }

  cancelImport(): boolean {
    if (!this.importRun) return false;
    this.importRun.controller.abort();
    return true;
  }

  private handlers(): Handlers {
    return {
      ...appHandlers(this, this.options),
      ...projectHandlers(this, this.recent),
      ...importHandlers(this),
      ...itemHandlers(this),
      ...decompositionHandlers(this),
      ...splitHandlers(this),
      ...trainingHandlers(this),
      ...predictionHandlers(this),
      ...analysisHandlers(this),
      ...cleanupHandlers(this, this.settings),
      ...settingsHandlers(this.settings),
      ...lrFinderHandlers(this),
      ...tuningHandlers(this),
    };
  }
}
