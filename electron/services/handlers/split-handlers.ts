import type { splitCalls } from '../../../shared/calls/split-calls';
import { toCsv } from '../../../shared/csv/to-csv';
import type { CeilingApp } from '../ceiling-app';
import { writeExport } from '../exports/write-export';
import type { HandlersOf } from '../router';
import { SplitService } from '../splits/split-service';

const EXPORT_COLUMNS = ['id', 'path', 'label', 'source', 'split'] as const;

export function splitHandlers(app: CeilingApp): HandlersOf<typeof splitCalls> {
  const service = () => SplitService.of(app.requireProject());
  const progress = (payload: Parameters<Parameters<SplitService['preview']>[1]>[0]) =>
    app.events.emit('split.progress', payload);
  return {
    'split.preview': async (settings) => (await service()).preview(settings, progress),
    'split.freeze': async (settings) => {
      const frozen = await (await service()).freeze(settings, progress);
      // the items' splits changed: every screen reloads its facets and grid
      app.events.emit('project.changed', app.requireProject().summary());
      return frozen;
    },
    'split.current': async () => (await service()).state(),
    'split.export': async ({ version, preview, path }) => {
      const project = app.requireProject();
      const { name, rows } = await (await service()).exportRows({ version, settings: preview }, progress);
      const written = await writeExport(
        project.projectDir,
        name,
        toCsv(EXPORT_COLUMNS, rows),
        path,
        app.exportScope,
      );
      return { path: written, rows: rows.length };
    },
  };
}
