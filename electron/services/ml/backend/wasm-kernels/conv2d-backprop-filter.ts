import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs';
import { filterGradientPadding, convAxes } from './conv-geometry';
import { WasmOps, type WasmBackendLike } from './wasm-ops';

/**
 * dW of a 2-D convolution, which tfjs-backend-wasm 4.22 does not have (training a CNN on wasm throws
 * "Kernel 'Conv2DBackpropFilter' not registered"; the cpu backend's loop takes ~21 s on a
 * 64×13×13×32 → 64 conv, DESIGN §9).
 *
 * dW[p, q, c, o] = Σ_{b,i,j} x[b, i·s_h + p·d_h − pad_top, j·s_w + q·d_w − pad_left, c] · dy[b, i, j, o]
 *
 * Read with c as the batch, b as the input channel and dy as the filter, this is a forward convolution
 * (conv-geometry.ts derives the padding):
 *
 *   x' = transpose(x, [3, 1, 2, 0])    [C, H, W, B]      images = input channels, channels = the batch
 *   f' = transpose(dy, [1, 2, 0, 3])   [oH, oW, B, O]    a filter of dy's spatial size, B in, O out
 *   z  = conv2d(x', f', stride = d, dilation = s, padding p before)     [C, fH, fW, O]
 *   dW = transpose(z, [1, 2, 0, 3])    [fH, fW, C, O]
 *
 * The forward stride becomes the dilation of this convolution and the forward dilation its stride (tfjs
 * passes no dilation to this kernel: it is 1; the code keeps d general, as the depthwise kernel needs it).
 */
export function conv2dBackpropFilter(
  args: {
    inputs: { x: TensorInfo; dy: TensorInfo };
    backend: WasmBackendLike;
    attrs: Conv2DBackpropFilterAttrs;
  },
  stockKernels: ReadonlyMap<string, KernelConfig>,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const convInfo = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (convInfo.dataFormat !== 'channelsLast') {
    throw new Error(
      `Ceiling's wasm Conv2DBackpropFilter supports NHWC only (got ${dataFormat}), as wasm's Conv2D does`,
    );
  }
  const ops = new WasmOps(backend, stockKernels);
  try {
    const axes = convAxes(convInfo);
    const rows = filterGradientPadding(axes.rows);
    const columns = filterGradientPadding(axes.columns);
    const batchAsChannels = ops.transpose(x, [3, 1, 2, 0]);
    const padded = ops.cropNegativePadding(batchAsChannels, rows, columns);
    const dyAsFilter = ops.transpose(dy, [1, 2, 0, 3]);
    const perChannel = ops.conv2d(
      padded.x,
      dyAsFilter,
      [convInfo.dilationHeight, convInfo.dilationWidth],
      [convInfo.strideHeight, convInfo.strideWidth],
      padded.pad,
    );
    return ops.keep(ops.transpose(perChannel, [1, 2, 0, 3]));
  } finally {
    ops.disposeIntermediates();
  }
}

export function conv2dBackpropFilterConfig(stockKernels: ReadonlyMap<string, KernelConfig>): KernelConfig {
  return {
    kernelName: Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: ((args) => conv2dBackpropFilter(args as never, stockKernels)) as KernelFunc,
  };
}
