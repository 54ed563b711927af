import type { lrFinderCalls } from '../../../shared/calls/lr-finder-calls';
import { summarizeLrFind } from '../../../shared/tuning/lr-find-result';
import type { CeilingApp } from '../ceiling-app';
import { LrFinderService } from '../ml/lr-finder/lr-finder-service';
import type { HandlersOf } from '../router';

export function lrFinderHandlers(app: CeilingApp): HandlersOf<typeof lrFinderCalls> {
  const service = () => LrFinderService.of(app.requireProject());
  return {
    'lrFind.run': async ({ config, ...settings }) => {
      const project = app.requireProject();
      return LrFinderService.of(project).run(
        config,
        settings,
        (progress) => app.events.emit('lrFind.progress', progress),
        () => app.currentProject === project,
      );
    },
    'lrFind.cancel': async () => ({ cancelled: service().cancel() }),
    'lrFind.list': async () => (await service().list()).map(summarizeLrFind),
    'lrFind.get': async ({ id }) => service().get(id),
  };
}
