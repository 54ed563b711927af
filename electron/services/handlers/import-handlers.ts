import type { importCalls } from '../../../shared/calls/import-calls';
import type { CeilingApp } from '../ceiling-app';
import type { HandlersOf } from '../router';

export function importHandlers(app: CeilingApp): HandlersOf<typeof importCalls> {
  return {
    'import.run': () => app.runImport(),
    'import.cancel': async () => ({ cancelled: app.cancelImport() }),
    'import.report': async () => app.requireProject().lastImportReport(),
  };
}
