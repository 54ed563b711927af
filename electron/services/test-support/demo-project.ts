/**
 * A real Fashion-MNIST project for the service tests that train (training, LR finder, tuning): a few of
 * the demo's studio PNGs per class in a temp dataset, opened and imported in a real CeilingApp.
 */
import { join } from 'node:path';
import type { ApiEvent } from '../../../shared/contract';
import type { CeilingApp } from '../ceiling-app';
import { createTestApp, valueOf } from './app';
import { copyDemoStudio } from './demo-images';

export interface DemoProject {
  app: CeilingApp;
  dataset: string;
  projectDir: string;
}

/**
 * A CeilingApp with a project open on `perClass` demo images per class, imported. The split is not
 * frozen: tests check that training-like calls refuse first, then freeze it themselves. `onEvent`
 * is subscribed before the project opens, so it sees every event.
 */
export async function openDemoProject(
  temps: { make(): Promise<string> },
  perClass: number,
  onEvent?: (event: ApiEvent) => void,
): Promise<DemoProject> {
  const dataset = await temps.make();
  await copyDemoStudio(dataset, perClass);
  const projectDir = join(await temps.make(), 'project');
  const app = await createTestApp(await temps.make());
  if (onEvent) app.events.subscribe(onEvent);
  valueOf(await app.router.call('project.open', { datasetPath: dataset, projectDir }));
  valueOf(await app.router.call('import.run', {}));
  return { app, dataset, projectDir };
}
