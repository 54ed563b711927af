/**
 * `npm run bench -- lr-find`: the LR finder on the D2 MLP (the Train screen's default: 784-256-128-10,
 * BatchNorm, dropout 0.2, Adam, batch 64) and the full Debian Fashion-MNIST, in the ML worker as the app
 * runs it; then the same model trained with the recommended rate (the train bench's settings: 12 epochs,
 * seed 1), and its test accuracy against the ML engine's bar (≥ 88 %).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LrFindSettingsSchema, LR_SUGGESTION_METHODS } from '../../shared/tuning/lr-find-result';
import { decadeSummary, formatLr } from '../../shared/tuning/lr-find-view';
import { TrainingConfigSchema } from '../../shared/training/training-config';
import { readFashionMnist } from '../services/datasets/fashion-mnist';
import { startLrFindWorker } from '../services/ml/lr-finder/lr-find-worker';
import { startTrainingWorker } from '../services/ml/worker/training-worker';
import { header, table, type Bench } from './bench-support';
import { fashionMnistPart, writeFashionMnistCache } from './fashion-mnist-cache';

const USAGE = `npm run bench -- lr-find [--iterations n] [--epochs n] [--method valley|steep] [--no-train]

  --iterations  batches in the sweep (default 100, fastai's num_it)
  --method      train with this suggestion instead of the recommended one
  --epochs      epochs of the training with the suggested rate (default 12, as the train bench)
  --no-train    only the sweep`;

const TARGET = 0.88;

async function runLrFindBench(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        iterations: { type: 'string', default: '100' },
        epochs: { type: 'string', default: '12' },
        method: { type: 'string' },
        'no-train': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench lr-find: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) return (console.log(USAGE), 0);
  if (values.method !== undefined && !(LR_SUGGESTION_METHODS as readonly string[]).includes(values.method)) {
    console.error(`bench lr-find: --method is valley or steep, not "${values.method}"`);
    return 2;
  }
  // the train bench's config: the D2 MLP with the schema's defaults, batch 64, seed 1
  const config = TrainingConfigSchema.parse({
    model: { kind: 'mlp' },
    epochs: Number(values.epochs),
    seed: 1,
  });
  const settings = LrFindSettingsSchema.parse({ iterations: Number(values.iterations) });
  const [train, test] = await Promise.all([readFashionMnist('train'), readFashionMnist('t10k')]);
  const folder = await mkdtemp(join(tmpdir(), 'ceiling-lr-find-bench-'));
  try {
    const cachePath = join(folder, 'fashion-mnist.bin');
    await writeFashionMnistCache(cachePath, {
      train: fashionMnistPart(train, 'train'),
      // dev = the test images, so each epoch's end shows test accuracy (nothing is tuned on it here)
      dev: fashionMnistPart(test, 't10k'),
      test: fashionMnistPart(test, 't10k'),
    });
    console.log(header(`LR finder: D2 MLP on Fashion-MNIST (${train.count} train / ${test.count} test)`));
    console.log(
      `model: ${JSON.stringify(config.model)}, ${config.optimizer.kind}, batch ${config.batchSize}`,
    );
    console.log(`sweep: ${JSON.stringify(settings)}`);
    const found = await startLrFindWorker(
      { config, settings, cachePath },
      { onBackend: (backend) => console.log(`backend: ${backend.name} — ${backend.reason}`) },
    ).result;
    const last = found.points.at(-1)!;
    console.log(
      `\n${found.points.length} batches in ${found.seconds.toFixed(1)} s; ended: ${found.status}` +
        ` (last lr ${formatLr(last.lr)}, smoothed loss ${last.smoothed?.toFixed(3) ?? 'NaN'})`,
    );
    console.log(
      table(
        ['lr', 'smoothed loss', 'raw loss'],
        decadeSummary(found.points).map((row) => [
          formatLr(row.lr),
          row.smoothed?.toFixed(3) ?? '—',
          row.loss?.toFixed(3) ?? '—',
        ]),
      ),
    );
    console.log(
      table(
        ['suggestion', 'lr', 'smoothed loss there', 'batch'],
        LR_SUGGESTION_METHODS.map((method) => {
          const s = found.suggestions[method];
          const mark = found.recommended === method ? ' (recommended)' : '';
          return [
            method + mark,
            s ? formatLr(s.lr, 3) : '—',
            s ? s.loss.toFixed(3) : '—',
            s ? String(s.index) : '—',
          ];
        }),
      ),
    );
    console.log(`why: ${found.reason}`);
    const method = (values.method as (typeof LR_SUGGESTION_METHODS)[number] | undefined) ?? found.recommended;
    const chosen = method ? found.suggestions[method] : null;
    if (!chosen) {
      console.log('TARGET NOT CHECKED: the sweep gave no suggestion to train with.');
      return 0;
    }
    if (values['no-train']) return 0;

    const learningRate = Number(chosen.lr.toPrecision(3));
    console.log(
      header(`Training the D2 MLP with the ${method} rate ${learningRate} for ${config.epochs} epochs`),
    );
    const started = performance.now();
    const result = await startTrainingWorker(
      { config: { ...config, learningRate }, cachePath, runDir: folder },
      {
        onProgress: (progress) => {
          if (progress.epochEnd)
            console.log(
              `epoch ${progress.epoch}/${progress.epochs}: loss ${progress.epochEnd.trainLoss.toFixed(4)}, ` +
                `test acc ${((progress.epochEnd.devAccuracy ?? 0) * 100).toFixed(2)}%, ${progress.epochEnd.seconds.toFixed(1)} s`,
            );
        },
      },
    ).result;
    const accuracy = result.metrics!.test.accuracy ?? 0;
    const best = Math.max(...result.curves.map((point) => point.devAccuracy ?? 0));
    console.log('');
    console.log(
      table(
        ['figure', 'value'],
        [
          ['LR finder sweep', `${found.seconds.toFixed(1)} s, ${found.points.length} batches`],
          [`suggested rate (${method})`, String(learningRate)],
          ['training', `${((performance.now() - started) / 1000).toFixed(0)} s, ${config.epochs} epochs`],
          ['test accuracy (final)', `${(accuracy * 100).toFixed(2)}% (target ≥ ${TARGET * 100}%)`],
          ['test accuracy (best epoch)', `${(best * 100).toFixed(2)}%`],
        ],
      ),
    );
    console.log(
      accuracy >= TARGET
        ? `TARGET MET: the D2 MLP trained at the LR finder's ${method} rate reaches ≥ ${TARGET * 100}% test accuracy.`
        : `TARGET MISSED: the D2 MLP at the ${method} rate ${learningRate} ends at ${(accuracy * 100).toFixed(2)}% test accuracy (< ${TARGET * 100}%).`,
    );
    return 0;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export const LR_FIND_BENCH: Bench = {
  name: 'lr-find',
  summary:
    'the LR finder on the D2 MLP and 60k Fashion-MNIST, then 12 epochs at the suggested rate (≥ 88 %?)',
  run: runLrFindBench,
};
