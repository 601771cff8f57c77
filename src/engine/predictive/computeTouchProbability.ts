import type { D, DecimalString } from '../decimal'
import { secondsToYears } from '../math/secondsToYears'
import { describeFirstPassage, firstPassageProbability } from './firstPassage'

export type ComputeTouchProbabilityParameters = {
  /** Current price S₀ > 0 (USD). */
  spot: D | DecimalString
  /** Barrier B > 0, above or below the spot (e.g. a liquidation price), same currency. */
  barrier: D | DecimalString
  /** Annualised volatility σ ≥ 0, fraction (0.65 = 65%). */
  volatility: D | DecimalString
  /** Horizon in seconds (years of 365 × 86 400 s). */
  horizonSec: number
  /** Annualised drift μ of the price, fraction; default 0 (note the log drift is then −σ²/2). */
  drift?: D | DecimalString | undefined
}

/** Probability in [0, 1]. */
export type ComputeTouchProbabilityReturnType = D

/**
 * Probability that the price touches the barrier at least once within the horizon, under GBM with
 * constant σ and μ, continuous monitoring and no jumps (assumptions in `firstPassage.ts`):
 *
 *   P = Φ((−β + ηT)/(σ√T)) + e^(2ηβ/σ²)·Φ((−β − ηT)/(σ√T)),  β = |ln(B/S₀)|, η = (μ − σ²/2)·sign(ln(B/S₀)).
 *
 * With μ = σ²/2 (zero log drift) this is the reflection principle, 2·Φ(−β/(σ√T)). A barrier equal
 * to the spot is touched with probability 1; a horizon ≤ 0 gives 0; σ = 0 gives 1 exactly when the
 * deterministic path reaches the barrier within the horizon.
 *
 * @see https://en.wikipedia.org/wiki/Inverse_Gaussian_distribution
 * @see Shreve, Stochastic Calculus for Finance II (2004), §7.2.1, Corollary 7.2.2
 * @example
 * computeTouchProbability({ spot: '3000', barrier: '2400', volatility: '0.8', horizonSec: 7 * 86_400 }) // ≈ 0.0491
 */
export function computeTouchProbability({
  horizonSec,
  ...setup
}: ComputeTouchProbabilityParameters): ComputeTouchProbabilityReturnType {
  return firstPassageProbability(describeFirstPassage(setup), secondsToYears(horizonSec))
}
