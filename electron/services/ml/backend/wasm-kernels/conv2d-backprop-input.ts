import type { Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util, Conv2DBackpropInput } from '@tensorflow/tfjs';
import { inputGradientPadding, convAxes } from './conv-geometry';
import { subPixelInputGradient } from './sub-pixel-input-gradient';
import { WasmOps, type WasmBackendLike } from './wasm-ops';

/**
 * dx of a 2-D convolution, replacing tfjs-backend-wasm's own `Conv2DBackpropInput` (a scalar C++ loop:
 * ~8× slower than this on the machines here, DESIGN §9).
 *
 * dx[b, h, w, c] = Σ over (i, p) with i·s + p·d − pad = h (and likewise for columns) of dy[b, i, j, o] · W[p, q, c, o]
 *
 * is a forward convolution of dy once dy is spread out by the stride (conv-geometry.ts derives it):
 *
 *   up = zero-insert dy by (s_h, s_w)                    [B, oH·s_h, oW·s_w, O]
 *   W' = transpose(reverse(W, [0, 1]), [0, 1, 3, 2])     [fH, fW, O, C]   the filter flipped, in/out swapped
 *   dx = conv2d(up, W', stride 1, dilation d, padding (f−1)·d − pad before)   [B, H, W, C]
 *
 * The "transposed convolution" of Dumoulin & Visin, "A guide to convolution arithmetic for deep
 * learning" (2016), §4.5. That is what runs for stride 1 (no zeros to insert). For strides > 1,
 * (s²−1)/s² of `up` would be zeros, so dx is computed as a sub-pixel convolution instead: one stride-1
 * convolution of dy whose output channels are the s_h·s_w phases of dx (sub-pixel-input-gradient.ts).
 */
export function conv2dBackpropInput(
  args: {
    inputs: { dy: TensorInfo; filter: TensorInfo };
    backend: WasmBackendLike;
    attrs: Conv2DBackpropInputAttrs;
  },
  stockKernels: ReadonlyMap<string, KernelConfig>,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const convInfo = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (convInfo.dataFormat !== 'channelsLast') {
    throw new Error(
      `Ceiling's wasm Conv2DBackpropInput supports NHWC only (got ${dataFormat}), as wasm's Conv2D does`,
    );
  }
  const ops = new WasmOps(backend, stockKernels);
  try {
    if (convInfo.strideHeight > 1 || convInfo.strideWidth > 1) {
      return ops.keep(subPixelInputGradient(ops, dy, filter, convInfo));
    }
    const axes = convAxes(convInfo);
    const rows = inputGradientPadding(axes.rows);
    const columns = inputGradientPadding(axes.columns);
    // Stride 1 from here: `up` is dy itself.
    const padded = ops.cropNegativePadding(dy, rows, columns);
    const flipped = ops.transpose(ops.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return ops.keep(
      ops.conv2d(padded.x, flipped, [1, 1], [convInfo.dilationHeight, convInfo.dilationWidth], padded.pad),
    );
  } finally {
    ops.disposeIntermediates();
  }
}

export function conv2dBackpropInputConfig(stockKernels: ReadonlyMap<string, KernelConfig>): KernelConfig {
  return {
    kernelName: Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: ((args) => conv2dBackpropInput(args as never, stockKernels)) as KernelFunc,
  };
}
