/**
 * `npm run bench -- kernels` — Ceiling's wasm training kernels (electron/services/ml/backend/wasm-kernels)
 * against what runs without them, in one run:
 *
 *  1. Conv2DBackpropFilter on a 64×13×13×32 → 64 conv (3×3, same padding): Ceiling's wasm kernel vs the
 *     cpu backend's loop (wasm has none). The cpu loop is linear in the batch and takes ~20 s at 64, so
 *     it is timed on a batch of 4 and scaled ×16; the output says so.
 *  2. Conv2DBackpropInput, same conv, and a stride-2 one: Ceiling's kernel vs the stock wasm kernel.
 *  3. BatchMatMul with a transposed operand, as a 784-256 dense layer's backward pass on a batch of 64
 *     (dW = xᵀ·dy, dx = dy·Wᵀ): Ceiling's kernel vs the stock wasm kernel.
 *  4. Tile that only broadcasts (BatchNorm's gradient): Ceiling's kernel vs the stock wasm kernel.
 *  5. One training step of a small CNN on 28×28×1 images, batch 64: wasm with Ceiling's kernels vs the
 *     cpu backend (timed at batch 8, ×8), and the epoch time both project to.
 *
 * Each figure is the median of several runs after a warm-up (the first call builds XNNPACK operators).
 * Run directly with `npx tsx electron/bench/kernels-bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import type { NamedAttrMap, NamedTensorMap, Tensor } from '@tensorflow/tfjs';
import { initTensorFlow, type TensorFlow } from '../services/ml/backend/init-tensorflow';
import { header, table, type Bench } from './bench-support';

const USAGE = `npm run bench -- kernels [--runs N]

Times Ceiling's wasm kernels against the stock wasm kernels and the cpu backend (medians of N runs, default 7).`;

export const KERNELS_BENCH: Bench = {
  name: 'kernels',
  summary:
    "Ceiling's wasm training kernels vs stock wasm and the cpu backend (conv backprops, BatchMatMul, Tile, a CNN step)",
  run: runKernelsBench,
};

interface Row {
  kernel: string;
  shape: string;
  ours: number;
  other: number;
  otherLabel: string;
}

async function runKernelsBench(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const runsIndex = args.indexOf('--runs');
  const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 7;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`bench kernels: --runs wants a positive integer\n\n${USAGE}`);
    return 2;
  }
  // TF.js loads here, not when run.ts lists the benches (init-tensorflow.ts imports it dynamically).
  const { tf, backend } = await initTensorFlow();
  const { useStockWasmKernel } = await import('../services/ml/backend/wasm-kernels/register-wasm-kernels');
  const withStock = <T>(kernelName: string, work: () => T): T => {
    const restore = useStockWasmKernel(kernelName);
    try {
      return work();
    } finally {
      restore();
    }
  };
  console.log(header("Ceiling's wasm training kernels"));
  console.log(`backend: ${backend.name} — ${backend.reason}`);
  if (backend.name !== 'wasm') {
    console.error('bench kernels: the wasm backend is not running, nothing to compare');
    return 1;
  }
  const rows: Row[] = [];
  const seeded = (shape: number[], seed: number): Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

  // 1. Conv2DBackpropFilter: wasm (ours) vs cpu, 64×13×13×32 → 64, 3×3, same.
  {
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] };
    const x = seeded([64, 13, 13, 32], 1);
    const dy = seeded([64, 13, 13, 64], 2);
    const ours = timeKernel(tf, 'Conv2DBackpropFilter', { x, dy }, attrs, runs);
    await tf.setBackend('cpu');
    const smallBatch = 4;
    const xSmall = tf.slice(x, 0, smallBatch);
    const dySmall = tf.slice(dy, 0, smallBatch);
    const cpu = timeKernel(tf, 'Conv2DBackpropFilter', { x: xSmall, dy: dySmall }, attrs, Math.min(runs, 3));
    await tf.setBackend('wasm');
    rows.push({
      kernel: 'Conv2DBackpropFilter',
      shape: '64×13×13×32 → 64, 3×3 same',
      ours,
      other: cpu * (64 / smallBatch),
      otherLabel: `cpu backend (timed at batch ${smallBatch}, ×${64 / smallBatch})`,
    });
  }

  // 2. Conv2DBackpropInput: ours vs stock wasm, stride 1 and stride 2.
  for (const { stride, inSize } of [
    { stride: 1, inSize: 13 },
    { stride: 2, inSize: 27 },
  ]) {
    const outSize = Math.ceil(inSize / stride);
    const attrs = {
      strides: [stride, stride],
      pad: 'same',
      dataFormat: 'NHWC',
      inputShape: [64, inSize, inSize, 32],
    };
    const dy = seeded([64, outSize, outSize, 64], 3);
    const filter = seeded([3, 3, 32, 64], 4);
    const ours = timeKernel(tf, 'Conv2DBackpropInput', { dy, filter }, attrs, runs);
    const stock = withStock('Conv2DBackpropInput', () =>
      timeKernel(tf, 'Conv2DBackpropInput', { dy, filter }, attrs, runs),
    );
    rows.push({
      kernel: 'Conv2DBackpropInput',
      shape: `64×${inSize}×${inSize}×32 → 64, 3×3 same, stride ${stride}`,
      ours,
      other: stock,
      otherLabel: 'stock wasm kernel',
    });
  }

  // 3. BatchMatMul with a transposed operand: a 784 → 256 dense layer's backward pass, batch 64.
  {
    const x = seeded([1, 64, 784], 5);
    const dy = seeded([1, 64, 256], 6);
    const w = seeded([1, 784, 256], 7);
    const cases = [
      {
        shape: 'dW = xᵀ·dy  (784×64)·(64×256)',
        inputs: { a: x, b: dy },
        attrs: { transposeA: true, transposeB: false },
      },
      {
        shape: 'dx = dy·Wᵀ  (64×256)·(256×784)',
        inputs: { a: dy, b: w },
        attrs: { transposeA: false, transposeB: true },
      },
    ];
    for (const { shape, inputs, attrs } of cases) {
      const ours = timeKernel(tf, 'BatchMatMul', inputs, attrs, runs);
      const stock = withStock('BatchMatMul', () => timeKernel(tf, 'BatchMatMul', inputs, attrs, runs));
      rows.push({ kernel: 'BatchMatMul', shape, ours, other: stock, otherLabel: 'stock wasm kernel' });
    }
  }

  // 4. Tile that only broadcasts, as BatchNorm's gradient does every step.
  {
    const x = seeded([1, 1, 1, 16], 10);
    const attrs = { reps: [64, 28, 28, 1] };
    const ours = timeKernel(tf, 'Tile', { x }, attrs, runs);
    const stock = withStock('Tile', () => timeKernel(tf, 'Tile', { x }, attrs, runs));
    rows.push({
      kernel: 'Tile',
      shape: '[1,1,1,16] → [64,28,28,16] (broadcast)',
      ours,
      other: stock,
      otherLabel: 'stock wasm kernel',
    });
  }

  // 5. One training step of a small Fashion-MNIST-shaped CNN, end to end.
  {
    const wasmBatch = 64;
    const cpuBatch = 8;
    const wasmStep = await timeTrainingStep(tf, wasmBatch, runs);
    await tf.setBackend('cpu');
    const cpuStep = await timeTrainingStep(tf, cpuBatch, 2);
    await tf.setBackend('wasm');
    rows.push({
      kernel: 'CNN training step',
      shape: `batch ${wasmBatch}, 28×28×1 (see timeTrainingStep)`,
      ours: wasmStep,
      other: cpuStep * (wasmBatch / cpuBatch),
      otherLabel: `cpu backend (timed at batch ${cpuBatch}, ×${wasmBatch / cpuBatch})`,
    });
    const stepsPerEpoch = Math.ceil(60_000 / wasmBatch);
    console.log(
      `CNN epoch of 60k images (${stepsPerEpoch} steps), projected from the step time: ` +
        `wasm ${formatMs(wasmStep * stepsPerEpoch)}, cpu ${formatMs(cpuStep * (wasmBatch / cpuBatch) * stepsPerEpoch)}`,
    );
  }

  console.log(
    table(
      ['kernel', 'shape', 'Ceiling (wasm)', 'compared with', 'time', 'speed-up'],
      rows.map((row) => [
        row.kernel,
        row.shape,
        formatMs(row.ours),
        row.otherLabel,
        formatMs(row.other),
        `${(row.other / row.ours).toFixed(1)}×`,
      ]),
    ),
  );
  console.log(
    `(medians of ${runs} runs after a warm-up; the cpu figure of a median of ${Math.min(runs, 3)})`,
  );
  return 0;
}

/**
 * Median milliseconds of one `trainOnBatch` of conv(16, 3×3, same) → BatchNorm → relu → max pool 2 →
 * conv(32, 3×3, same, relu) → max pool 2 → flatten → dense(64, relu) → Dropout(0.25) → dense(10, softmax),
 * Adam, on the current backend; one warm-up step first.
 */
async function timeTrainingStep(tf: TensorFlow, batch: number, runs: number): Promise<number> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same' }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const images = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 8);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 9), 10);
  try {
    const once = async (): Promise<number> => {
      const start = performance.now();
      await model.trainOnBatch(images, labels);
      return performance.now() - start;
    };
    await once();
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) times.push(await once());
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    model.dispose();
    tf.dispose([images, labels]);
  }
}

/** Median milliseconds of `runs` calls of one kernel through the engine, after one warm-up call. */
function timeKernel(
  tf: TensorFlow,
  kernelName: string,
  inputs: Record<string, Tensor>,
  attrs: object,
  runs: number,
): number {
  const once = (): number => {
    const start = performance.now();
    tf.tidy(() => {
      const out = tf
        .engine()
        .runKernel(kernelName, inputs as NamedTensorMap, attrs as NamedAttrMap) as Tensor;
      out.dataSync();
    });
    return performance.now() - start;
  };
  once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runKernelsBench(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`bench kernels: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
