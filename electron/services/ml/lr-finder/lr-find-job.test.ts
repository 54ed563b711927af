/**
 * The LR sweep on a real TF.js model (wasm backend, in this thread): a small two-class image set made
 * here (bright left half vs bright right half, with noise), the Train screen's MLP builder.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LrFindSettingsSchema } from '../../../../shared/tuning/lr-find-result';
import { TrainingConfigSchema, type TrainingConfig } from '../../../../shared/training/training-config';
import { initTensorFlow, type TensorFlow } from '../backend/init-tensorflow';
import type { DecodedDataset, DecodedPart } from '../data/decoded-dataset';
import { seededRandom } from '../data/seeded-random';
import { buildModel } from '../models/build-model';
import { sweepLearningRate } from './lr-find-job';

const SIDE = 8;

/** Left-lit images are class 0, right-lit class 1; `noisyLabels` draws the labels at random instead (nothing to learn). */
function halves(count: number, seed: number, noisyLabels = false): DecodedPart {
  const random = seededRandom(seed);
  const pixels = new Uint8Array(count * SIDE * SIDE);
  const labels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    const shown = noisyLabels ? (random() < 0.5 ? 0 : 1) : labels[i];
    for (let y = 0; y < SIDE; y++)
      for (let x = 0; x < SIDE; x++) {
        const lit = x < SIDE / 2 === (shown === 0);
        pixels[i * SIDE * SIDE + y * SIDE + x] = Math.round((lit ? 150 : 40) + random() * 60);
      }
  }
  return { ids: Array.from({ length: count }, (_, i) => `item-${seed}-${i}`), pixels, labels };
}

const empty: DecodedPart = { ids: [], pixels: new Uint8Array(0), labels: new Uint16Array(0) };
const dataset: DecodedDataset = {
  splitVersion: 1,
  labelFixRevision: 0,
  width: SIDE,
  height: SIDE,
  channels: 1,
  classes: ['left', 'right'],
  parts: { train: halves(256, 1), 'train-dev': empty, dev: empty, test: empty },
  skipped: [],
};

const config: TrainingConfig = TrainingConfigSchema.parse({
  model: { kind: 'mlp', hiddenUnits: [16], batchNorm: true, dropout: 0 },
  input: { width: SIDE, height: SIDE, channels: 1 },
  optimizer: { kind: 'sgd', momentum: 0.9 },
  batchSize: 16,
  seed: 3,
});

async function weightsOf(model: ReturnType<typeof buildModel>): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (weight) => (await weight.data()) as Float32Array));
}

describe('LR finder sweep on a TF.js model', () => {
  let tf: TensorFlow;
  beforeAll(async () => {
    ({ tf } = await initTensorFlow());
  });

  it('records lr, raw and smoothed loss per batch, suggests rates inside the range, and restores every weight', async () => {
    const model = buildModel(tf, config, 2);
    const before = await weightsOf(model);
    let changedDuringSweep: boolean | null = null;
    const settings = LrFindSettingsSchema.parse({ startLr: 1e-5, endLr: 10, iterations: 60 });
    const result = await sweepLearningRate(tf, model, dataset, config, settings, (progress) => {
      // the first report comes after the first batches: the weights have moved by then
      if (changedDuringSweep === null && progress.done > 0 && progress.done < 60) {
        const now = model.getWeights().map((weight) => weight.dataSync());
        changedDuringSweep = now.some((values, i) => values.some((v, j) => v !== before[i]![j]));
      }
    });
    const after = await weightsOf(model);

    expect(changedDuringSweep).toBe(true);
    expect(after).toHaveLength(before.length);
    after.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(before[i]!)));

    expect(['diverged', 'done']).toContain(result.status);
    expect(result.points.length).toBeGreaterThan(20);
    expect(result.points.length).toBeLessThanOrEqual(60);
    expect(result.points[0]!.lr).toBeCloseTo(1e-5, 15);
    // exponential: a constant ratio (10^6)^(1/60) between neighbours
    expect(result.points[1]!.lr / result.points[0]!.lr).toBeCloseTo(10 ** (6 / 60), 10);
    expect(result.points[0]!.smoothed).toBeCloseTo(result.points[0]!.loss!, 6); // bias-corrected first point
    for (const method of ['valley', 'steep'] as const) {
      const suggestion = result.suggestions[method]!;
      expect(suggestion.lr).toBeGreaterThan(1e-5);
      expect(suggestion.lr).toBeLessThan(10);
      expect(result.points[suggestion.index]!.lr).toBe(suggestion.lr);
      expect(result.points[suggestion.index]!.smoothed).toBe(suggestion.loss);
    }
    expect(result.recommended).toBe('valley');
    // the loss falls on this easy problem: the valley point is below the curve's start
    expect(result.suggestions.valley!.loss).toBeLessThan(result.points[6]!.smoothed!);
    model.dispose();
  });

  it('stops on cancel between batches, still restoring the weights, with no suggestion', async () => {
    const model = buildModel(tf, config, 2);
    const before = await weightsOf(model);
    let batches = 0;
    const result = await sweepLearningRate(
      tf,
      model,
      dataset,
      config,
      LrFindSettingsSchema.parse({ iterations: 100 }),
      undefined,
      () => batches++ >= 5,
    );
    expect(result.status).toBe('cancelled');
    expect(result.points).toHaveLength(5);
    expect(result.suggestions).toEqual({ valley: null, steep: null });
    expect(result.recommended).toBeNull();
    const after = await weightsOf(model);
    after.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(before[i]!)));
    model.dispose();
  });

  it('stops when the smoothed loss passes the divergence factor × the best', async () => {
    // labels unrelated to the images, Adam (steps of about lr per weight): large rates blow the logits up
    const noise: DecodedDataset = { ...dataset, parts: { ...dataset.parts, train: halves(256, 2, true) } };
    const adam = TrainingConfigSchema.parse({ ...config, optimizer: { kind: 'adam' } });
    const model = buildModel(tf, adam, 2);
    const result = await sweepLearningRate(
      tf,
      model,
      noise,
      adam,
      LrFindSettingsSchema.parse({ startLr: 1e-3, endLr: 100, iterations: 80, divergenceFactor: 1.5 }),
    );
    expect(result.status).toBe('diverged');
    const smoothed = result.points.map((point) => point.smoothed ?? Infinity);
    const best = Math.min(...smoothed.slice(0, -1));
    expect(smoothed.at(-1)!).toBeGreaterThan(1.5 * best);
    expect(result.points.length).toBeLessThan(80);
    model.dispose();
  });
});
