import type { backend_util, TensorInfo } from '@tensorflow/tfjs';
import { subPixelAxis } from './conv-geometry';
import type { WasmOps } from './wasm-ops';

/**
 * dx of a strided 2-D convolution (dilation 1) as one stride-1 convolution of dy, whose output-channel
 * groups are the s_h·s_w phases of dx, followed by a depth-to-space rearrangement (conv-geometry.ts,
 * `subPixelAxis`, derives the filter taps and the padding per axis):
 *
 *   G[t'_h, t'_w, o, (ψ_h·s_w + ψ_w)·C + c] = W[k_h, k_w, c, o]   with k = sourceTap(ψ, t') per axis (0 if none)
 *   z  = conv2d(dy, G, stride 1)                                   [B, A_h, A_w, s_h·s_w·C]
 *   Y  = reshape(transpose(reshape(z, [B·A_h, A_w, s_h, s_w·C]), [0, 2, 1, 3]), [B, s_h·A_h, s_w·A_w, C])
 *   dx = Y[:, :H, :W, :]                                           (a crop only when s does not divide H or W)
 *
 * Y[b, s_h·a + ψ_h, s_w·a' + ψ_w, c] = z[b, a, a', (ψ_h·s_w + ψ_w)·C + c]: the reshape of the channel
 * axis interleaves the column phases, the rank-4 transpose the row phases. G is built in JavaScript: the
 * filter is small (3×3×64×32 = 18k values).
 */
export function subPixelInputGradient(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  convInfo: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, strideHeight, strideWidth } = convInfo;
  const [filterHeight, filterWidth] = filter.shape as [number, number, number, number];
  const rows = subPixelAxis({
    inSize: inHeight,
    filterSize: filterHeight,
    outSize: convInfo.outHeight,
    stride: strideHeight,
    padBefore: convInfo.padInfo.top,
  });
  const columns = subPixelAxis({
    inSize: inWidth,
    filterSize: filterWidth,
    outSize: convInfo.outWidth,
    stride: strideWidth,
    padBefore: convInfo.padInfo.left,
  });

  const w = ops.values(filter); // [fH, fW, C, O]
  const groups = strideHeight * strideWidth;
  const combinedChannels = groups * inChannels;
  const g = new Float32Array(rows.taps * columns.taps * outChannels * combinedChannels);
  for (let tapRow = 0; tapRow < rows.taps; tapRow += 1) {
    for (let tapColumn = 0; tapColumn < columns.taps; tapColumn += 1) {
      for (let phaseRow = 0; phaseRow < strideHeight; phaseRow += 1) {
        const kRow = rows.sourceTap(phaseRow, tapRow);
        if (kRow < 0) continue;
        for (let phaseColumn = 0; phaseColumn < strideWidth; phaseColumn += 1) {
          const kColumn = columns.sourceTap(phaseColumn, tapColumn);
          if (kColumn < 0) continue;
          const group = phaseRow * strideWidth + phaseColumn;
          for (let c = 0; c < inChannels; c += 1) {
            const from = ((kRow * filterWidth + kColumn) * inChannels + c) * outChannels;
            for (let o = 0; o < outChannels; o += 1) {
              const to = ((tapRow * columns.taps + tapColumn) * outChannels + o) * combinedChannels;
              g[to + group * inChannels + c] = w[from + o]!;
            }
          }
        }
      }
    }
  }
  const combined = ops.constant(g, [rows.taps, columns.taps, outChannels, combinedChannels]);

  const padded = ops.cropNegativePadding(dy, rows.padding, columns.padding);
  const phases = ops.conv2d(padded.x, combined, [1, 1], [1, 1], padded.pad);
  const rowsApart = ops.reshape(phases, [
    batchSize * rows.perPhase,
    columns.perPhase,
    strideHeight,
    strideWidth * inChannels,
  ]);
  const interleaved = ops.reshape(ops.transpose(rowsApart, [0, 2, 1, 3]), [
    batchSize,
    rows.perPhase * strideHeight,
    columns.perPhase * strideWidth,
    inChannels,
  ]);
  if (rows.perPhase * strideHeight === inHeight && columns.perPhase * strideWidth === inWidth)
    return interleaved;
  return ops.slice(interleaved, [0, 0, 0, 0], [batchSize, inHeight, inWidth, inChannels]);
}
