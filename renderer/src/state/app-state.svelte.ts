import type { AppInfo } from '../../../shared/contract';
import type { ImportProgress, ImportReport } from '../../../shared/import-report';
import type { Facets } from '../../../shared/items';
import type { ProjectSummary, RecentProject } from '../../../shared/project';
import { api, CallError } from '../api/client';

/**
 * App-wide state: which project is open, its facets, the running import and the last report.
 * Screens read these fields; only the methods here change them.
 */
class AppState {
  info = $state<AppInfo | null>(null);
  project = $state<ProjectSummary | null>(null);
  recent = $state<RecentProject[]>([]);
  facets = $state<Facets | null>(null);
  progress = $state<ImportProgress | null>(null);
  importing = $state(false);
  report = $state<ImportReport | null>(null);
  /** The last failure, shown in a banner until dismissed. */
  error = $state<string | null>(null);
  /** Bumped whenever the item index changes, so the grid reloads. */
  itemsVersion = $state(0);
  /** The id of the screen shown for the open project (see screens/screens.ts). */
  screen = $state('browse');
  /** The user asked to pick another project while one is open. */
  choosingProject = $state(false);

  async init(): Promise<void> {
    api.on('import.progress', (progress) => (this.progress = progress));
    api.on('project.changed', (project) => (this.project = project));
    await this.attempt(async () => {
      [this.info, this.project, this.recent] = await Promise.all([
        api.get('app.info', {}),
        api.get('project.current', {}),
        api.get('project.recent', {}),
      ]);
      await this.afterOpen();
    });
  }

  async openProject(datasetPath: string): Promise<boolean> {
    return this.attempt(async () => {
      this.project = await api.get('project.open', { datasetPath: datasetPath.trim() });
      this.choosingProject = false;
      this.recent = await api.get('project.recent', {});
      await this.afterOpen();
    });
  }

  async pickFolder(): Promise<string | null> {
    const result = await api.call('system.pickFolder', { title: 'Open a dataset folder' });
    return result.ok ? result.value.path : null;
  }

  /** A project that was never imported is imported at once; otherwise its data is loaded. */
  private async afterOpen(): Promise<void> {
    if (!this.project) return;
    this.report = await api.get('import.report', {});
    if (this.project.lastImportAt === null) await this.runImport();
    else await this.refreshItems();
  }

  async runImport(): Promise<void> {
    if (this.importing) return;
    this.importing = true;
    this.progress = null;
    const result = await api.call('import.run', {});
    this.importing = false;
    if (result.ok) this.report = result.value;
    else this.error = result.error.message;
    await this.refreshItems();
  }

  async cancelImport(): Promise<void> {
    await api.call('import.cancel', {});
  }

  private async refreshItems(): Promise<void> {
    this.facets = await api.get('items.facets', {});
    this.project = await api.get('project.current', {});
    this.itemsVersion++;
  }

  /** Run an action; a failure becomes the banner message instead of an unhandled rejection. */
  private async attempt(action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      this.error =
        error instanceof CallError ? error.message : `Unexpected error: ${(error as Error).message}`;
      return false;
    }
  }
}

export const appState = new AppState();
