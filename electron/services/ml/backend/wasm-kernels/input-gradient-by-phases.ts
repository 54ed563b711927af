import type { TensorInfo } from '@tensorflow/tfjs';
import { inputGradientPhases } from './conv-geometry';
import type { ExplicitPadding, WasmOps } from './wasm-ops';

export interface StridedInputGradient {
  /** dy, [B, oH, oW, K]. */
  dy: TensorInfo;
  /** The forward filter in its forward layout, [fH, fW, …, …]. */
  filter: TensorInfo;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  /** Channels of dx per position, as `convolvePhase` returns them. */
  outChannels: number;
  /**
   * One phase's stride-1, dilation-1 convolution of (cropped) dy with `subFilter` — the forward filter's
   * taps for this phase, already reversed spatially, still in the forward layout — under `pad`.
   */
  convolvePhase(dy: TensorInfo, subFilter: TensorInfo, pad: ExplicitPadding): TensorInfo;
}

/**
 * dx of a strided convolution as s_h·s_w stride-1 convolutions, one per output phase, interleaved
 * (conv-geometry.ts, `inputGradientPhases`, has the derivation). Used for strides > 1 instead of the
 * zero-inserted convolution, which spends (s²−1)/s² of its multiplications on zeros.
 *
 *   Y[b, s_h·a + φ_h, s_w·a' + φ_w, c] = phase(φ_h, φ_w)[b, a, a', c]
 *     = reshape(transpose(stack of phases [s_h, s_w, B, A_h, A_w, C], [2, 3, 0, 4, 1, 5]), [B, s_h·A_h, s_w·A_w, C])
 *   dx = Y[:, pad_top : pad_top + H, pad_left : pad_left + W, :]
 */
export function inputGradientByPhases(ops: WasmOps, problem: StridedInputGradient): TensorInfo {
  const { dy, filter, strideHeight, strideWidth, padTop, padLeft, outChannels } = problem;
  const rows = inputGradientPhases({
    inSize: problem.inHeight,
    filterSize: filter.shape[0]!,
    outSize: problem.outHeight,
    stride: strideHeight,
    padBefore: padTop,
  });
  const columns = inputGradientPhases({
    inSize: problem.inWidth,
    filterSize: filter.shape[1]!,
    outSize: problem.outWidth,
    stride: strideWidth,
    padBefore: padLeft,
  });
  const batch = dy.shape[0]!;
  const phaseShape = [1, batch, rows.perPhase, columns.perPhase, outChannels];
  const phases: TensorInfo[] = [];
  for (const row of rows.phases) {
    for (const column of columns.phases) {
      if (row.taps === 0 || column.taps === 0) {
        phases.push(ops.zeros(phaseShape));
        continue;
      }
      const taps = ops.stridedSlice(
        filter,
        [row.phase, column.phase, 0, 0],
        [filter.shape[0]!, filter.shape[1]!, filter.shape[2]!, filter.shape[3]!],
        [strideHeight, strideWidth, 1, 1],
      );
      const subFilter = ops.reverse(taps, [0, 1]);
      const padded = ops.cropNegativePadding(dy, row.padding, column.padding);
      phases.push(ops.reshape(problem.convolvePhase(padded.x, subFilter, padded.pad), phaseShape));
    }
  }
  const stacked = ops.reshape(ops.concat(phases, 0), [
    strideHeight,
    strideWidth,
    batch,
    rows.perPhase,
    columns.perPhase,
    outChannels,
  ]);
  const interleaved = ops.reshape(ops.transpose(stacked, [2, 3, 0, 4, 1, 5]), [
    batch,
    rows.perPhase * strideHeight,
    columns.perPhase * strideWidth,
    outChannels,
  ]);
  return ops.slice(
    interleaved,
    [0, padTop, padLeft, 0],
    [batch, problem.inHeight, problem.inWidth, outChannels],
  );
}
