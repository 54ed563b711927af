import type { projectCalls } from '../../../shared/calls/project-calls';
import type { CeilingApp } from '../ceiling-app';
import type { RecentProjects } from '../projects/recent-projects';
import type { HandlersOf } from '../router';

export function projectHandlers(app: CeilingApp, recent: RecentProjects): HandlersOf<typeof projectCalls> {
  return {
    'project.open': async ({ datasetPath, projectDir }) =>
      (await app.openProject(datasetPath, projectDir)).summary(),
    'project.current': async () => app.currentProject?.summary() ?? null,
    'project.close': async () => ({ closed: await app.closeProject() }),
    'project.recent': async () => recent.list(),
  };
}
