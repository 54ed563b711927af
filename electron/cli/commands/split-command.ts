import { resolve } from 'node:path';
import type { SplitProgress, SplitSettings, SplitTotals } from '../../../shared/splits/split-schemas';
import { SplitSettingsSchema, type CountRow, type SplitWarning } from '../../../shared/splits/split-schemas';
import { SplitSettingsError } from '../../../shared/splits/assign-split';
import { streamSplitManifest } from '../../services/splits/stream-split-manifest';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling split <dataset> [options]
ceiling split --manifest <file.csv> --out <split.csv> [options]

Split a project's items into train / train-dev / dev / test by the rules: sizes from the size rule
(Andrew Ng: ≤10k 60/20/20, 100k 90/5/5, 1M 98/1/1, 10M 99.5/0.25/0.25) unless --ratios says otherwise;
dev and test only from the --target source; a seeded hash of each item id, so re-running gives the same
split and added files move nothing; duplicates and near-duplicates kept inside one split.
Settings not given are the project's saved ones.

  --target <source>       the source the product will see ('' = items without a source)
  --ratios <t/d/t>        train/dev/test percent of the target pool, e.g. 60/20/20
  --train-dev <n>         items carved from the training mix for train-dev (default: the dev size)
  --leftover-unused       keep target items not needed for dev/test out of training
  --seed <n>              seed of the hash (default 0)
  --near-threshold <n>    near-duplicates: dHash distance at most n (0–16, default 4)
  --freeze                freeze the split as a new version
  --export <file.csv>     write it as a CSV manifest (id,path,label,source,split)
  --json                  machine-readable output

Without a project (--manifest): streams a CSV manifest (path,label[,source][,split]) of any size in
bounded memory, keys the hash on the path, and writes path,label,source,split to --out as it goes.`;

const SPLIT_OPTIONS = {
  ...COMMON_OPTIONS,
  target: { type: 'string' },
  ratios: { type: 'string' },
  'train-dev': { type: 'string' },
  'leftover-unused': { type: 'boolean', default: false },
  seed: { type: 'string' },
  'near-threshold': { type: 'string' },
  freeze: { type: 'boolean', default: false },
  export: { type: 'string' },
  manifest: { type: 'string' },
  out: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof SPLIT_OPTIONS>>['values'];

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new CliError(`--${name} must be a whole number ≥ 0, not "${value}".`);
  return number;
}

function parseRatios(text: string | undefined): SplitSettings['ratios'] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split('/').map(Number);
  if (parts.length !== 3 || parts.some((part) => Number.isNaN(part)))
    throw new CliError(`--ratios takes train/dev/test percentages such as 60/20/20, not "${text}".`);
  return { train: parts[0]!, dev: parts[1]!, test: parts[2]! };
}

/** The saved settings with the flags applied; changing what the thresholds depend on unpins them. */
function settingsFrom(values: Values, saved: SplitSettings): SplitSettings {
  const next: SplitSettings = { ...saved };
  const repin =
    values.target !== undefined ||
    values.ratios !== undefined ||
    values['train-dev'] !== undefined ||
    values['leftover-unused'];
  if (values.target !== undefined) next.targetSource = values.target;
  if (values.ratios !== undefined) next.ratios = parseRatios(values.ratios)!;
  if (values['train-dev'] !== undefined) next.trainDevSize = integer(values['train-dev'], 'train-dev')!;
  if (values['leftover-unused']) next.leftoverTargetToTrain = false;
  if (values.seed !== undefined) next.seed = integer(values.seed, 'seed')!;
  if (values['near-threshold'] !== undefined)
    next.nearThreshold = integer(values['near-threshold'], 'near-threshold')!;
  if (repin) next.thresholds = null;
  const checked = SplitSettingsSchema.safeParse(next);
  if (!checked.success)
    throw new CliError(
      `Invalid settings: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`,
    );
  return checked.data;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Rows split × source, columns total and (for up to 12 classes) each class. */
function countsTable(counts: readonly CountRow[], totals: SplitTotals): string {
  const labels = [...new Set(counts.map((row) => row.label))].sort();
  const showClasses = labels.length <= 12;
  const header = ['split', 'source', 'total', ...(showClasses ? labels : [])];
  const lines: string[][] = [];
  const keys = [...new Set(counts.map((row) => `${row.split}\u0000${row.source}`))];
  for (const key of keys) {
    const [split, source] = key.split('\u0000') as [string, string];
    const rows = counts.filter((row) => row.split === split && row.source === source);
    const total = rows.reduce((sum, row) => sum + row.count, 0);
    lines.push([
      split,
      source || '(none)',
      fmt(total),
      ...(showClasses ? labels.map((label) => fmt(rows.find((row) => row.label === label)?.count ?? 0)) : []),
    ]);
  }
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const summary = Object.entries(totals)
    .filter(([, count]) => count > 0)
    .map(([split, count]) => `${split} ${fmt(count)}`)
    .join(' · ');
  return [render(header), ...lines.map(render), `totals: ${summary}`].join('\n');
}

function printWarnings(warnings: readonly SplitWarning[]): void {
  if (warnings.length === 0) return console.log('No warnings.');
  for (const warning of warnings) console.log(`warning [${warning.code}]: ${warning.message}`);
}

function progressPrinter(): (progress: SplitProgress) => void {
  const live = process.stderr.isTTY;
  return (progress) => {
    const text = `perceptual hashes ${progress.done}/${progress.total}`;
    if (live) process.stderr.write(`\r\x1b[2K${text}${progress.phase === 'done' ? '\n' : ''}`);
    else if (progress.phase === 'done') process.stderr.write(`${text}\n`);
  };
}

async function splitManifest(values: Values): Promise<void> {
  if (!values.out) throw new CliError(`--manifest needs --out <split.csv>.\n\n${usage}`);
  if (values.freeze || values.export)
    throw new CliError('--freeze and --export need a project: give a dataset instead of --manifest.');
  const settings = settingsFrom(values, SplitSettingsSchema.parse({}));
  const started = performance.now();
  let result;
  try {
    result = await streamSplitManifest({
      manifestPath: resolve(values.manifest!),
      outPath: resolve(values.out),
      settings,
      onProgress: (pass, rows) => process.stderr.write(`pass ${pass}: ${fmt(rows)} rows\n`),
    });
  } catch (error) {
    if (error instanceof SplitSettingsError) throw new CliError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliError(`No manifest at ${resolve(values.manifest!)}.`);
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json) return printJson({ ...result, seconds });
  console.log(`Split ${fmt(result.rows)} rows in ${seconds.toFixed(1)} s → ${result.outPath}`);
  console.log(
    `Ratios ${result.ratios.train}/${result.ratios.dev}/${result.ratios.test} (${result.ratiosFrom === 'user' ? 'yours' : `size rule for ${fmt(result.poolSize)} pool items: ${result.recommended.source}`})`,
  );
  console.log(countsTable(result.counts, result.totals));
  console.log(`Dev resolution: ${result.devResolution}.`);
  printWarnings(result.warnings);
  for (const note of result.notes) console.log(`note: ${note}`);
}

export const splitCommand: Command = {
  name: 'split',
  summary: 'train / train-dev / dev / test by the rules',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, SPLIT_OPTIONS);
    if (values.manifest) return splitManifest(values);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset to split (or --manifest for a bare CSV).\n\n${usage}`);
    if (values.out) throw new CliError('--out goes with --manifest; for a project use --export <file.csv>.');
    await withProject(dataset, values['project-dir'], async (app) => {
      const project = await call(app, 'project.current', {});
      if (project?.lastImportAt === null) {
        process.stderr.write('The project was never imported: importing first…\n');
        await call(app, 'import.run', {});
      }
      const print = progressPrinter();
      app.events.subscribe((event) => {
        if (event.name === 'split.progress') print(event.payload as SplitProgress);
      });
      const saved = await call(app, 'split.current', {});
      const settings = settingsFrom(values, saved.settings);
      const preview = await call(app, 'split.preview', settings);
      const frozen = values.freeze ? await call(app, 'split.freeze', settings) : null;
      const exported = values.export
        ? await call(app, 'split.export', {
            path: resolve(values.export),
            ...(frozen ? { version: frozen.version } : { preview: settings }),
          })
        : null;
      if (values.json) return printJson({ preview, frozen, exported });
      const { ratios, recommended } = preview;
      console.log(
        `${fmt(preview.itemCount)} items; dev/test pool: ${fmt(preview.poolSize)} ${settings.targetSource === null ? 'items (no target source)' : `"${settings.targetSource || '(none)'}" items`}.`,
      );
      console.log(
        `Ratios ${ratios.train}/${ratios.dev}/${ratios.test} (${preview.ratiosFrom === 'size-rule' ? `size rule — ${recommended.source}` : preview.ratiosFrom === 'pinned' ? 'pinned by the frozen version' : 'yours'}).`,
      );
      console.log(countsTable(preview.counts, preview.totals));
      console.log(`Dev resolution: ${preview.devResolution.text}.`);
      const leak = preview.leakage;
      console.log(
        `Leakage gate: ${leak.exactGroups} exact and ${leak.nearGroups} near-duplicate groups (dHash ≤ ${leak.nearThreshold}); ` +
          `${leak.movedItems} items moved to keep groups together; ${leak.straddlingGroups} groups still straddle splits.`,
      );
      if (leak.tightenedChains > 0)
        console.log(
          `  ${leak.tightenedChains} chains of look-alikes (largest ${leak.largestChain} items) were too large to be copies of one image; only their closer links were kept. Lower --near-threshold if they are different pictures.`,
        );
      printWarnings(preview.warnings);
      if (frozen) console.log(`Froze split v${frozen.version} at ${frozen.createdAt} (${frozen.file}).`);
      if (exported) console.log(`Exported ${fmt(exported.rows)} rows to ${exported.path}.`);
    });
  },
};
