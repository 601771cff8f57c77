/**
 * Φ(x) to within 7.5e-8 (absolute), in doubles, for ranking scenarios only (internal): the
 * portfolio-margin search uses it to find which cells of the risk matrix can be the worst, then
 * values those exactly (`fastNormalCdf` on bigint coefficients). Nothing it returns reaches a figure.
 *
 * Abramowitz & Stegun 26.2.17: for x ≥ 0, Φ(x) = 1 − φ(x)·(b₁t + b₂t² + b₃t³ + b₄t⁴ + b₅t⁵),
 * t = 1/(1 + p·x), |ε(x)| < 7.5e-8; Φ(−x) = 1 − Φ(x). It uses `Math.exp`, whose last bit may differ
 * between JS engines: harmless here, since the exact values decide among every cell within the
 * ranking margin (far wider than 7.5e-8).
 *
 * @see https://personal.math.ubc.ca/~cbm/aands/page_932.htm  (Abramowitz & Stegun, Handbook of Mathematical Functions, 26.2.17)
 */
const P = 0.2316419
const B1 = 0.31938153
const B2 = -0.356563782
const B3 = 1.781477937
const B4 = -1.821255978
const B5 = 1.330274429
const INV_SQRT_2PI = 0.3989422804014327

/** Absolute error bound of `roughNormalCdf`. */
export const ROUGH_NORMAL_CDF_ERROR = 7.5e-8

export function roughNormalCdf(x: number): number {
  const a = Math.abs(x)
  const t = 1 / (1 + P * a)
  const upperTail = INV_SQRT_2PI * Math.exp(-0.5 * a * a) * t * (B1 + t * (B2 + t * (B3 + t * (B4 + t * B5))))
  return x >= 0 ? 1 - upperTail : upperTail
}
