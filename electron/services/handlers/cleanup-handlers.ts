import type { cleanupCalls } from '../../../shared/calls/cleanup-calls';
import type { CeilingApp } from '../ceiling-app';
import { exportCleanup, beforeAfterReport } from '../cleanup/cleanup-reports';
import { CleanupService } from '../cleanup/cleanup-service';
import type { HandlersOf } from '../router';
import type { UserSettingsStore } from '../settings/user-settings';

export function cleanupHandlers(
  app: CeilingApp,
  settings: UserSettingsStore,
): HandlersOf<typeof cleanupCalls> {
  const cleanup = () => CleanupService.of(app.requireProject());
  return {
    'cleanup.session.get': async () => cleanup().session(settings.reviewer()),
    'cleanup.session.save': async ({ policy }) => cleanup().savePolicy(policy, settings.reviewer()),
    'cleanup.crossValidate': async (request) => {
      const project = app.requireProject();
      return CleanupService.of(project).crossValidate(
        request,
        () => app.currentProject === project,
        (progress) => app.events.emit('cleanup.crossValidate.progress', progress),
      );
    },
    'cleanup.outOfFold': async () => cleanup().outOfFold(),
    'cleanup.queue': async () => cleanup().queue(),
    'cleanup.decide': async (input) => cleanup().decide(input, settings.reviewer()),
    'cleanup.undo': async ({ seq }) => cleanup().undo(seq, settings.reviewer()),
    'cleanup.log': async () => {
      const { entries, revision, problems, tornTail } = await cleanup().log.read();
      return { entries, revision, problems, tornTail };
    },
    'cleanup.coverage': async () => cleanup().coverage(),
    'cleanup.systematic': async () => cleanup().systematic(),
    'cleanup.beforeAfter': async ({ runId }) => beforeAfterReport(app.requireProject(), cleanup(), runId),
    'cleanup.export': async ({ kind, path }) =>
      exportCleanup(app.requireProject(), cleanup(), kind, path, app.exportScope),
  };
}
