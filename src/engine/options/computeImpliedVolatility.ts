import { D, type DecimalString, dec, ONE, ZERO } from '../decimal'
import { PI } from '../math/constants'
import { findRootNewton } from '../math/findRootNewton'
import { createBlackPricer } from './blackPricer'
import { computeTimeToExpiry } from './computeTimeToExpiry'
import type { OptionRight } from './types'

type ImpliedVolatilityCommon = {
  right: OptionRight
  /** Observed option price per unit of underlying, same currency as the strike. */
  price: D | DecimalString
  strike: D | DecimalString
  /** Annualised continuously compounded risk-free rate r, fraction. */
  riskFreeRate: D | DecimalString
  /** Expiry, unix seconds. */
  expirySec: number
  /** Valuation time, unix seconds. */
  nowSec: number
}

export type ComputeImpliedVolatilityParameters = ImpliedVolatilityCommon &
  (
    | {
        model: 'black-scholes'
        /** Spot price of the underlying. */
        spot: D | DecimalString
        /** Continuous dividend / carry yield q, fraction; default 0. */
        dividendYield?: D | DecimalString | undefined
      }
    | {
        model: 'black-76'
        /** Forward price of the underlying for the option's expiry. */
        forward: D | DecimalString
      }
  )

export type ComputeImpliedVolatilityReturnType =
  /** The annualised volatility (fraction) that reproduces the price. */
  | { kind: 'volatility'; volatility: D; iterations: number }
  /** Price below the no-arbitrage floor e^(−rT)·max(±(F − K), 0): no volatility gives it. */
  | { kind: 'below-lower-bound'; lowerBound: D }
  /** Price at or above the no-arbitrage cap (call e^(−rT)·F, put e^(−rT)·K): no finite volatility gives it. */
  | { kind: 'above-upper-bound'; upperBound: D }
  /** T = 0: the price is the intrinsic value whatever the volatility. */
  | { kind: 'expired' }
  /** The volatility needed exceeds MAX_VOLATILITY (the price is within ~1e-20 of the cap). */
  | { kind: 'not-found'; searchedUpTo: D }

/** 2¹⁴ = 1 638 400% a year: past this, prices are indistinguishable from the cap. */
const MAX_VOLATILITY = new D(2).pow(14)
const SQRT_2PI = PI.mul(2).sqrt()
/** Stop once σ is known to 1e-18, or the twin's price matches to 1e-18 relative (the CDF carries ~1e-20). */
const VOLATILITY_TOLERANCE = new D('1e-18')
const LOG_PRICE_TOLERANCE = new D('1e-18')

/**
 * Implied volatility of a European option under Black–Scholes (spot, yield q) or Black-76
 * (forward): the σ ≥ 0 with model price = observed price.
 *
 * Method: the price is increasing in σ, from the discounted intrinsic value at σ = 0 to the cap as
 * σ → ∞, so the root is bracketed by [0, σ_high] (σ_high doubles from 1 until it prices above the
 * target). Newton steps on vega start from the inflection point σ* = √(2|ln(F/K)|/T) of the price
 * curve (Manaster & Koehler 1982), from which Newton converges monotonically; at the money
 * (σ* = 0) the start is the Brenner–Subrahmanyam approximation σ ≈ √(2π/T)·price/(e^(−rT)·F).
 * A step that would leave the bracket, or a zero vega, falls back to bisection. An in-the-money
 * option is inverted through its out-of-the-money twin (same σ by put–call parity), whose price is
 * all time value, so deep in-the-money prices keep their precision.
 *
 * Prices outside the no-arbitrage bounds return a typed result, never a throw.
 *
 * @see https://en.wikipedia.org/wiki/Implied_volatility
 * @see https://doi.org/10.2307/2327130  (Manaster & Koehler, The Calculation of Implied Variances from the Black-Scholes Model: A Note, J. Finance 1982)
 * @example
 * computeImpliedVolatility({ model: 'black-scholes', right: 'call', price: '10', spot: '100', strike: '95',
 *   riskFreeRate: '0.075', expirySec: 7_884_000, nowSec: 0 }) // { kind: 'volatility', volatility: 0.3130... }
 */
export function computeImpliedVolatility(
  parameters: ComputeImpliedVolatilityParameters,
): ComputeImpliedVolatilityReturnType {
  const { right, expirySec, nowSec } = parameters
  const timeYears = computeTimeToExpiry({ expirySec, nowSec })
  if (timeYears.isZero()) return { kind: 'expired' }
  const target = dec(parameters.price)
  const strike = dec(parameters.strike)
  const r = dec(parameters.riskFreeRate)
  const discountFactor = r.neg().mul(timeYears).exp()
  const forward =
    parameters.model === 'black-76'
      ? dec(parameters.forward)
      : dec(parameters.spot).mul(
          r
            .sub(dec(parameters.dividendYield ?? ZERO))
            .mul(timeYears)
            .exp(),
        )

  const intrinsic = right === 'call' ? forward.sub(strike) : strike.sub(forward)
  const lowerBound = discountFactor.mul(intrinsic.gt(0) ? intrinsic : ZERO)
  const upperBound = discountFactor.mul(right === 'call' ? forward : strike)
  if (target.lt(lowerBound)) return { kind: 'below-lower-bound', lowerBound }
  if (target.gte(upperBound)) return { kind: 'above-upper-bound', upperBound }
  if (target.eq(lowerBound)) return { kind: 'volatility', volatility: ZERO, iterations: 0 }

  // Invert the out-of-the-money twin (put–call parity: c − p = e^(−rT)·(F − K)): its price is pure
  // time value, computed without the cancellation that hides the time value of a deep in-the-money option.
  const twinRight: OptionRight = intrinsic.gt(0) ? (right === 'call' ? 'put' : 'call') : right
  const timeValue = target.sub(lowerBound)
  const priceAt = createBlackPricer({ forward, strike, discountFactor, timeYears, right: twinRight })
  let high = ONE
  while (priceAt(high).price.lt(timeValue)) {
    if (high.gte(MAX_VOLATILITY)) return { kind: 'not-found', searchedUpTo: high }
    high = high.mul(2)
  }
  const inflection = forward.div(strike).ln().abs().mul(2).div(timeYears).sqrt()
  const initial = inflection.isZero()
    ? SQRT_2PI.div(timeYears.sqrt()).mul(target).div(discountFactor.mul(forward))
    : inflection

  // Newton on ln(price): deep out-of-the-money prices behave like e^(−c/σ²), on which plain Newton
  // crawls; their logarithm is close to linear in 1/σ². A price that rounds to ≤ 0 bisects.
  const logTarget = timeValue.ln()
  const root = findRootNewton({
    f: (volatility) => {
      const value = priceAt(volatility)
      if (!value.price.gt(0)) return { value: ONE.neg(), derivative: ZERO }
      return { value: value.price.ln().sub(logTarget), derivative: value.vega.div(value.price) }
    },
    lower: ZERO,
    upper: high,
    signAtLower: -1,
    initial,
    tolerance: VOLATILITY_TOLERANCE,
    valueTolerance: LOG_PRICE_TOLERANCE,
  })
  if (root.kind !== 'root') return { kind: 'not-found', searchedUpTo: high }
  return { kind: 'volatility', volatility: root.x, iterations: root.iterations }
}
