/**
 * ln(x) of a double from + − × ÷ only (internal to the scenario kernel): bit-identical on every JS
 * engine, unlike `Math.log`, whose last bit is implementation-defined. Relative error ≤ ~2 ulp.
 *
 * x = 2ᵏ·m with m in [√½, √2) (exact halvings/doublings), ln m = 2·atanh(s) = 2·(s + s³/3 + s⁵/5 + …)
 * with s = (m − 1)/(m + 1), |s| ≤ 0.172, so 13 terms leave a truncation below 1e-19; k·ln 2 uses a
 * two-part ln 2 so the product is exact.
 *
 * @see https://dlmf.nist.gov/4.6.E4  (ln((1 + s)/(1 − s)) = 2·Σ s^(2n+1)/(2n+1))
 */

/** ln 2 split: LN2_HI has 32 significant bits, so k·LN2_HI is exact for |k| < 2²¹. */
export const LN2_HI = 2_977_044_472 / 4_294_967_296
/** ln 2 − LN2_HI, to double precision. */
export const LN2_LO = -4.200919058276788e-11
const SQRT_2 = Math.SQRT2
const SERIES_TERMS = 13

/**
 * Natural logarithm of a positive finite double (NaN otherwise).
 *
 * @param x - a dimensionless ratio (F/K, a spot ratio, 1 + move).
 */
export function fastLog(x: number): number {
  if (!(x > 0) || x === Number.POSITIVE_INFINITY) return Number.NaN
  let m = x
  let k = 0
  while (m >= 2) {
    m /= 2
    k++
  }
  while (m < 1) {
    m *= 2
    k--
  }
  if (m > SQRT_2) {
    m /= 2
    k++
  }
  const s = (m - 1) / (m + 1)
  const s2 = s * s
  let series = 1 / (2 * SERIES_TERMS + 1)
  for (let n = SERIES_TERMS - 1; n >= 0; n--) series = 1 / (2 * n + 1) + s2 * series
  return k * LN2_HI + (k * LN2_LO + 2 * s * series)
}
