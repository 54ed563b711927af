import { resolve } from 'node:path';
import { SPLITS } from '../../../shared/splits';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling import-predictions <dataset> <file.csv> [--json]

Import predictions made by any framework as a model run over the frozen split. The CSV's header names
"id" or "path", "predicted", and optionally "p_<class>" columns (one per class, each row summing to 1).
Bad rows are reported by line and skipped; items of the split the CSV does not predict are counted.`;

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);

export const importPredictionsCommand: Command = {
  name: 'import-predictions',
  summary: 'import a predictions CSV from any framework as a model run',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, COMMON_OPTIONS);
    const [dataset, file] = positionals;
    if (!dataset || !file) throw new CliError(`Give the dataset and the predictions CSV.\n\n${usage}`);
    const report = await withProject(dataset, values['project-dir'], (app) =>
      call(app, 'predictions.import', { path: resolve(file) }),
    );
    if (values.json) return printJson(report);
    console.log(
      `Run ${report.runId}: ${report.imported} predictions imported over split v${report.splitVersion}` +
        (report.confidenceKnown ? '' : ' (no p_ columns: confidence unknown)'),
    );
    console.log(
      `Error rate: ${SPLITS.map((split) => `${split} ${percent(report.metrics[split].errorRate)}`).join(', ')}`,
    );
    if (report.missing > 0)
      console.log(
        `${report.missing} items of the split have no prediction (${SPLITS.map((split) => `${split} ${report.missingBySplit[split]}`).join(', ')})`,
      );
    if (report.problems.length > 0) {
      console.log(`${report.problems.length} rows skipped:`);
      for (const problem of report.problems.slice(0, 50))
        console.log(`  line ${problem.line}${problem.key ? ` (${problem.key})` : ''}: ${problem.reason}`);
      if (report.problems.length > 50)
        console.log(`  … ${report.problems.length - 50} more (--json lists all)`);
    }
  },
};
