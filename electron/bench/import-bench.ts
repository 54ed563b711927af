/**
 * `npm run bench -- import` — import + thumbnails of 10k Fashion-MNIST PNGs, against a bare sharp
 * thumbnail loop over the same files in the same run. Target: import time / bare time ≤ 1.5.
 *
 * 1. Setup (timed, not measured): the t10k part of Debian's dataset-fashion-mnist is written as
 *    `class/t10k-NNNNN.png` into a temp folder.
 * 2. The OS file cache is warmed by reading every file once, so neither side pays for the disk.
 * 3. Runs alternate (bare, import; import, bare; …) so neither side always goes first; the best of
 *    each is compared. The bare loop uses the same concurrency (mapWithConcurrency, 4 in flight, the
 *    import's default) and the same thumbnail settings as thumbnails.ts, writing to a temp folder.
 *    The import is the real `importDataset` into a fresh project folder each run.
 * 4. Re-imports (previous = the first index) show the skip path: unchanged files are hashed, not decoded.
 * 5. Peak RSS is sampled every 50 ms per phase; `process.resourceUsage().maxRSS` is printed at the end.
 */
import { access, mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { ImportProgress, ImportReport } from '../../shared/import-report';
import {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  readFashionMnist,
  writePng,
} from '../services/datasets/fashion-mnist';
import { THUMBNAIL_SIZE } from '../services/images/image-limits';
import { importDataset } from '../services/import/import-dataset';
import { mapWithConcurrency } from '../services/import/map-with-concurrency';
import type { ItemIndex } from '../services/items/item-index';
import { header, maxRssBytes, measure, mib, table, type Bench } from './bench-support';
import { runBreakdown } from './import-breakdown';

const TARGET_RATIO = 1.5;
/** importDataset's default `concurrency`; the bare loop uses the same. */
const CONCURRENCY = 4;
/** thumbnails.ts's WebP quality (not exported there: keep in step with writeThumbnail). */
const THUMBNAIL_WEBP_QUALITY = 80;

const USAGE = `npm run bench -- import [--count N] [--runs N] [--breakdown] [--keep]

Import + thumbnails of N Fashion-MNIST PNGs (from Debian's dataset-fashion-mnist, t10k part),
compared with a bare sharp thumbnail loop over the same files in the same run.
Target: import time / bare sharp time ≤ ${TARGET_RATIO}.

  --count N      images to generate and import (1–10000, default 10000)
  --runs N       runs of each side, alternating; the best is compared (default 3)
  --breakdown    then time the import's per-file steps one by one (where the time goes)
  --keep         keep the temp folder (its path is printed)`;

export const IMPORT_BENCH: Bench = {
  name: 'import',
  summary: 'import + thumbnails of 10k Fashion-MNIST PNGs vs a bare sharp loop (target ratio ≤ 1.5)',
  run: runImportBench,
};

interface Options {
  count: number;
  runs: number;
  breakdown: boolean;
  keep: boolean;
}

function parseOptions(args: string[]): Options | number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        count: { type: 'string', default: '10000' },
        runs: { type: 'string', default: '3' },
        breakdown: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`bench import: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = Number(values.count);
  const runs = Number(values.runs);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    console.error(`bench import: --count must be an integer from 1 to 10000 (got "${values.count}")`);
    return 2;
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
    console.error(`bench import: --runs must be an integer from 1 to 20 (got "${values.runs}")`);
    return 2;
  }
  return { count, runs, breakdown: values.breakdown, keep: values.keep };
}

/** One generated file: where it is and the sharp-free facts the bench needs. */
export interface BenchFile {
  absolutePath: string;
  bytes: number;
}

interface RunRow {
  name: string;
  seconds: number;
  cpuSeconds: number;
  files: number;
  peakRss: number;
  note: string;
}

async function runImportBench(args: string[]): Promise<number> {
  const options = parseOptions(args);
  if (typeof options === 'number') return options;
  const { count, runs } = options;

  console.log(header(`bench: import — import + thumbnails of ${count} Fashion-MNIST PNGs vs bare sharp`));
  try {
    await access(join(FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz'));
    await access(join(FASHION_MNIST_DIR, 't10k-labels-idx1-ubyte.gz'));
  } catch {
    console.error(
      `bench import: Fashion-MNIST is not installed (${FASHION_MNIST_DIR} has no t10k files).\n` +
        'Install it with: apt-get install dataset-fashion-mnist',
    );
    return 1;
  }
  console.log(
    [
      `node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), ` +
        `${availableParallelism()} CPUs, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, ` +
        `sharp.concurrency()=${sharp.concurrency()}`,
      `concurrency: ${CONCURRENCY} files in flight on both sides; thumbnails: autoOrient, fit inside ` +
        `${THUMBNAIL_SIZE}×${THUMBNAIL_SIZE} without enlargement, WebP quality ${THUMBNAIL_WEBP_QUALITY}`,
      `runs: ${runs} of each side, alternating order; best of each compared`,
    ].join('\n'),
  );

  const temp = await mkdtemp(join(tmpdir(), 'ceiling-bench-import-'));
  const cleanup = async (): Promise<void> => {
    if (options.keep) console.log(`\nkept temp folder: ${temp}`);
    else await rm(temp, { recursive: true, force: true });
  };
  // Ctrl+C stops the work at the next file (files in flight finish), then the temp folder is removed;
  // a second Ctrl+C exits at once.
  const interrupt = new AbortController();
  const onSignal = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    console.error('\ninterrupted: stopping and removing the temp folder (Ctrl+C again to quit now)');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await benchIn(temp, options, interrupt.signal);
  } catch (error) {
    if (interrupt.signal.aborted) return 130;
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

async function benchIn(temp: string, options: Options, signal: AbortSignal): Promise<number> {
  const { count, runs } = options;
  const datasetDir = join(temp, 'dataset');
  const rows: RunRow[] = [];
  const loopDelays: { p99: number; max: number }[] = [];

  // 1. Setup: write the PNGs.
  console.log(`\n-- setup: writing ${count} PNGs from ${FASHION_MNIST_DIR} (t10k) into ${datasetDir}`);
  const generated = await measure(() => generatePngs(datasetDir, count, signal));
  const files = generated.value;
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  console.log(
    `   ${files.length} files, ${mib(totalBytes)} MiB, ${FASHION_MNIST_CLASSES.length} class folders, ` +
      `in ${generated.seconds.toFixed(2)} s (setup, not measured); peak RSS ${mib(generated.peakRss)} MiB`,
  );

  // 2. Warm the OS file cache.
  const warm = await measure(() => readAll(files, signal));
  console.log(
    `-- warm-up: read all ${files.length} files once (${mib(warm.value)} MiB) in ${warm.seconds.toFixed(2)} s`,
  );
  const realRoot = await realpath(datasetDir);

  // 3. Alternating runs.
  console.log('\n-- runs');
  let firstIndex: { index: ItemIndex; projectDir: string } | null = null;
  for (let run = 1; run <= runs; run++) {
    const order = run % 2 === 1 ? (['bare', 'import'] as const) : (['import', 'bare'] as const);
    for (const side of order) {
      if (side === 'bare') {
        const outDir = join(temp, `bare-${run}`);
        const result = await measure(() => bareSharpLoop(files, outDir, signal));
        rows.push(
          printRun({
            name: `bare sharp #${run}`,
            seconds: result.seconds,
            cpuSeconds: result.cpuSeconds,
            files: files.length,
            peakRss: result.peakRss,
            note: result.value,
          }),
        );
        await rm(outDir, { recursive: true, force: true });
      } else {
        const projectDir = join(temp, `project-${run}`);
        const result = await measure(() => timedImport(realRoot, projectDir, null, signal));
        const { report, phases } = result.value;
        rows.push(
          printRun({
            name: `import #${run}`,
            seconds: result.seconds,
            cpuSeconds: result.cpuSeconds,
            files: report.items,
            peakRss: result.peakRss,
            note: `${phases}${checkReport(report, files.length, 0)}`,
          }),
        );
        loopDelays.push({ p99: result.loopDelayP99Ms, max: result.loopDelayMaxMs });
        if (firstIndex === null) firstIndex = { index: result.value.index, projectDir };
        else await rm(projectDir, { recursive: true, force: true });
      }
    }
  }

  // 4. Re-imports over the first import's project: every file unchanged, so hashed but not decoded.
  for (let run = 1; run <= runs && firstIndex; run++) {
    const { index, projectDir } = firstIndex;
    const result = await measure(() => timedImport(realRoot, projectDir, index, signal));
    const { report, phases } = result.value;
    rows.push(
      printRun({
        name: `re-import #${run}`,
        seconds: result.seconds,
        cpuSeconds: result.cpuSeconds,
        files: report.items,
        peakRss: result.peakRss,
        note: `${phases}${checkReport(report, files.length, files.length)}`,
      }),
    );
  }

  // 5. Summary.
  const best = (prefix: string): RunRow => {
    const matching = rows.filter((row) => row.name.startsWith(prefix));
    return matching.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  };
  const bare = best('bare sharp');
  const imported = best('import');
  const reimported = best('re-import');
  const ratio = imported.seconds / bare.seconds;
  const of = (prefix: string): RunRow[] => rows.filter((row) => row.name.startsWith(prefix));
  const peak = (prefix: string): number => Math.max(...of(prefix).map((row) => row.peakRss));
  const cpu = (prefix: string): number => Math.min(...of(prefix).map((row) => row.cpuSeconds));
  const cpuRatio = cpu('import') / cpu('bare sharp');

  console.log(`\n-- summary (best of ${runs}; ${files.length} files)`);
  console.log(
    table(
      ['phase', 'seconds', 'files/s', 'CPU s', 'peak RSS MiB'],
      [
        [
          'setup: write PNGs (not measured)',
          generated.seconds.toFixed(2),
          rate(files.length, generated.seconds),
          generated.cpuSeconds.toFixed(2),
          mib(generated.peakRss),
        ],
        ...(
          [
            ['bare sharp thumbnails', bare, 'bare sharp'],
            ['importDataset (first import)', imported, 'import'],
            ['importDataset (re-import)', reimported, 're-import'],
          ] as const
        ).map(([label, row, prefix]) => [
          label,
          row.seconds.toFixed(2),
          rate(row.files, row.seconds),
          cpu(prefix).toFixed(2),
          mib(peak(prefix)),
        ]),
      ],
    ),
  );
  console.log(`process maxRSS (resourceUsage): ${mib(maxRssBytes())} MiB`);
  console.log(
    `event-loop delay during the imports: p99 ${Math.max(...loopDelays.map((d) => d.p99)).toFixed(1)} ms, ` +
      `max ${Math.max(...loopDelays.map((d) => d.max)).toFixed(1)} ms (worst run; the UI is served from this loop)`,
  );
  const verdict = ratio <= TARGET_RATIO ? 'within target' : `ABOVE TARGET (${TARGET_RATIO})`;
  console.log(
    `(seconds and files/s: the fastest run of each; CPU s: the least process CPU time of any run, all threads;\n` +
      ` peak RSS: the highest of any run, process-wide)`,
  );
  console.log(
    `\nratio (import time / bare sharp time) = ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})  ${verdict}`,
  );
  console.log(
    `CPU-time ratio (import / bare sharp)  = ${cpuRatio.toFixed(2)} (steadier when other programs load the CPUs)`,
  );

  if (options.breakdown) await runBreakdown(files, temp, CONCURRENCY, THUMBNAIL_WEBP_QUALITY, runs, signal);
  return 0;
}

function rate(files: number, seconds: number): string {
  return (files / seconds).toFixed(0);
}

function printRun(row: RunRow): RunRow {
  console.log(
    `   ${row.name.padEnd(14)} ${row.seconds.toFixed(2).padStart(6)} s  ${rate(row.files, row.seconds).padStart(6)} files/s` +
      `  CPU ${row.cpuSeconds.toFixed(2).padStart(6)} s  peak RSS ${mib(row.peakRss).padStart(6)} MiB  ${row.note}`,
  );
  return row;
}

/** The PNGs, `class/t10k-NNNNN.png`, in t10k order; returns them with their sizes. */
async function generatePngs(datasetDir: string, count: number, signal: AbortSignal): Promise<BenchFile[]> {
  const data = await readFashionMnist('t10k');
  if (count > data.count)
    throw new Error(`--count ${count} exceeds the ${data.count} images of the t10k part`);
  for (const name of FASHION_MNIST_CLASSES) await mkdir(join(datasetDir, name), { recursive: true });
  const pixels = data.rows * data.cols;
  const indices = Array.from({ length: count }, (_, index) => index);
  return mapWithConcurrency(
    indices,
    8,
    async (index) => {
      const label = FASHION_MNIST_CLASSES[data.labels[index]!];
      if (label === undefined)
        throw new Error(`t10k image ${index} has an unknown label ${data.labels[index]}`);
      const absolutePath = join(datasetDir, label, `t10k-${String(index).padStart(5, '0')}.png`);
      await writePng(
        data.images.subarray(index * pixels, (index + 1) * pixels),
        data.rows,
        data.cols,
        absolutePath,
      );
      return { absolutePath, bytes: 0 };
    },
    signal,
  ).then((written) =>
    mapWithConcurrency(
      written,
      16,
      async (file) => ({ ...file, bytes: (await readFile(file.absolutePath)).length }),
      signal,
    ),
  );
}

/** Reads every file once (to warm the page cache); returns the bytes read. */
async function readAll(files: readonly BenchFile[], signal: AbortSignal): Promise<number> {
  const sizes = await mapWithConcurrency(
    files,
    16,
    async (file) => (await readFile(file.absolutePath)).length,
    signal,
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** The baseline: sharp straight from the file to a WebP thumbnail, nothing else. */
async function bareSharpLoop(
  files: readonly BenchFile[],
  outDir: string,
  signal: AbortSignal,
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await mapWithConcurrency(
    files,
    CONCURRENCY,
    async (file, index) => {
      await sharp(file.absolutePath)
        .autoOrient()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: THUMBNAIL_WEBP_QUALITY })
        .toFile(join(outDir, `${index}.webp`));
    },
    signal,
  );
  return 'sharp(path) → autoOrient → resize → webp → toFile';
}

/**
 * importDataset, with its phases timed from the progress events: the 'saving' event carries the
 * reading rate (done / reading seconds), which places the end of scanning; 'done' ends saving.
 */
async function timedImport(
  realRoot: string,
  projectDir: string,
  previous: ItemIndex | null,
  signal: AbortSignal,
): Promise<{ index: ItemIndex; report: ImportReport; phases: string }> {
  const start = performance.now();
  let saving: { at: number; progress: ImportProgress } | undefined;
  let doneAt = 0;
  const { index, report } = await importDataset({
    realRoot,
    projectDir,
    source: { kind: 'folder' },
    previous,
    signal,
    onProgress: (progress) => {
      const at = performance.now();
      if (progress.phase === 'saving') saving = { at, progress };
      if (progress.phase === 'done') doneAt = at;
    },
  });
  const total = (performance.now() - start) / 1000;
  let phases = '';
  if (saving && saving.progress.rate > 0) {
    const reading = saving.progress.done / saving.progress.rate;
    const scanning = (saving.at - start) / 1000 - reading;
    const savingSeconds = (doneAt - saving.at) / 1000;
    phases =
      `scan ${scanning.toFixed(2)} s, read+decode ${reading.toFixed(2)} s (${saving.progress.rate.toFixed(0)}/s), ` +
      `save+report ${savingSeconds.toFixed(2)} s, total ${total.toFixed(2)} s`;
  }
  return { index, report, phases };
}

/** A wrong count or a problem would make the figures meaningless: say so next to them. */
function checkReport(report: ImportReport, expected: number, unchanged: number): string {
  const issues: string[] = [];
  if (report.items !== expected) issues.push(`${report.items} items, expected ${expected}`);
  if (report.problems.length > 0)
    issues.push(`${report.problems.length} problems (first: ${report.problems[0]!.reason})`);
  if (report.unchanged !== unchanged) issues.push(`${report.unchanged} unchanged, expected ${unchanged}`);
  return issues.length > 0 ? `  !! ${issues.join('; ')}` : '';
}
