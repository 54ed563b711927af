import type { NamedAttrMap, NamedTensorMap, Tensor, Tensor4D } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTensorFlow, type TensorFlow, type TensorFlowRuntime } from './init-tensorflow';
import { referenceDepthwiseGradients } from './test-support/reference-depthwise-gradients';
import { relativeError, seededValues } from './test-support/seeded-values';

/**
 * Ceiling's wasm kernels against the cpu backend (tfjs's reference implementation), on seeded inputs:
 * valid / same / explicit padding, strides 1 and 2 (and mixed), odd sizes, 1×1 to 5×5 filters, batch 1,
 * several channels; dilation for the depthwise kernels (against a direct summation, since the cpu
 * backend's depthwise backprops ignore dilation); then gradients end to end and a training step of a
 * small CNN, so no kernel a CNN needs is missing on wasm.
 */
const TOLERANCE = 1e-4; // largest error relative to the result's largest magnitude

let runtime: TensorFlowRuntime;
let tf: TensorFlow;

beforeAll(async () => {
  runtime = await initTensorFlow();
  tf = runtime.tf;
});

type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];

/** Runs one kernel through the engine on a backend, from plain arrays, and returns its values. */
async function runOn(
  backendName: 'wasm' | 'cpu',
  kernelName: string,
  inputs: Record<string, { values: Float32Array; shape: number[] }>,
  attrs: object,
): Promise<{ values: Float32Array; shape: number[] }> {
  await tf.setBackend(backendName);
  const tensors = Object.fromEntries(
    Object.entries(inputs).map(([name, { values, shape }]) => [name, tf.tensor(values, shape, 'float32')]),
  );
  try {
    const out = tf.engine().runKernel(kernelName, tensors as NamedTensorMap, attrs as NamedAttrMap) as Tensor;
    const result = { values: out.dataSync() as Float32Array, shape: out.shape };
    out.dispose();
    return result;
  } finally {
    for (const tensor of Object.values(tensors)) tensor.dispose();
  }
}

async function expectWasmMatchesCpu(
  kernelName: string,
  inputs: Record<string, { values: Float32Array; shape: number[] }>,
  attrs: object,
): Promise<void> {
  const onCpu = await runOn('cpu', kernelName, inputs, attrs);
  const onWasm = await runOn('wasm', kernelName, inputs, attrs);
  expect(onWasm.shape).toEqual(onCpu.shape);
  expect(relativeError(onWasm.values, onCpu.values)).toBeLessThan(TOLERANCE);
}

const random = (shape: number[], seed: number) => ({
  values: seededValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
  ),
  shape,
});

/** The forward output size along one axis, as `computeConv2DInfo` gives it. */
function outSize(
  inSize: number,
  filter: number,
  stride: number,
  dilation: number,
  pad: Pad,
  axis: 1 | 2,
): number {
  const effective = (filter - 1) * dilation + 1;
  if (pad === 'same') return Math.ceil(inSize / stride);
  if (pad === 'valid') return Math.floor((inSize - effective) / stride) + 1;
  const [before, after] = pad[axis];
  return Math.floor((inSize + before + after - effective) / stride) + 1;
}

interface ConvCase {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: [number, number];
  pad: Pad;
  dilations?: [number, number];
}

const CONV_CASES: ConvCase[] = [
  { name: '7×9, 3×3, valid, stride 1', x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'valid' },
  { name: '7×9, 3×3, same, stride 1', x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { name: '7×9, 3×3, valid, stride 2', x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'valid' },
  {
    name: '8×10, 3×3, valid, stride 2 (last row unread)',
    x: [2, 8, 10, 3],
    filter: [3, 3, 3, 4],
    strides: [2, 2],
    pad: 'valid',
  },
  { name: '7×9, 3×3, same, stride 2', x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  { name: '8×8, 5×5, same, stride 2', x: [3, 8, 8, 2], filter: [5, 5, 2, 3], strides: [2, 2], pad: 'same' },
  { name: '7×9, 5×5, valid, stride 1', x: [2, 7, 9, 4], filter: [5, 5, 4, 2], strides: [1, 1], pad: 'valid' },
  { name: '7×9, 1×1, valid, stride 2', x: [2, 7, 9, 3], filter: [1, 1, 3, 5], strides: [2, 2], pad: 'valid' },
  {
    name: '7×9, 3×3, same, strides 1×2',
    x: [2, 7, 9, 3],
    filter: [3, 3, 3, 4],
    strides: [1, 2],
    pad: 'same',
  },
  {
    name: 'batch 1, 6 → 8 channels, 3×3, same',
    x: [1, 7, 9, 6],
    filter: [3, 3, 6, 8],
    strides: [1, 1],
    pad: 'same',
  },
  {
    name: 'explicit padding (1, 2) × (2, 0), stride 2',
    x: [2, 7, 9, 3],
    filter: [3, 3, 3, 4],
    strides: [2, 2],
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
];

function dyShape(c: ConvCase, outChannels: number): Shape4 {
  const dilations = c.dilations ?? [1, 1];
  return [
    c.x[0],
    outSize(c.x[1], c.filter[0], c.strides[0], dilations[0], c.pad, 1),
    outSize(c.x[2], c.filter[1], c.strides[1], dilations[1], c.pad, 2),
    outChannels,
  ];
}

describe('wasm backend initialisation', () => {
  it('runs wasm with SIMD and says why native is not used', () => {
    expect(runtime.backend.name).toBe('wasm');
    expect(runtime.backend.simd).toBe(true);
    expect(runtime.backend.reason).toContain('@tensorflow/tfjs-node');
    expect(runtime.backend.problems.length).toBeGreaterThan(0);
  });

  it("registers Ceiling's kernels", () => {
    const kernels = runtime.backend.wasmKernels!;
    expect(kernels.added).toEqual(
      expect.arrayContaining([
        'Conv2DBackpropFilter',
        'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput',
      ]),
    );
    expect(kernels.replaced).toEqual(expect.arrayContaining(['Conv2DBackpropInput', 'BatchMatMul', 'Tile']));
  });

  it('leaves no Emscripten listener that rethrows unhandled rejections (it would kill the process with exit 7)', () => {
    const rethrowing = [
      ...process.listeners('unhandledRejection'),
      ...process.listeners('uncaughtException'),
    ].filter((listener) => /throw (reason|ex)\b/.test(String(listener)));
    expect(rethrowing).toEqual([]);
  });

  it('gives the same runtime to every caller', async () => {
    expect(await initTensorFlow()).toBe(runtime);
  });
});

describe('Conv2DBackpropFilter on wasm equals the cpu backend', () => {
  for (const c of CONV_CASES) {
    it(c.name, async () => {
      await expectWasmMatchesCpu(
        'Conv2DBackpropFilter',
        { x: random(c.x, 1), dy: random(dyShape(c, c.filter[3]), 2) },
        { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
      );
    });
  }
});

describe('Conv2DBackpropInput on wasm equals the cpu backend', () => {
  for (const c of CONV_CASES) {
    it(c.name, async () => {
      await expectWasmMatchesCpu(
        'Conv2DBackpropInput',
        { dy: random(dyShape(c, c.filter[3]), 3), filter: random(c.filter, 4) },
        { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
      );
    });
  }
});

/** Depthwise: filter [fH, fW, C, multiplier]; dy has C·multiplier channels. */
const DEPTHWISE_CASES: ConvCase[] = [
  {
    name: '7×9, 3×3, valid, stride 1, multiplier 2',
    x: [2, 7, 9, 3],
    filter: [3, 3, 3, 2],
    strides: [1, 1],
    pad: 'valid',
  },
  {
    name: '7×9, 3×3, same, stride 2, multiplier 1',
    x: [2, 7, 9, 4],
    filter: [3, 3, 4, 1],
    strides: [2, 2],
    pad: 'same',
  },
  {
    name: '8×10, 3×3, valid, stride 2 (last row unread)',
    x: [2, 8, 10, 3],
    filter: [3, 3, 3, 2],
    strides: [2, 2],
    pad: 'valid',
  },
  {
    name: '8×8, 5×5, same, stride 2, multiplier 3',
    x: [1, 8, 8, 2],
    filter: [5, 5, 2, 3],
    strides: [2, 2],
    pad: 'same',
  },
  { name: '7×9, 1×1, valid, stride 1', x: [2, 7, 9, 3], filter: [1, 1, 3, 2], strides: [1, 1], pad: 'valid' },
  {
    name: 'batch 1, 5 channels, 3×3, same',
    x: [1, 7, 9, 5],
    filter: [3, 3, 5, 1],
    strides: [1, 1],
    pad: 'same',
  },
];
const DILATED_DEPTHWISE_CASES: ConvCase[] = [
  {
    name: 'dilation 2, 3×3, same, multiplier 2',
    x: [2, 9, 11, 3],
    filter: [3, 3, 3, 2],
    strides: [1, 1],
    pad: 'same',
    dilations: [2, 2],
  },
  {
    name: 'stride 2 and dilation 2 at once (the kernels allow it; tfjs ops do not)',
    x: [2, 11, 12, 2],
    filter: [3, 3, 2, 2],
    strides: [2, 2],
    pad: 'valid',
    dilations: [2, 2],
  },
  {
    name: 'dilation 2, 3×3, valid',
    x: [1, 9, 11, 2],
    filter: [3, 3, 2, 1],
    strides: [1, 1],
    pad: 'valid',
    dilations: [2, 2],
  },
  {
    name: 'dilations 2×1, 5×5 filter... 3×5, same',
    x: [2, 7, 9, 2],
    filter: [3, 5, 2, 2],
    strides: [1, 1],
    pad: 'same',
    dilations: [2, 1],
  },
];

function depthwiseOutChannels(c: ConvCase): number {
  return c.filter[2] * c.filter[3];
}

describe('DepthwiseConv2dNative backprops on wasm equal the cpu backend', () => {
  for (const c of DEPTHWISE_CASES) {
    it(`filter: ${c.name}`, async () => {
      await expectWasmMatchesCpu(
        'DepthwiseConv2dNativeBackpropFilter',
        { x: random(c.x, 5), dy: random(dyShape(c, depthwiseOutChannels(c)), 6) },
        { strides: c.strides, dilations: [1, 1], pad: c.pad, filterShape: c.filter },
      );
    });
    it(`input: ${c.name}`, async () => {
      await expectWasmMatchesCpu(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: random(dyShape(c, depthwiseOutChannels(c)), 7), filter: random(c.filter, 8) },
        { strides: c.strides, dilations: [1, 1], pad: c.pad, inputShape: c.x },
      );
    });
  }
});

describe('dilated DepthwiseConv2dNative backprops on wasm equal a direct summation', () => {
  for (const c of DILATED_DEPTHWISE_CASES) {
    it(c.name, async () => {
      const dilations = c.dilations!;
      const x = random(c.x, 9);
      const filter = random(c.filter, 10);
      const dy = random(dyShape(c, depthwiseOutChannels(c)), 11);
      const padTop =
        c.pad === 'same'
          ? Math.floor((dy.shape[1]! - 1 + (c.filter[0] - 1) * dilations[0] + 1 - c.x[1]) / 2)
          : 0;
      const padLeft =
        c.pad === 'same'
          ? Math.floor((dy.shape[2]! - 1 + (c.filter[1] - 1) * dilations[1] + 1 - c.x[2]) / 2)
          : 0;
      const reference = referenceDepthwiseGradients(x.values, filter.values, dy.values, {
        xShape: c.x,
        filterShape: c.filter,
        outHeight: dy.shape[1]!,
        outWidth: dy.shape[2]!,
        strides: c.strides,
        dilations,
        padTop: Math.max(0, padTop),
        padLeft: Math.max(0, padLeft),
      });
      const attrs = { strides: c.strides, dilations, pad: c.pad };
      const dFilter = await runOn(
        'wasm',
        'DepthwiseConv2dNativeBackpropFilter',
        { x, dy },
        { ...attrs, filterShape: c.filter },
      );
      const dx = await runOn(
        'wasm',
        'DepthwiseConv2dNativeBackpropInput',
        { dy, filter },
        { ...attrs, inputShape: c.x },
      );
      expect(relativeError(dFilter.values, reference.dFilter)).toBeLessThan(TOLERANCE);
      expect(relativeError(dx.values, reference.dx)).toBeLessThan(TOLERANCE);
    });
  }
});

describe('BatchMatMul with transposed operands on wasm equals the cpu backend', () => {
  const cases = [
    { name: 'aᵀ·b', a: [2, 7, 5], b: [2, 7, 4], transposeA: true, transposeB: false },
    { name: 'a·bᵀ', a: [2, 5, 7], b: [2, 4, 7], transposeA: false, transposeB: true },
    { name: 'aᵀ·bᵀ', a: [3, 7, 5], b: [3, 4, 7], transposeA: true, transposeB: true },
    {
      name: 'aᵀ·b, b broadcast over the batch',
      a: [3, 7, 5],
      b: [1, 7, 4],
      transposeA: true,
      transposeB: false,
    },
    { name: 'a·b, untouched stock path', a: [2, 5, 7], b: [2, 7, 4], transposeA: false, transposeB: false },
  ];
  for (const { name, a, b, transposeA, transposeB } of cases) {
    it(name, async () => {
      await expectWasmMatchesCpu(
        'BatchMatMul',
        { a: random(a, 12), b: random(b, 13) },
        { transposeA, transposeB },
      );
    });
  }
});

describe('Tile on wasm equals the cpu backend', () => {
  const cases = [
    {
      name: 'a broadcast, as BatchNorm’s gradient does: [1, 1, 1, 5] × [2, 7, 9, 1]',
      shape: [1, 1, 1, 5],
      reps: [2, 7, 9, 1],
    },
    { name: 'a broadcast of a middle axis: [3, 1, 4] × [1, 6, 1]', shape: [3, 1, 4], reps: [1, 6, 1] },
    { name: 'a real repetition (stock kernel): [2, 3] × [3, 2]', shape: [2, 3], reps: [3, 2] },
  ];
  for (const { name, shape, reps } of cases) {
    it(name, async () => {
      await expectWasmMatchesCpu('Tile', { x: random(shape, 18) }, { reps });
    });
  }
});

describe('on wasm, the composed kernels', () => {
  it('free every intermediate buffer', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(seededValues(2 * 8 * 10 * 3, 14), [2, 8, 10, 3]);
    const dy = tf.tensor(seededValues(2 * 3 * 4 * 4, 15), [2, 3, 4, 4]);
    const filter = tf.tensor(seededValues(3 * 3 * 3 * 4, 16), [3, 3, 3, 4]);
    const a = tf.tensor(seededValues(2 * 7 * 5, 17), [2, 7, 5]);
    const before = tf.backend().numDataIds();
    for (let round = 0; round < 3; round += 1) {
      tf.tidy(() => {
        const attrs = { strides: [2, 2], pad: 'valid', dataFormat: 'NHWC' };
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 3, 4] });
        tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: [2, 8, 10, 3] });
        // 7×9 with stride 2: the sub-pixel path computes 8×10 and crops.
        tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: [2, 7, 9, 3] });
        tf.engine().runKernel('BatchMatMul', { a, b: a }, { transposeA: true, transposeB: false });
        tf.engine().runKernel('Tile', { x: a }, { reps: [1, 1, 3] });
        tf.engine().runKernel('Tile', { x: tf.reshape(a, [2, 7, 5, 1]) }, { reps: [1, 1, 1, 4] });
      });
    }
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([x, dy, filter, a]);
  });
});

describe('gradients end to end', () => {
  /** d/dx and d/dw of Σ r ⊙ avgPool(maxPool(relu(conv(x, w) + bias))) on one backend. */
  async function gradientsOn(backendName: 'wasm' | 'cpu'): Promise<Float32Array[]> {
    await tf.setBackend(backendName);
    return tf.tidy(() => {
      const x = tf.tensor4d(seededValues(2 * 9 * 11 * 3, 20), [2, 9, 11, 3]);
      const w = tf.tensor4d(seededValues(3 * 3 * 3 * 5, 21), [3, 3, 3, 5]);
      const bias = tf.tensor1d(seededValues(5, 22));
      const r = tf.tensor4d(seededValues(2 * 2 * 2 * 5, 23), [2, 2, 2, 5]);
      const loss = (input: Tensor, weights: Tensor, b: Tensor) => {
        const conv = tf
          .conv2d(input as Tensor4D, weights as Tensor4D, 2, 'same')
          .add(b)
          .relu() as Tensor4D;
        return tf
          .avgPool(tf.maxPool(conv, 2, 1, 'valid'), 2, 2, 'valid')
          .mul(r)
          .sum();
      };
      return tf
        .grads(loss)([x, w, bias])
        .map((gradient) => gradient.dataSync() as Float32Array);
    });
  }

  it('of a strided conv → relu → max pool → avg pool are equal on wasm and cpu', async () => {
    const onCpu = await gradientsOn('cpu');
    const onWasm = await gradientsOn('wasm');
    for (const [index, gradient] of onWasm.entries()) {
      expect(relativeError(gradient, onCpu[index]!)).toBeLessThan(TOLERANCE);
    }
  });

  it('let a small CNN (conv, BatchNorm, max pool, Dropout, dense) and an MLP train on wasm', async () => {
    await tf.setBackend('wasm');
    const cnn = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [12, 12, 1],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        tf.layers.batchNormalization(),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const mlp = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [12, 12, 1] }),
        tf.layers.dense({ units: 16, activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.dropout({ rate: 0.2 }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const images = tf.tensor4d(seededValues(16 * 12 * 12, 30), [16, 12, 12, 1]);
    const labels = tf.oneHot(
      tf.tensor1d(
        [...Array(16).keys()].map((i) => i % 3),
        'int32',
      ),
      3,
    );
    for (const model of [cnn, mlp]) {
      model.compile({
        optimizer: tf.train.adam(0.01),
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
      });
      const history = await model.fit(images, labels, { epochs: 8, batchSize: 8, verbose: 0 });
      const losses = history.history.loss as number[];
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(losses[0]!);
      model.dispose();
    }
    tf.dispose([images, labels]);
  });
});
