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

/** The fields of tfjs's Conv2DInfo that describe the two spatial axes. */
interface SpatialConvInfo {
  inHeight: number;
  inWidth: number;
  filterHeight: number;
  filterWidth: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

/** The rows and columns axes of a convolution, from `backend_util.computeConv2DInfo`'s result. */
export function convAxes(info: SpatialConvInfo): { rows: ConvAxis; columns: ConvAxis } {
  return {
    rows: {
      inSize: info.inHeight,
      filterSize: info.filterHeight,
      outSize: info.outHeight,
      stride: info.strideHeight,
      dilation: info.dilationHeight,
      padBefore: info.padInfo.top,
    },
    columns: {
      inSize: info.inWidth,
      filterSize: info.filterWidth,
      outSize: info.outWidth,
      stride: info.strideWidth,
      dilation: info.dilationWidth,
      padBefore: info.padInfo.left,
    },
  };
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
 * dx for a stride s > 1 (dilation 1) without multiplying by inserted zeros: one stride-1 convolution of
 * dy whose s output-channel groups are the s *phases* of dx ("sub-pixel convolution": Shi et al.,
 * "Is the deconvolution layer the same as a convolutional layer?", 2016). For dx position h = s·a + ψ,
 * ψ in [0, s), write h + p = s·a + ψ + p, φ = (ψ + p) mod s and carry c = ⌊(ψ + p)/s⌋. A tap k reaches h
 * only when k ≡ φ (mod s): k = φ + s·t, t in [0, T), T = ⌈(f − φ)/s⌉, and then i = a + c − t:
 *
 *   dx[s·a + ψ] = Σ_t dy[a + c − t] · w[φ + s·t]
 *
 * A stride-1 convolution out[a] = Σ_{t'<L} dy[a + t' − P] · g[t'] computes it when
 * g[t'] = w[φ + s·(P + c − t')] for 0 ≤ P + c − t' < T (zero elsewhere). One P and L serve every phase:
 * P = max_ψ (T − 1 − c), L = max_ψ (P + c) + 1. Every phase is computed for a in [0, A), A = ⌈n/s⌉;
 * interleaving them gives s·A ≥ n positions, of which the first n are dx. Padding after = A + L − 1 − P − m.
 * Cost: L per axis taps per phase instead of the f taps over s× as many positions of zero-insertion.
 */
export interface SubPixelAxis {
  /** L: the combined filter's taps along this axis. */
  taps: number;
  /** Padding of dy (negative: crop). */
  padding: AxisPadding;
  /** A: positions computed per phase; s·A ≥ n, the excess is cropped. */
  perPhase: number;
  /** The forward filter's tap k that sits at tap t' of phase ψ's sub-filter, or −1 for a zero. */
  sourceTap(phase: number, tap: number): number;
}

export function subPixelAxis(axis: Omit<ConvAxis, 'dilation'>): SubPixelAxis {
  const { inSize, filterSize, outSize, stride, padBefore } = axis;
  const phases = Array.from({ length: stride }, (_, psi) => {
    const phi = (psi + padBefore) % stride;
    const carry = Math.floor((psi + padBefore) / stride);
    const count = Math.max(0, Math.ceil((filterSize - phi) / stride));
    return { phi, carry, count };
  });
  const before = Math.max(...phases.map(({ count, carry }) => count - 1 - carry));
  const taps = Math.max(...phases.map(({ carry }) => before + carry)) + 1;
  const perPhase = Math.ceil(inSize / stride);
  return {
    taps,
    padding: { before, after: perPhase + taps - 1 - before - outSize },
    perPhase,
    sourceTap(psi, tap) {
      const { phi, carry, count } = phases[psi]!;
      const t = before + carry - tap;
      return t >= 0 && t < count ? phi + stride * t : -1;
    },
  };
}
