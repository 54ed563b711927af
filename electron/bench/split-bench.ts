/**
 * `npm run bench -- split` — the project-less streaming split (`ceiling split --manifest … --out …`) on
 * synthetic CSV manifests of 1M and 10M rows. Targets: 1M rows in ≤ 5 s; 10M rows with peak RSS < 2 GB.
 *
 * 1. Setup (timed, not measured): a manifest `path,label,source` is streamed into a temp folder: 100
 *    classes, 10 % of the rows from the target source `phone`, the rest from `web`.
 * 2. The split runs in this process, as the CLI runs it (two passes: count, then draw and write),
 *    with the target source set; wall time, process CPU time and peak RSS (sampled every 50 ms) are
 *    printed per size. RSS is process-wide and rarely shrinks, so each size runs after the smaller one
 *    has finished: the 10M figure is the peak of the whole run.
 * 3. The output's row count is checked against the input's.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SplitSettingsSchema } from '../../shared/splits/split-schemas';
import { streamSplitManifest } from '../services/splits/stream-split-manifest';
import { header, maxRssBytes, measure, mib, table, type Bench } from './bench-support';

const TARGET_SECONDS_1M = 5;
const TARGET_RSS_10M = 2 * 2 ** 30;

const USAGE = `npm run bench -- split [--rows 1000000,10000000] [--keep]

The streaming split of a bare CSV manifest (no project) on synthetic manifests.
Targets: 1M rows ≤ ${TARGET_SECONDS_1M} s; 10M rows with peak RSS < 2 GB.

  --rows a,b,…   manifest sizes to run, smallest first (default 1000000,10000000)
  --keep         keep the temp folder (its path is printed)`;

export const SPLIT_BENCH: Bench = {
  name: 'split',
  summary: 'streaming split of 1M- and 10M-row CSV manifests (targets: 1M ≤ 5 s, 10M RSS < 2 GB)',
  run: runSplitBench,
};

/** Stream a manifest of `rows` rows to `path` (never held in memory). */
async function writeManifest(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = 'path,label,source\n';
  for (let i = 0; i < rows; i++) {
    const source = i % 10 === 0 ? 'phone' : 'web';
    const label = `class-${i % 100}`;
    chunk += `${source}/${label}/img-${i.toString().padStart(8, '0')}.jpg,${label},${source}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>)
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  return lines;
}

async function runSplitBench(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        rows: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sizes = (values.rows ?? '1000000,10000000').split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    console.error(`--rows takes positive whole numbers, not "${values.rows}"\n\n${USAGE}`);
    return 2;
  }
  console.log(header('split: streaming split of a bare CSV manifest'));
  const dir = await mkdtemp(join(tmpdir(), 'ceiling-bench-split-'));
  const rows: string[][] = [];
  const verdicts: string[] = [];
  try {
    for (const size of sizes) {
      const manifest = join(dir, `manifest-${size}.csv`);
      const out = join(dir, `split-${size}.csv`);
      const setupStart = performance.now();
      await writeManifest(manifest, size);
      const bytes = (await stat(manifest)).size;
      console.log(
        `setup: ${size.toLocaleString('en-US')} rows, ${mib(bytes)} MiB written in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
      );
      const run = await measure(() =>
        streamSplitManifest({
          manifestPath: manifest,
          outPath: out,
          settings: SplitSettingsSchema.parse({ targetSource: 'phone' }),
        }),
      );
      const written = (await countLines(out)) - 1;
      if (written !== size) throw new Error(`the output has ${written} rows, not ${size}`);
      const { totals } = run.value;
      rows.push([
        size.toLocaleString('en-US'),
        mib(bytes),
        run.seconds.toFixed(2),
        run.cpuSeconds.toFixed(2),
        mib(run.peakRss),
        `${totals.train}/${totals['train-dev']}/${totals.dev}/${totals.test}`,
      ]);
      if (size === 1_000_000)
        verdicts.push(
          `1M rows: ${run.seconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS_1M} s) — ${run.seconds <= TARGET_SECONDS_1M ? 'MET' : 'NOT MET'}`,
        );
      if (size === 10_000_000)
        verdicts.push(
          `10M rows: peak RSS ${mib(run.peakRss)} MiB (target < 2048 MiB) — ${run.peakRss < TARGET_RSS_10M ? 'MET' : 'NOT MET'}`,
        );
      await rm(manifest, { force: true });
      await rm(out, { force: true });
    }
    console.log(
      table(['rows', 'manifest MiB', 'wall s', 'CPU s', 'peak RSS MiB', 'train/train-dev/dev/test'], rows),
    );
    for (const verdict of verdicts) console.log(verdict);
    console.log(`process maxRSS: ${mib(maxRssBytes())} MiB`);
    return 0;
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}
