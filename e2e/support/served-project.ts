import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../electron/host/web-host';
import { APP_VERSION, RENDERER_DIR } from '../../electron/services/app-paths';
import { CeilingApp } from '../../electron/services/ceiling-app';

export interface ServedProject {
  host: WebHost;
  app: CeilingApp;
  /** Temp folder holding the project state and the per-user home; removed by `stop`. */
  scratch: string;
  stop(): Promise<void>;
}

/**
 * The real web host on a real dataset, as `ceiling serve` runs it, with the project state in a temp
 * folder so the tests never write into the repository. The UI must be built (`npm run build`).
 */
export async function serveDataset(dataset: string): Promise<ServedProject> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The UI is not built (${RENDERER_DIR} is missing): run \`npm run build\` first.`);
  }
  const scratch = await mkdtemp(join(tmpdir(), 'ceiling-e2e-'));
  const app = await CeilingApp.create({ host: 'web', version: APP_VERSION, home: join(scratch, 'home') });
  const opened = await app.router.call('project.open', {
    datasetPath: dataset,
    projectDir: join(scratch, 'project'),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const host = await startWebHost({ app, rendererDir: RENDERER_DIR });
  return {
    host,
    app,
    scratch,
    async stop() {
      await host.close();
      await app.closeProject();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', 'screenshots');
