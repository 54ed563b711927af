/**
 * `npm run bench -- cleanup`: does the review queue find real label errors? (issue 6, quality bar)
 *
 * A Fashion-MNIST subset from the Debian IDX files: train = the first N train images (clean labels),
 * dev = 2,000 other train images, test = 2,000 t10k images. A seeded 5 % of dev and of test get a wrong
 * label (uniformly one of the 9 other classes). The data go into a data cache file (the format the
 * worker reads, as `npm run bench -- train` does), the real training worker trains the MLP on train and
 * predicts every split — dev and test probabilities are out-of-sample, the model never trained on them —
 * and the suspects come from the app's own ranking (`rankPolicyItems`, what `cleanup.queue` calls) on
 * that predictions file, for both rankings. With K = the number of flipped items of a split, it prints
 * precision and recall of the top K (equal, since K = the flips), how many flips land in the top 2K,
 * per split and pooled (the queue interleaves dev and test by rank, so its first 2K items are the two
 * splits' top K), plus confident learning's own flag list and its estimate of wrong labels.
 * Target: precision@K ≥ 0.7.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rankPolicyItems, type ScoredCandidate } from '../../shared/cleanup/build-queue';
import type { CleanupSplit, Ranking } from '../../shared/cleanup/cleanup-schemas';
import { SPLITS } from '../../shared/splits';
import { TrainingConfigSchema } from '../../shared/training/training-config';
import { FASHION_MNIST_CLASSES, readFashionMnist } from '../services/datasets/fashion-mnist';
import { seededRandom, shuffledIndices } from '../services/ml/data/seeded-random';
import { PREDICTIONS_FILE, readPredictions } from '../services/ml/runs/predictions-file';
import { startTrainingWorker } from '../services/ml/worker/training-worker';
import { header, table, type Bench } from './bench-support';
import { fashionMnistPart, writeFashionMnistCache } from './fashion-mnist-cache';

const USAGE = `npm run bench -- cleanup [--train n] [--dev n] [--test n] [--noise x] [--epochs n] [--seed n]

  --train   clean train images (default 15000, the first of the 60k)
  --dev     dev images (default 2000, from train images 50000 on: never trained on)
  --test    test images (default 2000, from t10k)
  --noise   share of dev and test labels flipped (default 0.05)
  --epochs  MLP epochs (default 5)
  --seed    seed of the flips and the training (default 1)`;

const TARGET_PRECISION = 0.7;
const DEV_OFFSET = 50_000;

/** A seeded `noise` share of the labels moved to another class; returns the new labels and which were flipped. */
function flip(
  clean: Uint16Array,
  noise: number,
  seed: number,
): { labels: Uint16Array; flipped: Set<number> } {
  const random = seededRandom(seed);
  const count = Math.round(noise * clean.length);
  const chosen = shuffledIndices(clean.length, random).slice(0, count);
  const labels = Uint16Array.from(clean);
  for (const index of chosen) {
    const shift = 1 + Math.floor(random() * (FASHION_MNIST_CLASSES.length - 1));
    labels[index] = (clean[index]! + shift) % FASHION_MNIST_CLASSES.length;
  }
  return { labels, flipped: new Set(chosen) };
}

interface Figures {
  k: number;
  hitsAtK: number;
  hitsAt2K: number;
  flagged: number;
  flaggedHits: number;
  estimatedWrong: number;
}

async function runCleanupBench(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        train: { type: 'string', default: '15000' },
        dev: { type: 'string', default: '2000' },
        test: { type: 'string', default: '2000' },
        noise: { type: 'string', default: '0.05' },
        epochs: { type: 'string', default: '5' },
        seed: { type: 'string', default: '1' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench cleanup: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) return (console.log(USAGE), 0);
  const trainCount = Math.min(Number(values.train), DEV_OFFSET);
  const devCount = Math.min(Number(values.dev), 60_000 - DEV_OFFSET);
  const testCount = Math.min(Number(values.test), 10_000);
  const noise = Number(values.noise);
  const seed = Number(values.seed);
  const config = TrainingConfigSchema.parse({
    model: { kind: 'mlp' },
    epochs: Number(values.epochs),
    batchSize: 64,
    learningRate: 0.001,
    seed,
  });

  const [train, t10k] = await Promise.all([readFashionMnist('train'), readFashionMnist('t10k')]);
  const cleanDev = Uint16Array.from(train.labels.subarray(DEV_OFFSET, DEV_OFFSET + devCount));
  const cleanTest = Uint16Array.from(t10k.labels.subarray(0, testCount));
  const noisy = {
    dev: flip(cleanDev, noise, seed * 1000 + 1),
    test: flip(cleanTest, noise, seed * 1000 + 2),
  };
  const folder = await mkdtemp(join(tmpdir(), 'ceiling-cleanup-bench-'));
  try {
    const cachePath = join(folder, 'data.bin');
    await writeFashionMnistCache(cachePath, {
      train: fashionMnistPart(train, 'train', 0, trainCount),
      dev: fashionMnistPart(train, 'train', DEV_OFFSET, devCount, noisy.dev.labels),
      test: fashionMnistPart(t10k, 't10k', 0, testCount, noisy.test.labels),
    });
    console.log(
      header(
        `Label cleanup: ${trainCount} clean train / ${devCount} dev / ${testCount} test Fashion-MNIST, ` +
          `${noisy.dev.flipped.size} + ${noisy.test.flipped.size} labels flipped (${(noise * 100).toFixed(1)} %, seed ${seed})`,
      ),
    );
    const started = performance.now();
    const handle = startTrainingWorker(
      { config, cachePath, runDir: folder },
      {
        onBackend: (backend) => console.log(`backend: ${backend.name}`),
        onProgress: (progress) => {
          if (progress.epochEnd)
            console.log(
              `epoch ${progress.epoch}/${progress.epochs}: train loss ${progress.epochEnd.trainLoss.toFixed(4)}, ` +
                `dev acc (noisy labels) ${((progress.epochEnd.devAccuracy ?? 0) * 100).toFixed(2)}%, ${progress.epochEnd.seconds.toFixed(1)} s`,
            );
        },
      },
    );
    const result = await handle.result;
    if (result.status !== 'completed') throw new Error('training did not complete');
    const trainingSeconds = (performance.now() - started) / 1000;

    // the run's predictions file, read as the queue reads it
    const predictions = await readPredictions(join(folder, PREDICTIONS_FILE));
    const c = predictions.classes.length;
    const candidates: ScoredCandidate[] = [];
    const flippedIds = new Set<string>();
    predictions.ids.forEach((id, row) => {
      const split = SPLITS[predictions.splits[row]!];
      if (split !== 'dev' && split !== 'test') return;
      candidates.push({
        itemId: id,
        split,
        label: predictions.labels[row]!,
        probabilities: predictions.probabilities.subarray(row * c, (row + 1) * c),
      });
    });
    for (const split of ['dev', 'test'] as const) {
      const prefix = split === 'dev' ? 'train' : 't10k';
      const offset = split === 'dev' ? DEV_OFFSET : 0;
      for (const index of noisy[split].flipped) flippedIds.add(`${prefix}-${offset + index}`);
    }
    const accuracy = (split: 'dev' | 'test', clean: Uint16Array) => {
      let right = 0;
      let n = 0;
      predictions.ids.forEach((_, row) => {
        if (SPLITS[predictions.splits[row]!] !== split) return;
        if (predictions.predicted[row] === clean[n]) right++;
        n++;
      });
      return right / n;
    };
    console.log(
      `\nmodel: ${result.curves.length} epochs in ${trainingSeconds.toFixed(1)} s; accuracy against the CLEAN labels: ` +
        `dev ${(accuracy('dev', cleanDev) * 100).toFixed(2)}%, test ${(accuracy('test', cleanTest) * 100).toFixed(2)}%`,
    );

    const rows: string[][] = [];
    const pooledPrecision: Record<Ranking, number> = { self_confidence: 0, normalized_margin: 0 };
    for (const ranking of ['self_confidence', 'normalized_margin'] as const) {
      const perSplit = new Map<CleanupSplit, Figures>();
      for (const split of ['dev', 'test'] as const) {
        const k = noisy[split].flipped.size;
        const { items, estimates } = rankPolicyItems(candidates, predictions.classes, {
          splits: [split],
          ranking,
          depth: { kind: 'topK', k: 2 * k },
        });
        // the flag list does not depend on the depth: rank the whole split once more
        const all = rankPolicyItems(candidates, predictions.classes, {
          splits: [split],
          ranking,
          depth: { kind: 'threshold', score: 1 },
        }).items;
        const flagged = all.filter((item) => item.isLabelIssue);
        perSplit.set(split, {
          k,
          hitsAtK: items.slice(0, k).filter((item) => flippedIds.has(item.itemId)).length,
          hitsAt2K: items.filter((item) => flippedIds.has(item.itemId)).length,
          flagged: flagged.length,
          flaggedHits: flagged.filter((item) => flippedIds.has(item.itemId)).length,
          estimatedWrong: estimates[0]!.estimatedWrong,
        });
      }
      const pooled = [...perSplit.values()].reduce(
        (sum, f) => ({
          k: sum.k + f.k,
          hitsAtK: sum.hitsAtK + f.hitsAtK,
          hitsAt2K: sum.hitsAt2K + f.hitsAt2K,
          flagged: sum.flagged + f.flagged,
          flaggedHits: sum.flaggedHits + f.flaggedHits,
          estimatedWrong: sum.estimatedWrong + f.estimatedWrong,
        }),
        { k: 0, hitsAtK: 0, hitsAt2K: 0, flagged: 0, flaggedHits: 0, estimatedWrong: 0 },
      );
      pooledPrecision[ranking] = pooled.hitsAtK / pooled.k;
      for (const [name, f] of [...perSplit.entries(), ['dev+test' as const, pooled] as const]) {
        rows.push([
          ranking,
          name,
          String(f.k),
          `${(f.hitsAtK / f.k).toFixed(3)} (${f.hitsAtK}/${f.k})`,
          (f.hitsAtK / f.k).toFixed(3),
          `${f.hitsAt2K}/${f.k} (${((100 * f.hitsAt2K) / f.k).toFixed(1)}%)`,
          `${f.flagged} flagged, precision ${f.flagged ? (f.flaggedHits / f.flagged).toFixed(3) : '—'}, recall ${(f.flaggedHits / f.k).toFixed(3)}`,
          f.estimatedWrong.toFixed(1),
        ]);
      }
    }
    console.log('');
    console.log(
      table(
        [
          'ranking',
          'split',
          'K = flips',
          'precision@K',
          'recall@K',
          'flips in top 2K',
          'confident-learning flags',
          'est. wrong',
        ],
        rows,
      ),
    );
    console.log('');
    for (const ranking of ['self_confidence', 'normalized_margin'] as const) {
      const met = pooledPrecision[ranking] >= TARGET_PRECISION;
      console.log(
        `${met ? 'TARGET MET' : 'TARGET MISSED'}: ${ranking} precision@K (dev+test) = ${pooledPrecision[ranking].toFixed(3)} ` +
          `${met ? '≥' : '<'} ${TARGET_PRECISION}`,
      );
    }
    console.log(`total time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export const CLEANUP_BENCH: Bench = {
  name: 'cleanup',
  summary:
    'label-error ranking on Fashion-MNIST with 5 % of dev/test labels flipped (precision@K, target ≥ 0.7)',
  run: runCleanupBench,
};
