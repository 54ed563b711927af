/**
 * The truncated normal distribution TPE's Parzen kernels use (Optuna `samplers/_tpe/_truncnorm.py`,
 * after scipy.stats.truncnorm): N(μ, σ²) restricted to [low, high].
 */

/**
 * erfc(x), the complementary error function, with fractional error below 1.2·10⁻⁷ everywhere (the
 * Chebyshev fit `erfcc` of Press et al., "Numerical Recipes in C", 2nd ed., §6.2). Relative accuracy in
 * the far tail matters here: TPE compares tiny densities.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Φ(z), the standard normal CDF: ½·erfc(−z/√2). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation (relative error below
 * 1.15·10⁻⁹; P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution
 * function", 2003), for p in (0, 1).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log P(a ≤ Z ≤ b) for a standard normal Z, computed on the side of the tail that keeps precision
 * (both bounds above 0: Φ(−a) − Φ(−b)); when the mass underflows, the midpoint density times the
 * width (the mass of a narrow interval far in a tail).
 */
export function logGaussMass(a: number, b: number): number {
  const mass =
    a > 0
      ? normalCdf(-a) - normalCdf(-b)
      : b < 0
        ? normalCdf(b) - normalCdf(a)
        : 1 - normalCdf(a) - normalCdf(-b);
  if (mass > 1e-300) return Math.log(mass);
  const mid = (a + b) / 2;
  return -0.5 * mid * mid - LOG_SQRT_2PI + Math.log(b - a);
}

/** log density at x of N(μ, σ²) truncated to [low, high] (−∞ outside). */
export function truncatedNormalLogPdf(
  x: number,
  mu: number,
  sigma: number,
  low: number,
  high: number,
): number {
  if (x < low || x > high) return -Infinity;
  const z = (x - mu) / sigma;
  return (
    -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - logGaussMass((low - mu) / sigma, (high - mu) / sigma)
  );
}

/**
 * A draw from N(μ, σ²) truncated to [low, high] by inversion: u ~ U(Φ(a), Φ(b)), x = μ + σ·Φ⁻¹(u),
 * computed on the upper tail's mirror when both bounds lie above μ, so far-tail draws keep precision.
 */
export function sampleTruncatedNormal(
  uniform: number,
  mu: number,
  sigma: number,
  low: number,
  high: number,
): number {
  const a = (low - mu) / sigma;
  const b = (high - mu) / sigma;
  let z: number;
  if (a > 0) {
    const upper = normalCdf(-a);
    const lower = normalCdf(-b);
    z = -normalQuantile(upper - uniform * (upper - lower));
  } else {
    const lower = normalCdf(a);
    const upper = normalCdf(b);
    z = normalQuantile(lower + uniform * (upper - lower));
  }
  return Math.min(high, Math.max(low, mu + sigma * z));
}
