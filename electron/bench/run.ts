/**
 * `npm run bench -- <name> [options]` — benchmarks are scripts that print figures, not timed tests
 * (DESIGN §7). Each bench prints a header, its runs and a summary; it exits 0 whether or not a target
 * is met (it says so loudly instead). Exit 1 means the bench could not run, exit 2 a bad command line.
 *
 *   npx tsx electron/bench/run.ts              list the benches
 *   npx tsx electron/bench/run.ts import       import + thumbnails of 10k Fashion-MNIST PNGs
 *   npx tsx electron/bench/run.ts kernels      Ceiling's wasm training kernels vs stock wasm and cpu
 *   npx tsx electron/bench/run.ts train        the training worker on 60k Fashion-MNIST (epoch time, accuracy, loop delay)
 *   npx tsx electron/bench/run.ts tagging      keypress → tag saved and visible in the Analyze tab, 100k items
 *   npx tsx electron/bench/run.ts cleanup      label-error ranking with 5 % of dev/test labels flipped (precision@K)
 *   npx tsx electron/bench/run.ts lr-find      the LR finder on the D2 MLP and 60k Fashion-MNIST, then training at its rate
 *   npx tsx electron/bench/run.ts tune         samplers (KS), TPE vs random, random vs grid and panda vs caviar on the demo
 */
import { IMPORT_BENCH } from './import-bench';
import { SPLIT_BENCH } from './split-bench';
import { KERNELS_BENCH } from './kernels-bench';
import { TRAIN_BENCH } from './train-bench';
import { LR_FIND_BENCH } from './lr-find-bench';
import { GRID_BENCH } from './grid-bench';
import { TAGGING_BENCH } from './tagging-bench';
import { CLEANUP_BENCH } from './cleanup-bench';
import { TUNE_BENCH } from './tune-bench';
import type { Bench } from './bench-support';

const BENCHES: readonly Bench[] = [
  IMPORT_BENCH,
  GRID_BENCH,
  SPLIT_BENCH,
  KERNELS_BENCH,
  TRAIN_BENCH,
  TAGGING_BENCH,
  CLEANUP_BENCH,
  LR_FIND_BENCH,
  TUNE_BENCH,
];

function listBenches(): string {
  const width = Math.max(...BENCHES.map((bench) => bench.name.length));
  return [
    'Usage: npm run bench -- <bench> [options]   (npm run bench -- <bench> --help for its options)',
    '',
    'Benches:',
    ...BENCHES.map((bench) => `  ${bench.name.padEnd(width)}  ${bench.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(listBenches());
    return 0;
  }
  const bench = BENCHES.find((candidate) => candidate.name === name);
  if (!bench) {
    console.error(`bench: unknown bench "${name}"\n\n${listBenches()}`);
    return 2;
  }
  return bench.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
