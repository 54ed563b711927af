import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { getKernel } from '@tensorflow/tfjs';
import type { AxisPadding } from './conv-geometry';

/**
 * The wasm backend instance, as much of it as the composed kernels use (tfjs-backend-wasm does not export
 * its `BackendWasm` type from the package root).
 */
export interface WasmBackendLike {
  /** Drops one reference to a tensor's memory; reshape only adds a reference, so all results are disposed alike. */
  disposeData(dataId: object, force?: boolean): boolean;
  /** A copy of a tensor's values (of the whole tensor: keep it for small ones, such as filters). */
  readSync(dataId: object): unknown;
  /** A new tensor; with `values` (and no memory offset) it holds a copy of them. */
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): TensorInfo;
}

/** Explicit NHWC padding as tfjs kernels take it: [[0,0],[top,bottom],[left,right],[0,0]]. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/**
 * Stock wasm kernels, called directly the way tfjs's own backends compose kernels (the cpu backend's
 * `conv2DBackpropInput` calls its `reshape`): no engine, no gradient tape. Every result is an
 * intermediate that {@link disposeIntermediates} frees, except the one handed to {@link keep}, which the
 * composed kernel returns to the engine.
 *
 *   const ops = new WasmOps(backend, stockKernels);
 *   try { return ops.keep(ops.conv2d(...)); } finally { ops.disposeIntermediates(); }
 *
 * `stockKernels` holds kernel configs captured before Ceiling replaced any (BatchMatMul,
 * Conv2DBackpropInput, Tile), so a composed kernel never calls itself.
 */
export class WasmOps {
  private readonly intermediates: TensorInfo[] = [];

  constructor(
    private readonly backend: WasmBackendLike,
    private readonly stockKernels: ReadonlyMap<string, KernelConfig>,
  ) {}

  /** Runs one stock kernel and tracks its result as an intermediate. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: object = {}): TensorInfo {
    const config = this.stockKernels.get(kernelName) ?? getKernel(kernelName, 'wasm');
    if (!config) throw new Error(`Kernel '${kernelName}' not registered for backend 'wasm'`);
    const result = config.kernelFunc({
      inputs,
      backend: this.backend as never,
      attrs: attrs as NamedAttrMap,
    });
    if (Array.isArray(result))
      throw new Error(`Kernel '${kernelName}' returned several tensors; one was expected`);
    this.intermediates.push(result);
    return result;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  sum(x: TensorInfo, axis: number[]): TensorInfo {
    return this.run('Sum', { x }, { axis, keepDims: false });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  zeros(shape: number[]): TensorInfo {
    return this.run('Fill', {}, { shape, value: 0, dtype: 'float32' });
  }

  /**
   * Zero-insertion ("dilating" a gradient by the forward stride): out[b, i·sH, j·sW, c] = x[b, i, j, c],
   * zeros elsewhere, shape [B, H·sH, W·sW, C]. Built as reshape → PadV2 → reshape: each value gets
   * sH−1 zero rows after it and sW−1 zero columns. The last sH−1 rows and sW−1 columns are zeros past the
   * classic (H−1)·s+1 size; callers account for them as extra padding at the end (see conv-geometry).
   */
  insertZeros(x: TensorInfo, strideHeight: number, strideWidth: number): TensorInfo {
    if (strideHeight === 1 && strideWidth === 1) return x;
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    const spread = this.reshape(x, [batch, height, 1, width, 1, channels]);
    const padded = this.run(
      'PadV2',
      { x: spread },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, strideHeight - 1],
          [0, 0],
          [0, strideWidth - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    return this.reshape(padded, [batch, height * strideHeight, width * strideWidth, channels]);
  }

  /**
   * Applies padding that may be negative along H and W of an NHWC tensor: negative amounts are cropped
   * here (a Slice), and the remaining non-negative amounts are returned as explicit padding for a
   * convolution, which pads with zeros itself.
   */
  cropNegativePadding(
    x: TensorInfo,
    rows: AxisPadding,
    columns: AxisPadding,
  ): { x: TensorInfo; pad: ExplicitPadding } {
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    const cropTop = Math.max(0, -rows.before);
    const cropBottom = Math.max(0, -rows.after);
    const cropLeft = Math.max(0, -columns.before);
    const cropRight = Math.max(0, -columns.after);
    const pad: ExplicitPadding = [
      [0, 0],
      [Math.max(0, rows.before), Math.max(0, rows.after)],
      [Math.max(0, columns.before), Math.max(0, columns.after)],
      [0, 0],
    ];
    if (cropTop + cropBottom + cropLeft + cropRight === 0) return { x, pad };
    const cropped = this.run(
      'Slice',
      { x },
      {
        begin: [0, cropTop, cropLeft, 0],
        size: [batch, height - cropTop - cropBottom, width - cropLeft - cropRight, channels],
      },
    );
    return { x: cropped, pad };
  }

  /** The stock XNNPACK convolution; filter [fH, fW, inC, outC]. Strides and dilations may both exceed 1 here. */
  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pad: ExplicitPadding,
  ): TensorInfo {
    return this.run('Conv2D', { x, filter }, { strides, dilations, pad, dataFormat: 'NHWC' });
  }

  /** The stock XNNPACK depthwise convolution; filter [fH, fW, C, multiplier]. */
  depthwiseConv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pad: ExplicitPadding,
  ): TensorInfo {
    return this.run('DepthwiseConv2dNative', { x, filter }, { strides, dilations, pad });
  }

  /** The values of a small tensor, read into JavaScript. */
  values(x: TensorInfo): Float32Array {
    return this.backend.readSync(x.dataId) as Float32Array;
  }

  /** A tensor made from JavaScript values, tracked as an intermediate. */
  constant(values: Float32Array, shape: number[]): TensorInfo {
    const tensor = this.backend.makeOutput(shape, 'float32', undefined, values);
    this.intermediates.push(tensor);
    return tensor;
  }

  /** Marks the kernel's output: it is not disposed with the intermediates. */
  keep(result: TensorInfo): TensorInfo {
    const index = this.intermediates.lastIndexOf(result);
    if (index >= 0) this.intermediates.splice(index, 1);
    return result;
  }

  disposeIntermediates(): void {
    for (const tensor of this.intermediates.splice(0)) this.backend.disposeData(tensor.dataId);
  }
}
