import { resolve } from 'node:path';
import type { PredictProgress } from '../../../shared/calls/prediction-calls';
import { SPLITS } from '../../../shared/splits';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling predict <dataset> --model <folder> [--classes <file>] [--json]

Run a TF.js model you bring (a folder with model.json and its weights: a layers or a graph model) over
the frozen split, in a worker thread, and record the result as a model run. The image size comes from
the model's input shape; pixels are fed as values in [0, 1]. Class names: --classes (a JSON array or one
name a line), else classes.json or classes.txt beside model.json, else the project's class order (the
sorted labels). Progress goes to stderr.`;

const PREDICT_OPTIONS = {
  ...COMMON_OPTIONS,
  model: { type: 'string' },
  classes: { type: 'string' },
} as const;

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);

export const predictCommand: Command = {
  name: 'predict',
  summary: 'run a TF.js model you bring over the frozen split as a model run',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, PREDICT_OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset to predict.\n\n${usage}`);
    if (!values.model) throw new CliError(`Give the model folder with --model.\n\n${usage}`);
    const modelDir = resolve(values.model);
    const classesPath = values.classes ? resolve(values.classes) : undefined;
    const report = await withProject(dataset, values['project-dir'], (app) => {
      let last = 0;
      app.events.subscribe((event) => {
        if (event.name !== 'predict.progress') return;
        const progress = event.payload as PredictProgress;
        const now = performance.now();
        if (progress.done < progress.total && now - last < 1000) return;
        last = now;
        process.stderr.write(`${progress.phase} ${progress.done}/${progress.total}\n`);
      });
      return call(app, 'predict.run', { modelDir, ...(classesPath ? { classesPath } : {}) });
    });
    if (values.json) return printJson(report);
    console.log(
      `Run ${report.runId}: ${report.format} model, input ${report.input.height}×${report.input.width}×${report.input.channels}, ${report.predicted} items of split v${report.splitVersion} predicted` +
        (report.imagesPerSecond ? ` (${Math.round(report.imagesPerSecond)} images/s)` : ''),
    );
    console.log(`Classes from ${report.classesFrom}: ${report.classes.join(', ')}`);
    if (report.softmaxApplied)
      console.log('The model outputs raw scores: a softmax turned them into probabilities.');
    if (report.unknownLabels.length > 0)
      console.log(
        `Labels the model does not know (always counted wrong): ${report.unknownLabels.join(', ')}`,
      );
    if (report.missing > 0)
      console.log(`${report.missing} items could not be decoded and have no prediction.`);
    console.log(
      `Error rate: ${SPLITS.map((split) => `${split} ${percent(report.metrics[split].errorRate)}`).join(', ')}`,
    );
  },
};
