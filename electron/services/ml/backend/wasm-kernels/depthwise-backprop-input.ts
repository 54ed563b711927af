import type {
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs';
import { backend_util, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs';
import { inputGradientPadding, convAxes } from './conv-geometry';
import { WasmOps, type WasmBackendLike } from './wasm-ops';

/**
 * dx of a depthwise convolution (missing from tfjs-backend-wasm 4.22). With channel multiplier M:
 *
 *   dx[b, h, w, c] = Σ_m Σ over (i, p) with i·s + p·d − pad = h (likewise columns) of dy[b, i, j, c·M + m] · W[p, q, c, m]
 *
 * As in conv2d-backprop-input.ts: spread dy by the stride, convolve with the flipped filter, here
 * depthwise over the C·M channels of dy (multiplier 1), then sum the M channels that came from one input
 * channel:
 *
 *   up = zero-insert dy by (s_h, s_w)                                   [B, oH·s_h, oW·s_w, C·M]
 *   W' = reshape(reverse(W, [0, 1]), [fH, fW, C·M, 1])
 *   z  = depthwiseConv2d(up, W', stride 1, dilation d)                   [B, H, W, C·M]
 *   dx = sum(reshape(z, [B, H, W, C, M]), axis 4)                        [B, H, W, C]
 */
export function depthwiseConv2dBackpropInput(
  args: {
    inputs: { dy: TensorInfo; filter: TensorInfo };
    backend: WasmBackendLike;
    attrs: DepthwiseConv2dNativeBackpropInputAttrs;
  },
  stockKernels: ReadonlyMap<string, KernelConfig>,
): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
  const filterShape = filter.shape as [number, number, number, number];
  const convInfo = backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
    true,
  );
  const [batch, height, width, channels] = inputShape;
  const [filterHeight, filterWidth, , multiplier] = filterShape;
  const ops = new WasmOps(backend, stockKernels);
  try {
    const axes = convAxes(convInfo);
    const rows = inputGradientPadding(axes.rows);
    const columns = inputGradientPadding(axes.columns);
    const spread = ops.insertZeros(dy, convInfo.strideHeight, convInfo.strideWidth);
    const padded = ops.cropNegativePadding(spread, rows, columns);
    const flipped = ops.reshape(ops.reverse(filter, [0, 1]), [
      filterHeight,
      filterWidth,
      channels * multiplier,
      1,
    ]);
    const perOutputChannel = ops.depthwiseConv2d(
      padded.x,
      flipped,
      [1, 1],
      [convInfo.dilationHeight, convInfo.dilationWidth],
      padded.pad,
    );
    if (multiplier === 1) return ops.keep(perOutputChannel);
    return ops.keep(
      ops.sum(ops.reshape(perOutputChannel, [batch, height, width, channels, multiplier]), [4]),
    );
  } finally {
    ops.disposeIntermediates();
  }
}

export function depthwiseConv2dBackpropInputConfig(
  stockKernels: ReadonlyMap<string, KernelConfig>,
): KernelConfig {
  return {
    kernelName: DepthwiseConv2dNativeBackpropInput,
    backendName: 'wasm',
    kernelFunc: ((args) => depthwiseConv2dBackpropInput(args as never, stockKernels)) as KernelFunc,
  };
}
