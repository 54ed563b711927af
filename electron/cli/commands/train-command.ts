import type { RunRecord, TrainingProgress } from '../../../shared/training/run-schemas';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../../shared/training/training-config';
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

const usage = `ceiling train <dataset> [options]

Train a built-in model on the project's current frozen split (freeze one with \`ceiling split <dataset>
--freeze\`), in a worker thread on the best TF.js backend here. Progress goes to stderr; Ctrl+C cancels
(the run is kept as cancelled, without a model). The run is recorded in <project>/runs/<run id>/.

  --model mlp|cnn       the MLP (784-256-128-10, BatchNorm, dropout) or the small CNN (default mlp)
  --epochs <n>          epochs (default 5)
  --lr <x>              learning rate (default 0.001, Adam)
  --batch-size <n>      batch size (default 64)
  --seed <n>            seed of the initializers and the shuffle (default 0)
  --limit <n>           train on at most n train items (a quick look)
  --json                print the run record as JSON`;

const TRAIN_OPTIONS = {
  ...COMMON_OPTIONS,
  model: { type: 'string', default: 'mlp' },
  epochs: { type: 'string' },
  lr: { type: 'string' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
} as const;

/** The flags as a training config, checked by the contract's schema (its message names the field). */
function configFrom(values: ReturnType<typeof parse<typeof TRAIN_OPTIONS>>['values']): TrainingConfigInput {
  if (values.model !== 'mlp' && values.model !== 'cnn')
    throw new CliError(`--model is mlp or cnn, not "${values.model}".`);
  const input: TrainingConfigInput = {
    model: { kind: values.model },
    epochs: numberFlag(values.epochs, 'epochs'),
    learningRate: numberFlag(values.lr, 'lr'),
    batchSize: numberFlag(values['batch-size'], 'batch-size'),
    seed: numberFlag(values.seed, 'seed'),
    limitTrainItems: numberFlag(values.limit, 'limit'),
  };
  checkedSettings(TrainingConfigSchema, input);
  return input;
}

const percent = (value: number | null | undefined) => (value == null ? '—' : `${(value * 100).toFixed(2)}%`);
const decimal = (value: number | null | undefined) => (value == null ? '—' : value.toFixed(4));

function describeProgress(progress: TrainingProgress): string {
  if (progress.phase === 'preparing')
    return `decoding the split: ${progress.batch}/${progress.batchesPerEpoch} images`;
  if (progress.phase !== 'training') return `${progress.phase}…`;
  const eta = progress.etaSeconds == null ? '' : ` · ETA ${Math.round(progress.etaSeconds)} s`;
  const speed = progress.examplesPerSecond == null ? '' : ` · ${Math.round(progress.examplesPerSecond)} ex/s`;
  return (
    `epoch ${progress.epoch}/${progress.epochs} batch ${progress.batch}/${progress.batchesPerEpoch} · ` +
    `loss ${decimal(progress.trainLoss)} acc ${percent(progress.trainAccuracy)} · ` +
    `dev loss ${decimal(progress.devLoss)} acc ${percent(progress.devAccuracy)}${speed}${eta}`
  );
}

function printRecord(record: RunRecord): void {
  console.log(
    `Run ${record.id}: ${record.status} on ${record.backend?.name ?? '—'} (split v${record.splitVersion}).`,
  );
  for (const point of record.curves)
    console.log(
      `  epoch ${point.epoch}: loss ${decimal(point.trainLoss)} acc ${percent(point.trainAccuracy)} · dev loss ${decimal(point.devLoss)} acc ${percent(point.devAccuracy)} · ${point.seconds.toFixed(1)} s`,
    );
  if (record.metrics) {
    console.log(
      '  error rate: ' +
        Object.entries(record.metrics)
          .map(([split, m]) => `${split} ${percent(m.errorRate)} (${m.count})`)
          .join(' · '),
    );
    if (record.inferenceImagesPerSecond)
      console.log(`  inference: ${Math.round(record.inferenceImagesPerSecond)} images/s`);
  }
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a built-in model (MLP or CNN) on the frozen split',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, TRAIN_OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset to train on.\n\n${usage}`);
    const config = configFrom(values);
    const record = await withProject(dataset, values['project-dir'], async (app) => {
      const live = process.stderr.isTTY;
      let finish: (record: RunRecord) => void = () => undefined;
      const finished = new Promise<RunRecord>((resolve) => (finish = resolve));
      let runId: string | null = null;
      app.events.subscribe((event) => {
        if (event.name === 'train.progress') {
          const progress = event.payload as TrainingProgress;
          const text = describeProgress(progress);
          if (live) process.stderr.write(`\r\x1b[2K${text}${progress.epochEnd ? '\n' : ''}`);
          else if (progress.epochEnd || progress.phase !== 'training') process.stderr.write(`${text}\n`);
        } else if (event.name === 'train.finished' && (event.payload as RunRecord).id === runId) {
          finish(event.payload as RunRecord);
        }
      });
      const onInterrupt = () => {
        process.stderr.write('\nCancelling (stops after the current batch)…\n');
        void app.router.call('train.cancel', {});
      };
      process.on('SIGINT', onInterrupt);
      try {
        const started = await call(app, 'train.start', config);
        runId = started.runId;
        process.stderr.write(`Run ${runId} started (labels at revision ${started.labelRevision}).\n`);
        if (started.coverageWarning) process.stderr.write(`WARNING: ${started.coverageWarning}\n`);
        return await finished;
      } finally {
        process.off('SIGINT', onInterrupt);
        if (live) process.stderr.write('\r\x1b[2K');
      }
    });
    if (values.json) printJson(record);
    else printRecord(record);
    if (record.status === 'failed') throw new CliError(record.error ?? 'training failed');
    if (record.status === 'cancelled')
      throw new CliError(`run ${record.id} was cancelled; nothing but its run.json was kept.`);
  },
};
