import { D, type DecimalString, ZERO } from '../decimal'
import { SECONDS_PER_YEAR } from '../math/constants'
import { findRootBrent } from '../math/findRootBrent'
import { describeFirstPassage, everTouchProbability, firstPassageProbability } from './firstPassage'

export type ComputeExpectedTimeToLiquidationParameters = {
  /** Current price S₀ > 0 (USD). */
  spot: D | DecimalString
  /** Liquidation price B > 0, above or below the spot. */
  liquidationPrice: D | DecimalString
  /** Annualised volatility σ ≥ 0, fraction. */
  volatility: D | DecimalString
  /** Annualised drift μ of the price, fraction; default 0. */
  drift?: D | DecimalString | undefined
}

/** A duration that may be infinite (never the −1 sentinel). */
export type FirstPassageTime = { kind: 'finite'; seconds: D } | { kind: 'infinite' }

export type ComputeExpectedTimeToLiquidationReturnType = {
  /** E[τ]: finite only when the log drift points toward the liquidation price. */
  expected: FirstPassageTime
  /** The time by which liquidation has probability ½: finite whenever P(τ < ∞) ≥ ½, also with zero drift. */
  median: FirstPassageTime
  /** P(τ < ∞): 1 unless the log drift points away, then e^(−2|η|β/σ²). */
  probabilityOfLiquidation: D
}

const INFINITE: FirstPassageTime = { kind: 'infinite' }
const HALF = new D('0.5')
/** Median search: relative tolerance on the time. */
const MEDIAN_TOLERANCE = new D('1e-15')

/**
 * Expected and median first-passage time of the price to a liquidation price, under GBM with
 * constant σ and μ, continuous monitoring and no jumps (assumptions in `firstPassage.ts`).
 *
 * - Expected: with β = |ln(B/S₀)| and η the log drift μ − σ²/2 signed toward the barrier, the
 *   first-passage time is inverse Gaussian with mean β/η when η > 0, i.e. ln(S₀/B)/|μ − σ²/2| for a
 *   barrier the drift heads to. With η ≤ 0 the mean is infinite (η = 0: the barrier is reached
 *   surely but the mean diverges; η < 0: it may never be reached).
 * - Median: the T with P(τ ≤ T) = ½, solved with Brent's method on the closed-form CDF. Finite
 *   with zero drift (e.g. β²/(σ·Φ⁻¹(¾))² when η = 0); infinite only when P(τ < ∞) < ½.
 * - σ = 0: the path is deterministic, both times are β/η when η > 0, else infinite.
 * - Times are in seconds (years of 365 × 86 400 s); a liquidation price equal to the spot gives 0.
 *
 * @see https://en.wikipedia.org/wiki/Inverse_Gaussian_distribution  (mean β/η, CDF)
 * @example
 * computeExpectedTimeToLiquidation({ spot: '3000', liquidationPrice: '2400', volatility: '0.8' })
 * // expected: β/(σ²/2) = ln(1.25)/0.32 years ≈ 0.697 y; median finite
 */
export function computeExpectedTimeToLiquidation({
  liquidationPrice,
  ...rest
}: ComputeExpectedTimeToLiquidationParameters): ComputeExpectedTimeToLiquidationReturnType {
  const setup = describeFirstPassage({ ...rest, barrier: liquidationPrice })
  const { distance, towardDrift, volatility } = setup
  const probabilityOfLiquidation = everTouchProbability(setup)
  const toSeconds = (years: D): FirstPassageTime => ({ kind: 'finite', seconds: years.mul(SECONDS_PER_YEAR) })
  if (distance.isZero()) return { expected: toSeconds(ZERO), median: toSeconds(ZERO), probabilityOfLiquidation }
  const expected = towardDrift.gt(0) ? toSeconds(distance.div(towardDrift)) : INFINITE
  if (volatility.isZero()) return { expected, median: expected, probabilityOfLiquidation }
  if (probabilityOfLiquidation.lt(HALF)) return { expected, median: INFINITE, probabilityOfLiquidation }

  // Bracket the median from the diffusive time scale (β/σ)², growing ×4 until P(τ ≤ T) ≥ ½.
  const excess = (years: D) => firstPassageProbability(setup, years).sub(HALF)
  let upper = distance.div(volatility).pow(2)
  let fUpper = excess(upper)
  while (fUpper.isNegative()) {
    upper = upper.mul(4)
    fUpper = excess(upper)
  }
  const root = findRootBrent({
    f: excess,
    lower: ZERO,
    upper,
    fLower: HALF.neg(),
    fUpper,
    tolerance: upper.mul(MEDIAN_TOLERANCE),
  })
  return { expected, median: root.kind === 'not-bracketed' ? INFINITE : toSeconds(root.x), probabilityOfLiquidation }
}
