import type { ImportProgress } from '../../../shared/import-report';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling import <dataset> [--project-dir <dir>] [--json]

Import a dataset folder (class/*.png or source/class/*.png) or a CSV/JSONL manifest
(path,label[,source][,split]) into its project (<dataset>/.ceiling by default).
Re-importing picks up added and removed files and keeps the ids of unchanged ones.
Progress goes to stderr; Ctrl+C cancels and leaves the previous index as it was.`;

function formatProgress(progress: ImportProgress): string {
  if (progress.phase === 'scanning') return 'scanning…';
  const eta = progress.etaSeconds === null ? '' : ` · ETA ${Math.ceil(progress.etaSeconds)} s`;
  return `${progress.phase} ${progress.done}/${progress.total} · ${progress.rate.toFixed(0)} files/s${eta} · ${progress.problems} problems`;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import a dataset folder or manifest',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, COMMON_OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset folder or manifest to import.\n\n${usage}`);
    await withProject(dataset, values['project-dir'], async (app) => {
      const live = process.stderr.isTTY;
      app.events.subscribe((event) => {
        if (event.name !== 'import.progress') return;
        const progress = event.payload as ImportProgress;
        if (live) process.stderr.write(`\r\x1b[2K${formatProgress(progress)}`);
        else if (progress.phase !== 'reading') process.stderr.write(`${formatProgress(progress)}\n`);
      });
      process.once('SIGINT', () => void app.router.call('import.cancel', {}));
      const report = await call(app, 'import.run', {});
      if (live) process.stderr.write('\n');
      if (values.json) return printJson(report);
      console.log(
        `Imported ${report.items} items (${report.added} added, ${report.removed} removed, ${report.unchanged} unchanged) ` +
          `in ${report.seconds.toFixed(1)} s.`,
      );
      console.log(
        `${report.problems.length} problems, ${report.duplicateGroups.length} groups of exact duplicates.`,
      );
      for (const problem of report.problems.slice(0, 20)) {
        console.log(`  ${problem.line ? `line ${problem.line}: ` : ''}${problem.path}: ${problem.reason}`);
      }
      if (report.problems.length > 20)
        console.log(`  … and ${report.problems.length - 20} more (use --json).`);
    });
  },
};
