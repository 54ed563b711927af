/**
 * Depthwise-convolution gradients by direct summation over the forward definition, the reference for
 * dilated cases: the cpu backend's DepthwiseConv2dNativeBackprop* loops ignore `dilations`.
 *
 *   y[b, i, j, c·M + m] = Σ_{p,q} x[b, i·sH + p·dH − top, j·sW + q·dW − left, c] · w[p, q, c, m]
 *
 * Every (output, filter tap) pair that reads a real input element adds its product to both gradients.
 */
export interface DepthwiseGeometry {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  outHeight: number;
  outWidth: number;
  strides: [number, number];
  dilations: [number, number];
  padTop: number;
  padLeft: number;
}

export function referenceDepthwiseGradients(
  x: Float32Array,
  filter: Float32Array,
  dy: Float32Array,
  geometry: DepthwiseGeometry,
): { dx: Float64Array; dFilter: Float64Array } {
  const [batch, height, width, channels] = geometry.xShape;
  const [filterHeight, filterWidth, , multiplier] = geometry.filterShape;
  const { outHeight, outWidth, strides, dilations, padTop, padLeft } = geometry;
  const dx = new Float64Array(x.length);
  const dFilter = new Float64Array(filter.length);
  const xAt = (b: number, h: number, w: number, c: number) => ((b * height + h) * width + w) * channels + c;
  const filterAt = (p: number, q: number, c: number, m: number) =>
    ((p * filterWidth + q) * channels + c) * multiplier + m;
  const dyAt = (b: number, i: number, j: number, o: number) =>
    ((b * outHeight + i) * outWidth + j) * channels * multiplier + o;
  for (let b = 0; b < batch; b += 1)
    for (let i = 0; i < outHeight; i += 1)
      for (let j = 0; j < outWidth; j += 1)
        for (let p = 0; p < filterHeight; p += 1) {
          const h = i * strides[0] + p * dilations[0] - padTop;
          if (h < 0 || h >= height) continue;
          for (let q = 0; q < filterWidth; q += 1) {
            const w = j * strides[1] + q * dilations[1] - padLeft;
            if (w < 0 || w >= width) continue;
            for (let c = 0; c < channels; c += 1)
              for (let m = 0; m < multiplier; m += 1) {
                const gradient = dy[dyAt(b, i, j, c * multiplier + m)]!;
                dFilter[filterAt(p, q, c, m)]! += x[xAt(b, h, w, c)]! * gradient;
                dx[xAt(b, h, w, c)]! += filter[filterAt(p, q, c, m)]! * gradient;
              }
          }
        }
  return { dx, dFilter };
}
