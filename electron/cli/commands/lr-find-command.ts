import type { LrFindProgressEvent, LrFindResult } from '../../../shared/tuning/lr-find-result';
import { LR_SUGGESTION_EXPLANATIONS, LrFindRequestSchema } from '../../../shared/tuning/lr-find-result';
import { decadeSummary, formatLr } from '../../../shared/tuning/lr-find-view';
import type { TrainingConfigInput } from '../../../shared/training/training-config';
import {
  call,
  CliError,
  checkedSettings,
  COMMON_OPTIONS,
  numberFlag,
  parse,
  printJson,
  withProject,
  type Command,
} from '../cli-support';

const usage = `ceiling lr-find <dataset> [options]

The learning-rate range test (Smith 2017, as fastai's lr_find): train the model on successive batches of
the frozen split's train set while the rate grows exponentially, smooth the loss (EMA, β = 0.98, bias
corrected), stop when it exceeds 4 × the best; then suggest a rate — fastai's valley and the steepest
descent. The model's weights are thrown away. The result is saved in <project>/lr-finder/<id>.json.

  --model mlp|cnn       the model to sweep, as \`ceiling train\` builds it (default mlp)
  --optimizer adam|sgd  Adam (default) or SGD with momentum 0.9
  --batch-size <n>      batch size (default 64)
  --seed <n>            seed of the initializers and the batch order (default 0)
  --start <x>           first learning rate (default 1e-7)
  --end <x>             last learning rate (default 10)
  --iterations <n>      batches in the sweep (default 100, at least 6)
  --json                print the whole result (every point) as JSON`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  model: { type: 'string', default: 'mlp' },
  optimizer: { type: 'string', default: 'adam' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  iterations: { type: 'string' },
} as const;

function requestFrom(values: ReturnType<typeof parse<typeof OPTIONS>>['values']) {
  if (values.model !== 'mlp' && values.model !== 'cnn')
    throw new CliError(`--model is mlp or cnn, not "${values.model}".`);
  if (values.optimizer !== 'adam' && values.optimizer !== 'sgd')
    throw new CliError(`--optimizer is adam or sgd, not "${values.optimizer}".`);
  const config: TrainingConfigInput = {
    model: { kind: values.model },
    optimizer: { kind: values.optimizer },
    batchSize: numberFlag(values['batch-size'], 'batch-size'),
    seed: numberFlag(values.seed, 'seed'),
  };
  const request = {
    config,
    startLr: numberFlag(values.start, 'start'),
    endLr: numberFlag(values.end, 'end'),
    iterations: numberFlag(values.iterations, 'iterations'),
  };
  checkedSettings(LrFindRequestSchema, request, {
    startLr: '--start',
    endLr: '--end',
    iterations: '--iterations',
  });
  return request;
}

const loss = (value: number | null) => (value === null ? '—' : value.toFixed(3));

function printResult(result: LrFindResult): void {
  const last = result.points.at(-1);
  const ended =
    result.status === 'diverged'
      ? `diverged at lr ${formatLr(last!.lr)}`
      : result.status === 'not-a-number'
        ? `stopped at a NaN loss at lr ${formatLr(last!.lr)}`
        : 'ran every iteration';
  console.log(
    `LR finder ${result.id}: ${result.points.length} batches of ${result.config.batchSize}, ` +
      `${formatLr(result.settings.startLr)} → ${formatLr(result.settings.endLr)}; ${ended} ` +
      `(${result.seconds.toFixed(1)} s on ${result.backend?.name ?? '—'}, ${result.config.model.kind}, ${result.config.optimizer.kind}).`,
  );
  console.log('  lr        smoothed loss   raw loss');
  for (const row of decadeSummary(result.points))
    console.log(
      `  ${formatLr(row.lr).padEnd(9)} ${loss(row.smoothed).padStart(13)}   ${loss(row.loss).padStart(8)}`,
    );
  for (const method of ['valley', 'steep'] as const) {
    const suggestion = result.suggestions[method];
    const mark = result.recommended === method ? '→' : ' ';
    console.log(
      `${mark} ${method.padEnd(6)} ${suggestion ? `${formatLr(suggestion.lr, 3)} (smoothed loss ${loss(suggestion.loss)})` : 'none'}`,
    );
  }
  for (const method of ['valley', 'steep'] as const) console.log(`  ${LR_SUGGESTION_EXPLANATIONS[method]}`);
  console.log(`Recommended: ${result.reason}`);
  const chosen = result.recommended ? result.suggestions[result.recommended] : null;
  if (chosen) console.log(`Train with it: ceiling train <dataset> --lr ${Number(chosen.lr.toPrecision(3))}`);
}

function describeProgress(progress: LrFindProgressEvent): string {
  if (progress.phase === 'decoding') return `decoding the split: ${progress.done}/${progress.total} images`;
  const last = progress.points.at(-1);
  return `batch ${progress.done}/${progress.total} · lr ${last ? formatLr(last.lr) : '—'} · smoothed loss ${loss(last?.smoothed ?? null)}`;
}

export const lrFindCommand: Command = {
  name: 'lr-find',
  summary: 'the learning-rate range test: suggest a learning rate for a model',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset to sweep on.\n\n${usage}`);
    const request = requestFrom(values);
    const result = await withProject(dataset, values['project-dir'], async (app) => {
      const live = process.stderr.isTTY;
      app.events.subscribe((event) => {
        if (event.name !== 'lrFind.progress') return;
        const text = describeProgress(event.payload as LrFindProgressEvent);
        if (live) process.stderr.write(`\r\x1b[2K${text}`);
      });
      const onInterrupt = () => {
        process.stderr.write('\nCancelling (stops after the current batch)…\n');
        void app.router.call('lrFind.cancel', {});
      };
      process.on('SIGINT', onInterrupt);
      try {
        return await call(app, 'lrFind.run', request);
      } finally {
        process.off('SIGINT', onInterrupt);
        if (live) process.stderr.write('\r\x1b[2K');
      }
    });
    if (values.json) printJson(result);
    else printResult(result);
  },
};
