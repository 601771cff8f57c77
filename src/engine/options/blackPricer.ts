/**
 * The Black (1976) formula on a forward, shared by Black–Scholes (forward = S·e^((r−q)T)) and
 * Black-76 (forward given). Internal to the options module.
 *
 *   V = DF · ω · (F·Φ(ω·d₁) − K·Φ(ω·d₂)),  d₁ = ln(F/K)/(σ√T) + σ√T/2,  d₂ = d₁ − σ√T,
 *   ω = +1 for a call, −1 for a put, DF = e^(−rT).
 *
 * @see https://en.wikipedia.org/wiki/Black_model
 * @see Hull, Options, Futures, and Other Derivatives (10th ed.), §18.8 "Black's model"
 */
import { type D, ONE, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import { normalCdf } from '../math/normalCdf'
import { normalPdf } from '../math/normalPdf'
import type { OptionRight } from './types'

export type CreateBlackPricerParameters = {
  /** Forward price F > 0. */
  forward: D
  /** Strike K > 0, same unit as F. */
  strike: D
  /** e^(−rT), the discount factor to expiry. */
  discountFactor: D
  /** Time to expiry T in years, ≥ 0 (0 = at or after expiry). */
  timeYears: D
  right: OptionRight
}

/** The formula's parts at one volatility, per unit of underlying. */
export type BlackValue = {
  price: D
  /** ∂V/∂F = ω·DF·Φ(ω·d₁). */
  forwardDelta: D
  /** ∂²V/∂F² = DF·φ(d₁)/(F·σ√T). */
  forwardGamma: D
  /** ∂V/∂σ = DF·F·φ(d₁)·√T, per 1.00 of volatility. */
  vega: D
  /** DF·F·φ(d₁)·σ/(2√T): the volatility part of −∂V/∂T at fixed F. */
  decay: D
}

const HALF = ONE.div(2)

export type ComputeBlackThetaParameters = {
  /** The formula's parts at the option's volatility. */
  value: BlackValue
  /** Forward F the value was computed at. */
  forward: D
  /** r, fraction per year. */
  riskFreeRate: D
  /**
   * r − q when the forward follows the spot (F = S·e^((r−q)T), theta at fixed S, Black–Scholes–
   * Merton); 0 when the forward itself is held fixed (Black-76).
   */
  carry: D
}

/**
 * Theta per year, −∂V/∂T with T the time to expiry (so the value's change per year as time passes):
 * r·V − carry·F·∂V/∂F − DF·F·φ(d₁)·σ/(2√T). With F = S·e^((r−q)T), ∂F/∂T = (r − q)·F at fixed S;
 * with a fixed forward the middle term vanishes. The ONE place this formula lives.
 *
 * @see https://en.wikipedia.org/wiki/Greeks_(finance)#Formulae_for_European_option_Greeks  (theta, with dividend yield q)
 * @see Hull, Options, Futures, and Other Derivatives (10th ed.), §19.5 (theta) and §18.8 (Black's model)
 */
export function computeBlackThetaPerYear({ value, forward, riskFreeRate, carry }: ComputeBlackThetaParameters): D {
  return riskFreeRate.mul(value.price).sub(carry.mul(forward).mul(value.forwardDelta)).sub(value.decay)
}

/**
 * Prepares the Black formula for one option and returns its value at a given volatility (the
 * logarithm and √T are computed once, which the implied-volatility search relies on).
 *
 * Degenerate cases, as limits of the formula:
 * - T = 0 (at/after expiry): V = max(ω(F − K), 0); forwardDelta = ω when in the money, ω/2 at the
 *   money, 0 out of the money; gamma, vega and decay are 0.
 * - σ = 0 with T > 0: V = DF·max(ω(F − K), 0), forwardDelta = ω·DF (½ at the money, 0 out of the
 *   money); gamma and decay are 0; vega is its σ → 0 limit, DF·F·√T/√(2π) at the money and 0 elsewhere.
 */
export function createBlackPricer({
  forward,
  strike,
  discountFactor,
  timeYears,
  right,
}: CreateBlackPricerParameters): (volatility: D) => BlackValue {
  if (!forward.gt(0)) throw new EngineInputError(`Forward must be > 0, got ${forward.toString()}.`)
  if (!strike.gt(0)) throw new EngineInputError(`Strike must be > 0, got ${strike.toString()}.`)
  const omega = right === 'call' ? ONE : ONE.neg()
  const moneyness = omega.mul(forward.sub(strike))
  /** Φ(±∞) or Φ(0) of the deterministic limit: 1 in the money, ½ at the money, 0 out of it. */
  const step = moneyness.gt(0) ? ONE : moneyness.isZero() ? HALF : ZERO

  if (timeYears.isZero()) {
    const value: BlackValue = {
      price: moneyness.gt(0) ? moneyness : ZERO,
      forwardDelta: omega.mul(step),
      forwardGamma: ZERO,
      vega: ZERO,
      decay: ZERO,
    }
    return () => value
  }

  const sqrtT = timeYears.sqrt()
  const logMoneyness = forward.div(strike).ln()
  const discountedForward = discountFactor.mul(forward)
  const discountedStrike = discountFactor.mul(strike)
  return (volatility) => {
    if (volatility.lt(0)) throw new EngineInputError(`Volatility must be ≥ 0, got ${volatility.toString()}.`)
    const totalVolatility = volatility.mul(sqrtT)
    if (totalVolatility.isZero()) {
      return {
        price: moneyness.gt(0) ? discountFactor.mul(moneyness) : ZERO,
        forwardDelta: omega.mul(discountFactor).mul(step),
        forwardGamma: ZERO,
        vega: moneyness.isZero() ? discountedForward.mul(sqrtT).mul(normalPdf(ZERO)) : ZERO,
        decay: ZERO,
      }
    }
    const d1 = logMoneyness.div(totalVolatility).add(totalVolatility.div(2))
    const d2 = d1.sub(totalVolatility)
    // Price the out-of-the-money twin directly (its Φ are small tails, computed with relative
    // precision) and an in-the-money option by parity, V = twin + ω·DF·(F − K), so a deep
    // in-the-money price keeps every digit of its time value.
    const twinOmega = forward.gt(strike) ? ONE.neg() : ONE
    const nd1 = normalCdf(twinOmega.mul(d1))
    const nd2 = normalCdf(twinOmega.mul(d2))
    const twinPrice = twinOmega.mul(discountedForward.mul(nd1).sub(discountedStrike.mul(nd2)))
    const isTwin = omega.eq(twinOmega)
    const pdf = normalPdf(d1)
    return {
      price: isTwin ? twinPrice : twinPrice.add(discountFactor.mul(moneyness)),
      forwardDelta: omega.mul(discountFactor).mul(isTwin ? nd1 : ONE.sub(nd1)),
      forwardGamma: discountFactor.mul(pdf).div(forward.mul(totalVolatility)),
      vega: discountedForward.mul(pdf).mul(sqrtT),
      decay: discountedForward.mul(pdf).mul(volatility).div(sqrtT.mul(2)),
    }
  }
}
