import type { Sample, SampleSummary } from '../../../shared/analysis/sample-schemas';
import type { CeilingApp } from '../../services/ceiling-app';
import {
  call,
  CliError,
  COMMON_OPTIONS,
  parse,
  printJson,
  wholeNumberFlag,
  withProject,
  type Command,
} from '../cli-support';

const usage = `ceiling sample <dataset> [create|extend|list|show|delete] [options]

Error-analysis samples: a seeded random sample of a model run's misclassified dev items (with the
eyeball / blackbox split on, of its eyeball part), saved in <project>/analysis/samples/ so the ceiling
table can always be re-derived. Tag its items with \`ceiling tag\`, read the table with \`ceiling report\`.

  create (default)      draw a new sample
    --run <id>          the model run (default: the newest completed run)
    --size <n>          items (default 100)
    --seed <n>          the seed (default: drawn at random and recorded)
    --stratify <how>    none | class (per true class) | pair (per confusion pair); default none
  extend --sample <id> [--by <n>]   add the next n items (default 50); the first ones never change
  list                  the saved samples, newest first
  show --sample <id>    the sample's items with labels, prediction and tags
  delete --sample <id>  delete a sample (tags stay with the items)
  --json                machine-readable output`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  run: { type: 'string' },
  size: { type: 'string' },
  seed: { type: 'string' },
  stratify: { type: 'string' },
  sample: { type: 'string' },
  by: { type: 'string' },
} as const;

/** The newest completed run with dev predictions, or a message saying how to get one. */
export async function newestRun(app: CeilingApp): Promise<string> {
  const overview = await call(app, 'analysis.overview', {});
  const run = overview.runs[0];
  if (!run)
    throw new CliError(
      'There is no completed model run with dev predictions: train one (`ceiling train`) or import predictions (`ceiling import-predictions`).',
    );
  return run.id;
}

/** The newest saved sample. */
export async function newestSample(app: CeilingApp): Promise<string> {
  const overview = await call(app, 'analysis.overview', {});
  const sample = overview.samples[0];
  if (!sample) throw new CliError('There is no sample yet: draw one with `ceiling sample <dataset>`.');
  return sample.id;
}

function describe(sample: SampleSummary & { errorsInPool?: number; devErrorPercent?: number }): string {
  const pool = sample.errorsInPool === undefined ? '' : ` of ${sample.errorsInPool} ${sample.pool} errors`;
  return `Sample ${sample.id}: ${sample.size} items${pool} of run ${sample.runId} · seed ${sample.seed} · stratified ${sample.stratify} · ${sample.tagged} tagged · ${sample.created}`;
}

function printItems(sample: Sample): void {
  for (const [n, item] of sample.items.entries()) {
    const confidence = item.confidence === null ? '' : ` (${(item.confidence * 100).toFixed(0)}%)`;
    const tags = item.categoryIds.length > 0 ? ` · [${item.categoryIds.join(', ')}]` : '';
    const note = item.note ? ` · "${item.note}"` : '';
    console.log(
      `${String(n + 1).padStart(4)}  ${item.id}  ${item.given} → ${item.predicted}${confidence}  ${item.relativePath}${tags}${note}`,
    );
  }
}

export const sampleCommand: Command = {
  name: 'sample',
  summary: "draw, extend or list seeded samples of a run's dev errors",
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, OPTIONS);
    const [dataset, action = 'create'] = positionals;
    if (!dataset) throw new CliError(`Give the dataset.\n\n${usage}`);
    if (!['create', 'extend', 'list', 'show', 'delete'].includes(action))
      throw new CliError(`Unknown action "${action}": create, extend, list, show or delete.\n\n${usage}`);
    const stratify = values.stratify ?? 'none';
    if (!['none', 'class', 'pair'].includes(stratify))
      throw new CliError(`--stratify is none, class or pair, not "${stratify}".`);
    const needSample = () => {
      if (!values.sample)
        throw new CliError(`${action} needs --sample <id> (see \`ceiling sample <dataset> list\`).`);
      return values.sample;
    };
    await withProject(dataset, values['project-dir'], async (app) => {
      if (action === 'list') {
        const { samples } = await call(app, 'analysis.overview', {});
        if (values.json) return printJson(samples);
        if (samples.length === 0) return console.log('No samples yet: `ceiling sample <dataset>` draws one.');
        for (const sample of samples) console.log(describe(sample));
        return;
      }
      if (action === 'delete') {
        const result = await call(app, 'analysis.sample.delete', { sampleId: needSample() });
        if (!result.deleted) throw new CliError(`There is no sample ${values.sample}.`);
        return values.json ? printJson(result) : console.log(`Deleted sample ${values.sample}.`);
      }
      let sample: Sample;
      if (action === 'create') {
        sample = await call(app, 'analysis.sample.create', {
          runId: values.run ?? (await newestRun(app)),
          size: wholeNumberFlag(values.size, 'size'),
          seed: wholeNumberFlag(values.seed, 'seed'),
          stratify: stratify as 'none' | 'class' | 'pair',
        });
      } else if (action === 'extend') {
        sample = await call(app, 'analysis.sample.extend', {
          sampleId: needSample(),
          by: wholeNumberFlag(values.by, 'by'),
        });
      } else {
        sample = await call(app, 'analysis.sample.get', { sampleId: needSample() });
      }
      if (values.json) return printJson(sample);
      console.log(describe(sample));
      if (action === 'show') printItems(sample);
    });
  },
};
