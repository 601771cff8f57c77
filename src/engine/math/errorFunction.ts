/**
 * The error-function kernels behind `erf`, `erfc` and `normalCdf` (internal to the math module).
 *
 * They run at a working precision of 24 significant digits, not the engine's 60: the brief asks for
 * 1e-15 absolute accuracy, these kernels reach ~4e-23 (tested < 1e-21), and the series costs about three times
 * as much at 60 digits for digits no caller can use. Results go back to `D` in the public wrappers.
 *
 * Region choice (x ≥ 0):
 * - x < 3: the power series of erf with every term positive (no cancellation, DLMF 7.6.2),
 *   erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1));
 * - x ≥ 3: the continued fraction of erfc (DLMF 7.9.2), which converges faster the larger x is,
 *   erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
 *   evaluated with the modified Lentz algorithm.
 *
 * @see https://dlmf.nist.gov/7.6.E2  (series)
 * @see https://dlmf.nist.gov/7.9.E2  (continued fraction)
 */
import { D } from '../decimal'
import { PI } from './constants'

const WORKING_PRECISION = 24
export const W = D.clone({ precision: WORKING_PRECISION })

const W_ONE = new W(1)
const TWO_OVER_SQRT_PI = new W(2).div(new W(PI).sqrt())
const ONE_OVER_SQRT_PI = TWO_OVER_SQRT_PI.div(2)
const CONTINUED_FRACTION_TOLERANCE = new W(10).pow(-WORKING_PRECISION)
/** Bounds the Lentz loop; at x = 3 it converges in ~120 steps, fewer for larger x. */
const MAX_CONTINUED_FRACTION_STEPS = 2_000

/** Where the series hands over to the continued fraction. */
export const SERIES_LIMIT = 3

/**
 * erf(a) for 0 ≤ a < SERIES_LIMIT, at working precision.
 *
 * @param a - a working-precision Decimal in [0, SERIES_LIMIT).
 */
export function erfSeries(a: D): D {
  const twoA2 = a.mul(a).mul(2)
  let term = a
  let sum = a
  // Each term is the previous × 2a²/(2n+1); stop once a term is below the last kept digit of the sum.
  for (let n = 1; !term.isZero() && term.e >= sum.e - WORKING_PRECISION - 1; n++) {
    term = term.mul(twoA2).div(2 * n + 1)
    sum = sum.add(term)
  }
  return sum.mul(a.mul(a).neg().exp()).mul(TWO_OVER_SQRT_PI)
}

/**
 * erfc(a) for a ≥ SERIES_LIMIT, at working precision.
 *
 * @param a - a working-precision Decimal ≥ SERIES_LIMIT.
 */
export function erfcContinuedFraction(a: D): D {
  // Modified Lentz: f = b₀ + a₁/(b₁ + a₂/(b₂ + …)) with b = x and aₖ = k/2.
  let f = a
  let c = a
  let d = new W(0)
  for (let k = 1; k <= MAX_CONTINUED_FRACTION_STEPS; k++) {
    const ak = new W(k).div(2)
    d = W_ONE.div(a.add(ak.mul(d)))
    c = a.add(ak.div(c))
    const delta = c.mul(d)
    f = f.mul(delta)
    if (delta.sub(1).abs().lt(CONTINUED_FRACTION_TOLERANCE)) break
  }
  return a.mul(a).neg().exp().mul(ONE_OVER_SQRT_PI).div(f)
}
