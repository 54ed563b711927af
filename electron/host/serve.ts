import type { ProjectSummary } from '../../shared/project';
import { APP_VERSION, RENDERER_DIR } from '../services/app-paths';
import { CeilingApp } from '../services/ceiling-app';
import { startWebHost, type WebHost } from './web-host';

export interface ServeOptions {
  dataset: string;
  projectDir?: string;
  port?: number;
  home?: string;
}

/**
 * Open a project and serve the UI for it on 127.0.0.1: used by `ceiling serve` and by `npm start` where
 * no Electron binary can run. Throws the router's message if the project cannot be opened.
 */
export async function serveProject(
  options: ServeOptions,
): Promise<{ host: WebHost; app: CeilingApp; project: ProjectSummary }> {
  const app = await CeilingApp.create({ host: 'web', version: APP_VERSION, home: options.home });
  const opened = await app.router.call('project.open', {
    datasetPath: options.dataset,
    projectDir: options.projectDir,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const host = await startWebHost({ app, rendererDir: RENDERER_DIR, port: options.port });
  const stop = async (): Promise<void> => {
    await host.close();
    await app.closeProject();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return { host, app, project: opened.value as ProjectSummary };
}
