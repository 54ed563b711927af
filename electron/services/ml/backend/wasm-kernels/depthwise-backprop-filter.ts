import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs';
import { backend_util, DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs';
import { filterGradientPadding, convAxes } from './conv-geometry';
import { WasmOps, type WasmBackendLike } from './wasm-ops';

/**
 * dW of a depthwise convolution (missing from tfjs-backend-wasm 4.22). With channel multiplier M, output
 * channel c·M + m of the forward pass reads only input channel c:
 *
 *   dW[p, q, c, m] = Σ_{b,i,j} x[b, i·s_h + p·d_h − pad_top, j·s_w + q·d_w − pad_left, c] · dy[b, i, j, c·M + m]
 *
 * As in conv2d-backprop-filter.ts this is a convolution whose filter is dy, with stride d and dilation s,
 * but there is no sum over c, so each (b, c) pair is its own channel of a *depthwise* convolution over a
 * single image, and the sum over b is taken afterwards:
 *
 *   x' = reshape(transpose(x, [1, 2, 0, 3]), [1, H, W, B·C])            channel b·C + c
 *   f' = reshape(transpose(dy, [1, 2, 0, 3]), [oH, oW, B·C, M])         (b, c·M + m) → (b·C + c, m)
 *   z  = depthwiseConv2d(x', f', stride = d, dilation = s)              [1, fH, fW, B·C·M]
 *   dW = sum(reshape(z, [fH, fW, B, C, M]), axis 2)                     [fH, fW, C, M]
 *
 * Unlike the cpu backend's loop (which ignores `dilations`), dilation is honoured.
 */
export function depthwiseConv2dBackpropFilter(
  args: {
    inputs: { x: TensorInfo; dy: TensorInfo };
    backend: WasmBackendLike;
    attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
  },
  stockKernels: ReadonlyMap<string, KernelConfig>,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
  const convInfo = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
    true,
  );
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const multiplier = convInfo.outChannels / convInfo.inChannels;
  const ops = new WasmOps(backend, stockKernels);
  try {
    const axes = convAxes(convInfo);
    const rows = filterGradientPadding(axes.rows);
    const columns = filterGradientPadding(axes.columns);
    const onePicture = ops.reshape(ops.transpose(x, [1, 2, 0, 3]), [1, height, width, batch * channels]);
    const padded = ops.cropNegativePadding(onePicture, rows, columns);
    const dyAsFilter = ops.reshape(ops.transpose(dy, [1, 2, 0, 3]), [
      convInfo.outHeight,
      convInfo.outWidth,
      batch * channels,
      multiplier,
    ]);
    const perImage = ops.depthwiseConv2d(
      padded.x,
      dyAsFilter,
      [convInfo.dilationHeight, convInfo.dilationWidth],
      [convInfo.strideHeight, convInfo.strideWidth],
      padded.pad,
    );
    const split = ops.reshape(perImage, [
      convInfo.filterHeight,
      convInfo.filterWidth,
      batch,
      channels,
      multiplier,
    ]);
    return ops.keep(ops.sum(split, [2]));
  } finally {
    ops.disposeIntermediates();
  }
}

export function depthwiseConv2dBackpropFilterConfig(
  stockKernels: ReadonlyMap<string, KernelConfig>,
): KernelConfig {
  return {
    kernelName: DepthwiseConv2dNativeBackpropFilter,
    backendName: 'wasm',
    kernelFunc: ((args) => depthwiseConv2dBackpropFilter(args as never, stockKernels)) as KernelFunc,
  };
}
