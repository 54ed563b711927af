import { readFile } from 'node:fs/promises';
import { presetSearchSpace } from '../../../shared/tuning/tier-presets';
import type { SearchSpace } from '../../../shared/tuning/search-space';
import { SearchSpaceSchema } from '../../../shared/tuning/search-space-schema';
import {
  StudySettingsSchema,
  TUNING_STRATEGIES,
  type PrunerSettings,
  type StudySettingsInput,
  type StudySummary,
  type StudyWithTrials,
  type Trial,
} from '../../../shared/tuning/study-schemas';
import { TrainingConfigSchema } from '../../../shared/training/training-config';
import type { CeilingApp } from '../../services/ceiling-app';
import {
  call,
  CliError,
  checkedSettings,
  COMMON_OPTIONS,
  numberFlag,
  parse,
  printJson,
  wholeNumberFlag,
  withProject,
  type Command,
} from '../cli-support';

const usage = `ceiling tune <dataset> [options]

Search hyperparameters on the project's frozen split: each trial trains the base model with the trial's
values in a worker thread and reports dev accuracy per epoch (the metric the search maximises). Every
trial is saved in <project>/tuning/studies/<study id>/ as it runs; progress goes to stderr, one line per
trial. Ctrl+C pauses the study (the running trials are queued again); go on with --resume <study id>.

  --space <file>        the search space, JSON: {"parameters": [{"name": "learning_rate",
                        "scale": "log_uniform", "low": 0.0001, "high": 1}, …]} (scales: log_uniform,
                        uniform, int (+ "log": true), choice (+ "choices"), log_complement)
  --tier 1|2|3|4        without --space: the seed's preset parameters up to this tier (default 1:
                        the learning rate alone)
  --strategy <s>        random (default), grid, coarse-to-fine, tpe
  --trials <n>          trials (default 20; coarse-to-fine: --rounds instead)
  --rounds <a,b>        coarse-to-fine: trials of rounds 1 and 2 (default 20,10)
  --top-k <n>           coarse-to-fine: the top trials that narrow round 2 and become finalists (default 5)
  --final-epochs <n>    coarse-to-fine: epochs of the finalists in round 3 (default 10; 0 = no round 3)
  --epochs <n>          epochs per trial (default 3)
  --workers <n>         trials in parallel (caviar), each in its own worker thread; 1 = panda (default 1)
  --pruner <p>          none (default), median, successive-halving
  --seed <n>            seed of the search (default 0)
  --model mlp|cnn       the base model (default mlp); --batch-size, --lr set its defaults
  --batch-size <n>      base batch size (default 64)
  --lr <x>              base learning rate (default 0.001) when the space does not set it
  --name <text>         the study's name (default "<strategy> search")
  --resume <study id>   go on with a paused or interrupted study (the other search options are ignored)
  --csv <file>          also write the trials as CSV
  --json                print the study with all its trials as JSON`;

const TUNE_OPTIONS = {
  ...COMMON_OPTIONS,
  space: { type: 'string' },
  tier: { type: 'string', default: '1' },
  strategy: { type: 'string', default: 'random' },
  trials: { type: 'string' },
  rounds: { type: 'string' },
  'top-k': { type: 'string' },
  'final-epochs': { type: 'string' },
  epochs: { type: 'string' },
  workers: { type: 'string', default: '1' },
  pruner: { type: 'string', default: 'none' },
  seed: { type: 'string' },
  model: { type: 'string', default: 'mlp' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  name: { type: 'string' },
  resume: { type: 'string' },
  csv: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof TUNE_OPTIONS>>['values'];

/** The space file, with every problem on its own line, named by parameter. */
async function readSpace(path: string): Promise<SearchSpace> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`Could not read the search space ${path}: ${(error as Error).message}`);
  }
  const checked = SearchSpaceSchema.safeParse(Array.isArray(raw) ? { parameters: raw } : raw);
  if (!checked.success) {
    const lines = checked.error.issues.map((issue) => {
      const index = issue.path[1];
      const parameter =
        typeof index === 'number'
          ? (raw as { parameters?: { name?: string }[] }).parameters?.[index]
          : undefined;
      return `  ${parameter?.name ?? issue.path.join('.') ?? 'space'}: ${issue.message}`;
    });
    throw new CliError(`The search space ${path} is not valid:\n${lines.join('\n')}`);
  }
  return checked.data as SearchSpace;
}

function pruner(kind: string): PrunerSettings {
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'median') return { kind: 'median', startupTrials: 5, warmupEpochs: 0, intervalEpochs: 1 };
  if (kind === 'successive-halving')
    return { kind: 'successive-halving', minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0 };
  throw new CliError(`--pruner is none, median or successive-halving, not "${kind}".`);
}

async function settingsFrom(values: Values): Promise<StudySettingsInput> {
  const strategy = values.strategy as (typeof TUNING_STRATEGIES)[number];
  if (!TUNING_STRATEGIES.includes(strategy))
    throw new CliError(`--strategy is ${TUNING_STRATEGIES.join(', ')}, not "${values.strategy}".`);
  if (values.model !== 'mlp' && values.model !== 'cnn')
    throw new CliError(`--model is mlp or cnn, not "${values.model}".`);
  const tier = wholeNumberFlag(values.tier, 'tier')!;
  if (tier < 1 || tier > 4) throw new CliError(`--tier is 1, 2, 3 or 4, not ${tier}.`);
  const space = values.space ? await readSpace(values.space) : presetSearchSpace(tier as 1 | 2 | 3 | 4);
  const workers = wholeNumberFlag(values.workers, 'workers')!;
  if (workers < 1) throw new CliError('--workers must be at least 1.');
  const rounds = values.rounds?.split(',').map((part) => wholeNumberFlag(part.trim(), 'rounds')!);
  if (rounds && (rounds.length !== 2 || rounds.some((n) => n < 1)))
    throw new CliError(`--rounds takes two trial counts, like 20,10, not "${values.rounds}".`);
  const baseConfig = checkedSettings(TrainingConfigSchema, {
    model: { kind: values.model },
    batchSize: wholeNumberFlag(values['batch-size'], 'batch-size'),
    learningRate: numberFlag(values.lr, 'lr'),
  });
  const settings: StudySettingsInput = {
    name: values.name ?? `${strategy} search`,
    space,
    strategy,
    trials: wholeNumberFlag(values.trials, 'trials'),
    epochsPerTrial: wholeNumberFlag(values.epochs, 'epochs'),
    seed: wholeNumberFlag(values.seed, 'seed'),
    mode: workers > 1 ? 'caviar' : 'panda',
    workers: workers > 1 ? workers : undefined,
    pruner: pruner(values.pruner),
    coarseToFine: {
      ...(rounds ? { roundTrials: rounds as [number, number] } : {}),
      topK: wholeNumberFlag(values['top-k'], 'top-k'),
      finalEpochs: wholeNumberFlag(values['final-epochs'], 'final-epochs'),
    },
    baseConfig,
  };
  checkedSettings(StudySettingsSchema, settings);
  return settings;
}

const percent = (value: number | null | undefined) => (value == null ? '—' : `${(value * 100).toFixed(2)}%`);

function formatParams(params: Trial['params']): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(4)) : value}`)
    .join(' ');
}

function describeTrial(trial: Trial, planned: number): string {
  const how =
    trial.status === 'pruned'
      ? `pruned at epoch ${trial.prunedAtEpoch}`
      : trial.status === 'failed'
        ? `failed: ${trial.error}`
        : trial.status;
  const round = trial.round > 1 ? ` (round ${trial.round})` : '';
  const seconds = trial.seconds == null ? '' : ` · ${trial.seconds.toFixed(1)} s`;
  return `trial ${trial.number + 1}/${planned}${round} ${how}: dev ${percent(trial.value)} · ${formatParams(trial.params)}${seconds}`;
}

/** Runs (or resumes) the study, streaming one stderr line per trial end; resolves when it stops. */
async function runStudy(app: CeilingApp, studyId: string, resume: boolean): Promise<StudyWithTrials> {
  let planned = 0;
  let done: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (done = resolve));
  app.events.subscribe((event) => {
    if (event.name === 'tuning.study') {
      const summary = event.payload as StudySummary;
      if (summary.id !== studyId) return;
      planned = summary.plannedTrials;
      if (summary.status !== 'running') done();
    } else if (event.name === 'tuning.trial') {
      const trial = event.payload as Trial;
      if (trial.studyId !== studyId) return;
      if (trial.status === 'running' && trial.curves.length === 0)
        process.stderr.write(`trial ${trial.number + 1}/${planned} started: ${formatParams(trial.params)}\n`);
      else if (trial.status !== 'running' && trial.status !== 'queued')
        process.stderr.write(`${describeTrial(trial, planned)}\n`);
    }
  });
  const onInterrupt = () => {
    process.stderr.write('\nPausing (the running trials are queued again)…\n');
    void app.router.call('tuning.study.pause', { studyId });
  };
  process.on('SIGINT', onInterrupt);
  try {
    await call(app, resume ? 'tuning.study.resume' : 'tuning.study.start', { studyId });
    await stopped;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  return call(app, 'tuning.study.get', { studyId });
}

export const tuneCommand: Command = {
  name: 'tune',
  summary: 'search hyperparameters (random, grid, coarse-to-fine, TPE; pruning; parallel trials)',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, TUNE_OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset to tune on.\n\n${usage}`);
    const settings = values.resume ? null : await settingsFrom(values);
    const result = await withProject(dataset, values['project-dir'], async (app) => {
      const studyId = values.resume ?? (await call(app, 'tuning.study.create', settings!)).id;
      process.stderr.write(`Study ${studyId}${values.resume ? ' resumed' : ' created'}.\n`);
      const outcome = await runStudy(app, studyId, values.resume !== undefined);
      const csv = values.csv ? await call(app, 'tuning.export', { studyId, path: values.csv }) : null;
      return { ...outcome, csv };
    });
    const { study, trials } = result;
    if (values.json) printJson({ study, trials });
    else {
      const best = trials.find((trial) => trial.id === study.bestTrialId);
      console.log(
        `Study ${study.id}: ${study.status}, ${trials.length} trials (${study.settings.strategy}, ${study.workers} worker${study.workers > 1 ? 's' : ''}).`,
      );
      const counts = trials.reduce<Record<string, number>>(
        (all, trial) => ({ ...all, [trial.status]: (all[trial.status] ?? 0) + 1 }),
        {},
      );
      console.log(
        `  ${Object.entries(counts)
          .map(([status, n]) => `${n} ${status}`)
          .join(' · ')}`,
      );
      if (best)
        console.log(
          `Best: trial ${best.number + 1}, dev accuracy ${percent(best.value)} · ${formatParams(best.params)}`,
        );
      else console.log('No trial completed.');
      if (result.csv) console.log(`Trials written to ${result.csv.path}.`);
    }
    if (study.status === 'failed') throw new CliError(study.error ?? 'the study failed');
    if (study.status === 'paused')
      throw new CliError(`study ${study.id} was paused; go on with --resume ${study.id}.`);
  },
};
