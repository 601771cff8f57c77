/**
 * First passage of a geometric Brownian motion to a barrier (internal to the predictive module).
 *
 * Model and assumptions (they hold for every predictive function that uses this file):
 * - the price follows GBM, dS = μ·S·dt + σ·S·dW, with constant drift μ and volatility σ (annualised);
 * - the barrier is watched continuously (no discrete sampling, no gaps), and there are no jumps;
 * - then X = ln(S/S₀) is a Brownian motion with drift ν = μ − σ²/2 and the barrier is the level
 *   b = ln(B/S₀); with β = |b| and η = ν·sign(b) (drift toward the barrier, positive when it helps),
 *   the first-passage time τ has the inverse-Gaussian law
 *
 *     P(τ ≤ T) = Φ((−β + ηT)/(σ√T)) + e^(2ηβ/σ²)·Φ((−β − ηT)/(σ√T)),
 *
 *   which is the reflection principle (Girsanov-shifted) for the running maximum / minimum.
 *
 * @see https://en.wikipedia.org/wiki/Inverse_Gaussian_distribution  (first passage time of Brownian motion with drift; its CDF)
 * @see Shreve, Stochastic Calculus for Finance II (2004), §7.2.1, Corollary 7.2.2 (maximum of Brownian motion with drift)
 */
import { type D, type DecimalString, dec, ONE, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import { normalCdf } from '../math/normalCdf'

export type FirstPassageSetup = {
  /** β = |ln(B/S₀)| ≥ 0. */
  distance: D
  /** η = (μ − σ²/2)·sign(ln(B/S₀)): log drift toward the barrier, per year. */
  towardDrift: D
  /** σ ≥ 0, per √year. */
  volatility: D
}

export type DescribeFirstPassageParameters = {
  /** Current price S₀ > 0. */
  spot: D | DecimalString
  /** Barrier price B > 0 (above or below the spot). */
  barrier: D | DecimalString
  /** Annualised volatility σ ≥ 0, fraction. */
  volatility: D | DecimalString
  /** Annualised drift μ of the price (GBM), fraction; default 0. */
  drift?: D | DecimalString | undefined
}

export function describeFirstPassage({
  spot,
  barrier,
  volatility,
  drift = ZERO,
}: DescribeFirstPassageParameters): FirstPassageSetup {
  const s = dec(spot)
  const b = dec(barrier)
  const sigma = dec(volatility)
  if (!s.gt(0) || !b.gt(0)) throw new EngineInputError('Spot and barrier must be > 0.')
  if (sigma.lt(0)) throw new EngineInputError(`Volatility must be ≥ 0, got ${sigma.toString()}.`)
  const level = b.div(s).ln()
  const logDrift = dec(drift).sub(sigma.mul(sigma).div(2))
  return { distance: level.abs(), towardDrift: level.isNegative() ? logDrift.neg() : logDrift, volatility: sigma }
}

/** P(τ ≤ T) for T in years (see the module comment); clamped to [0, 1]. */
export function firstPassageProbability({ distance, towardDrift, volatility }: FirstPassageSetup, timeYears: D): D {
  if (distance.isZero()) return ONE
  if (!timeYears.gt(0)) return ZERO
  if (volatility.isZero()) return towardDrift.mul(timeYears).gte(distance) ? ONE : ZERO
  const spread = volatility.mul(timeYears.sqrt())
  const driftTerm = towardDrift.mul(timeYears)
  const direct = normalCdf(distance.neg().add(driftTerm).div(spread))
  const reflected = towardDrift
    .mul(distance)
    .mul(2)
    .div(volatility.mul(volatility))
    .exp()
    .mul(normalCdf(distance.neg().sub(driftTerm).div(spread)))
  const probability = direct.add(reflected)
  return probability.gt(1) ? ONE : probability
}

/** P(τ < ∞): 1 when the log drift does not point away from the barrier, e^(2ηβ/σ²) when it does. */
export function everTouchProbability({ distance, towardDrift, volatility }: FirstPassageSetup): D {
  if (distance.isZero() || !towardDrift.isNegative() || towardDrift.isZero()) return ONE
  if (volatility.isZero()) return ZERO
  return towardDrift.mul(distance).mul(2).div(volatility.mul(volatility)).exp()
}
