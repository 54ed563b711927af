import { resolve } from 'node:path';
import { percent, percentOf, points } from '../../../shared/analysis/ceiling-format';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';
import { newestSample } from './sample-command';

const usage = `ceiling report <dataset> [--sample <id>] [options]

The ceiling table of an error-analysis sample (default: the newest): per category the count, its share
of the sampled errors with a 95 % Wilson interval (finite-population corrected), the ceiling — the best
dev error if that kind of error were fully fixed, dev error × (1 − share) — with its interval, and the
gain; sorted by gain, with an untagged row.

  --csv <file>          write the table as CSV
  --items-csv <file>    write the sample's items (id, path, split, given, predicted, confidence,
                        categories, note, corrected label) as CSV
  --markdown            print the table as Markdown
  --json                print the report as JSON`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  sample: { type: 'string' },
  csv: { type: 'string' },
  'items-csv': { type: 'string' },
  markdown: { type: 'boolean', default: false },
} as const;

export const reportCommand: Command = {
  name: 'report',
  summary: 'the ceiling table of a sample (CSV, Markdown, JSON)',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset.\n\n${usage}`);
    await withProject(dataset, values['project-dir'], async (app) => {
      const sampleId = values.sample ?? (await newestSample(app));
      const report = await call(app, 'analysis.report', { sampleId });
      const written: string[] = [];
      if (values.csv) {
        const result = await call(app, 'analysis.export', {
          sampleId,
          kind: 'ceiling',
          path: resolve(values.csv),
        });
        written.push(`Wrote the ceiling table (${result.rows} rows) to ${result.path}`);
      }
      if (values['items-csv']) {
        const result = await call(app, 'analysis.export', {
          sampleId,
          kind: 'items',
          path: resolve(values['items-csv']),
        });
        written.push(`Wrote ${result.rows} items to ${result.path}`);
      }
      for (const line of written) console.error(line);
      if (values.json) return printJson(report);
      if (values.markdown) {
        process.stdout.write((await call(app, 'analysis.markdown', { sampleId })).markdown);
        return;
      }
      console.log(
        `Sample ${report.sampleId} of run ${report.runId} (seed ${report.seed}): ${report.sampleSize} of ${report.errorsInPool} errors, ${report.tagged} tagged · dev error ${percent(report.devErrorPercent)}`,
      );
      const header = ['category', 'count', 'share', '95% CI', 'ceiling', 'ceiling 95% CI', 'gain'];
      const rows = report.table.rows.map((row) => [
        row.kind === 'untagged' ? '(untagged)' : row.name,
        String(row.count),
        percentOf(row.share),
        `${percentOf(row.shareLow)}–${percentOf(row.shareHigh)}`,
        percent(row.ceilingPercent),
        `${percent(row.ceilingLowPercent)}–${percent(row.ceilingHighPercent)}`,
        points(row.gainPoints),
      ]);
      const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
      const line = (cells: string[]) =>
        cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
      console.log(line(header));
      for (const row of rows) console.log(line(row));
      for (const note of report.table.notes) console.log(`· ${note}`);
    });
  },
};
