import type { RunSummary } from '../../../shared/training/run-schemas';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling runs <dataset> [--json]

List the project's model runs, newest first: status, model, epochs, error rate per split.`;

const percent = (value: number | null | undefined) => (value == null ? '—' : `${(value * 100).toFixed(2)}%`);

export const runsCommand: Command = {
  name: 'runs',
  summary: "the project's model runs and their error rates",
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, COMMON_OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset whose runs to list.\n\n${usage}`);
    const runs = await withProject(dataset, values['project-dir'], (app) => call(app, 'runs.list', {}));
    if (values.json) return printJson(runs);
    if (runs.length === 0) return console.log('No runs yet: `ceiling train <dataset>` starts one.');
    for (const run of runs as RunSummary[]) {
      const errors = run.metrics
        ? ` · error: train ${percent(run.metrics.train.errorRate)}, train-dev ${percent(run.metrics['train-dev'].errorRate)}, dev ${percent(run.metrics.dev.errorRate)}, test ${percent(run.metrics.test.errorRate)}`
        : '';
      console.log(
        `${run.id}  ${run.status.padEnd(9)} ${run.source && run.source !== 'trained' ? run.source : `${run.model} · ${run.epochs} epochs`} · split v${run.splitVersion}${errors}${run.error ? ` · ${run.error}` : ''}`,
      );
    }
  },
};
