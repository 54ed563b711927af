/**
 * The index arithmetic behind the convolution gradients, one spatial axis at a time, so it can be read
 * (and tested) without tensors. Notation for one axis of a forward convolution (tfjs / TensorFlow
 * semantics, as in `backend_util.computeConv2DInfo`):
 *
 *   n  input size          f  filter size        s  stride        d  dilation
 *   p  padding before      m  output size (dy's size along the axis)
 *
 *   y[i] = Σ_k x[i·s + k·d − p] · w[k]            for i in [0, m), k in [0, f)
 *
 * where x is zero outside [0, n). The gradients are sums over the same index pairs, re-read as forward
 * convolutions, which the wasm backend runs fast (XNNPACK):
 *
 *  - dW[k] = Σ_i x[i·s + k·d − p] · dy[i]: a convolution over x whose *filter is dy*, with stride d and
 *    dilation s (the forward stride), padding p before; its output has exactly f positions.
 *  - dx[h] = Σ_{i,k : i·s + k·d − p = h} dy[i] · w[k]: spread dy out by s (zero-insertion), then a
 *    stride-1 convolution with the flipped filter w[f−1−k] and dilation d, padding (f−1)·d − p before.
 *
 * Padding may come out negative (the forward pass never read the last rows of x, or the forward padding
 * exceeded the filter's reach): the caller crops those rows instead.
 */

/** Padding for one axis; negative means "crop this many". */
export interface AxisPadding {
  before: number;
  after: number;
}

export interface ConvAxis {
  /** n: the forward input's size along this axis. */
  inSize: number;
  /** f: the filter's size along this axis. */
  filterSize: number;
  /** m: the forward output's (dy's) size along this axis. */
  outSize: number;
  /** s */
  stride: number;
  /** d */
  dilation: number;
  /** p: the forward padding before the first input element (padInfo.top / padInfo.left). */
  padBefore: number;
}

/**
 * Padding of x for dW as a forward convolution (filter = dy, stride = d, dilation = s).
 *
 * The last x index read is (f−1)·d + (m−1)·s − p, so, with n inputs, the padding after is
 * (f−1)·d + (m−1)·s − p − (n − 1). Output size check: (p + n + after − ((m−1)·s + 1)) / d + 1
 * = ((f−1)·d) / d + 1 = f.
 */
export function filterGradientPadding(axis: ConvAxis): AxisPadding {
  const { inSize, filterSize, outSize, stride, dilation, padBefore } = axis;
  return {
    before: padBefore,
    after: (filterSize - 1) * dilation + (outSize - 1) * stride - padBefore - (inSize - 1),
  };
}

/**
 * Padding of the zero-inserted dy for dx as a forward convolution (flipped filter, stride 1, dilation d).
 *
 * dy spread by s has u = m·s positions (dy[i] at i·s; the last s−1 are zeros, see `WasmOps.insertZeros`).
 * out[h] = Σ_k' up[h + k'·d − before] · w[f−1−k'] = Σ_k up[h − k·d + p] · w[k] when before = (f−1)·d − p;
 * up is non-zero only at h − k·d + p = i·s, i.e. h = i·s + k·d − p: the forward index pairs. For n
 * outputs the last position read is (n − 1) + (f−1)·d − before = n − 1 + p, so after = n + p − u.
 */
export function inputGradientPadding(axis: ConvAxis): AxisPadding {
  const { inSize, filterSize, outSize, stride, dilation, padBefore } = axis;
  const spreadSize = outSize * stride;
  return {
    before: (filterSize - 1) * dilation - padBefore,
    after: inSize + padBefore - spreadSize,
  };
}

/**
 * dx for a stride s > 1 (dilation 1) without multiplying by inserted zeros: split the input positions by
 * phase φ = (h + p) mod s ("sub-pixel" decomposition; Shi et al., "Is the deconvolution layer the same
 * as a convolutional layer?", 2016). Write h + p = s·a + φ. A tap k reaches phase φ only when
 * k ≡ φ (mod s), k = φ + s·t, t in [0, T) with T = ⌈(f − φ)/s⌉, and then i = a − t:
 *
 *   dx[s·a + φ − p] = Σ_t dy[a − t] · w[φ + s·t]
 *
 * a stride-1 convolution of dy (no zero-insertion) with the sub-filter g[t'] = w[φ + s·(T−1−t')]
 * (every s-th tap from φ, reversed), padding T − 1 before. Every phase is computed for a in [0, A),
 * A = ⌈(n + p)/s⌉, so the phases interleave into Y[s·a + φ] of s·A ≥ n + p positions and dx[h] = Y[h + p]:
 * padding after = A − m (negative: crop dy). A phase with no tap (φ ≥ f, e.g. a 1×1 filter) is zeros.
 * Each phase costs 1/s² of the zero-inserted convolution.
 */
export interface InputGradientPhase {
  /** φ */
  phase: number;
  /** T: the sub-filter's taps (0: this phase receives nothing). */
  taps: number;
  /** Padding of dy for this phase's stride-1 convolution. */
  padding: AxisPadding;
}

export function inputGradientPhases(axis: Omit<ConvAxis, 'dilation'>): {
  /** A: positions computed per phase. */
  perPhase: number;
  phases: InputGradientPhase[];
} {
  const { inSize, filterSize, outSize, stride, padBefore } = axis;
  const perPhase = Math.ceil((inSize + padBefore) / stride);
  const phases = Array.from({ length: stride }, (_, phase) => {
    const taps = Math.max(0, Math.ceil((filterSize - phase) / stride));
    return { phase, taps, padding: { before: taps - 1, after: perPhase - outSize } };
  });
  return { perPhase, phases };
}
