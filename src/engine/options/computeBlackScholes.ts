import { type D, type DecimalString, dec, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import { computeBlackThetaPerYear, createBlackPricer } from './blackPricer'
import { computeTimeToExpiry } from './computeTimeToExpiry'
import type { OptionRight, OptionValuation } from './types'

export type ComputeBlackScholesParameters = {
  right: OptionRight
  /** Spot price S of the underlying (USD, or any currency: outputs use the same one). */
  spot: D | DecimalString
  /** Strike K, same currency as spot. */
  strike: D | DecimalString
  /** Annualised continuously compounded risk-free rate r, fraction (0.05 = 5%). */
  riskFreeRate: D | DecimalString
  /** Annualised continuous dividend / carry yield q, fraction; default 0. */
  dividendYield?: D | DecimalString | undefined
  /** Annualised volatility σ, fraction (0.2 = 20%), ≥ 0. */
  volatility: D | DecimalString
  /** Expiry, unix seconds. */
  expirySec: number
  /** Valuation time, unix seconds. */
  nowSec: number
}

export type ComputeBlackScholesReturnType = OptionValuation

/**
 * Black–Scholes–Merton price and greeks of a European option on a spot with a continuous yield q
 * (Merton 1973), written as Black's formula on the forward F = S·e^((r−q)T):
 *
 *   c = S·e^(−qT)·Φ(d₁) − K·e^(−rT)·Φ(d₂),  p = K·e^(−rT)·Φ(−d₂) − S·e^(−qT)·Φ(−d₁),
 *   d₁ = (ln(S/K) + (r − q + σ²/2)·T)/(σ√T),  d₂ = d₁ − σ√T,  T = (expirySec − nowSec)/(365·86 400).
 *
 * Greeks: delta = ∂V/∂S = ±e^(−qT)·Φ(±d₁); gamma = e^(−qT)·φ(d₁)/(S·σ√T); vega = S·e^(−qT)·φ(d₁)·√T
 * per 1.00 of volatility; thetaPerYear = −∂V/∂T (thetaPerDay = / 365).
 * At or after expiry the option is worth its intrinsic value max(±(S − K), 0); delta is ±1 in the
 * money, ±½ at the money, 0 out of the money; gamma, vega and theta are 0.
 *
 * @see https://en.wikipedia.org/wiki/Black%E2%80%93Scholes_model#Extensions_of_the_model  (continuous dividend yield)
 * @see https://en.wikipedia.org/wiki/Greeks_(finance)#Formulae_for_European_option_Greeks
 * @see Hull, Options, Futures, and Other Derivatives (10th ed.), §15.8 and §17.4 (worked examples in the tests)
 * @example
 * computeBlackScholes({ right: 'call', spot: '42', strike: '40', riskFreeRate: '0.1', volatility: '0.2',
 *   expirySec: 15_768_000, nowSec: 0 }).price // 4.759422392871532... (Hull Example 15.6: 4.76)
 */
export function computeBlackScholes({
  right,
  spot,
  strike,
  riskFreeRate,
  dividendYield = ZERO,
  volatility,
  expirySec,
  nowSec,
}: ComputeBlackScholesParameters): ComputeBlackScholesReturnType {
  const s = dec(spot)
  if (!s.gt(0)) throw new EngineInputError(`Spot must be > 0, got ${s.toString()}.`)
  const r = dec(riskFreeRate)
  const carry = r.sub(dec(dividendYield))
  const timeYears = computeTimeToExpiry({ expirySec, nowSec })
  const growth = carry.mul(timeYears).exp()
  const forward = s.mul(growth)
  const value = createBlackPricer({
    forward,
    strike: dec(strike),
    discountFactor: r.neg().mul(timeYears).exp(),
    timeYears,
    right,
  })(dec(volatility))
  if (timeYears.isZero()) {
    return {
      price: value.price,
      delta: value.forwardDelta,
      gamma: ZERO,
      vega: ZERO,
      thetaPerYear: ZERO,
      thetaPerDay: ZERO,
      timeYears,
    }
  }
  const thetaPerYear = computeBlackThetaPerYear({ value, forward, riskFreeRate: r, carry })
  return {
    price: value.price,
    delta: value.forwardDelta.mul(growth),
    gamma: value.forwardGamma.mul(growth).mul(growth),
    vega: value.vega,
    thetaPerYear,
    thetaPerDay: thetaPerYear.div(365),
    timeYears,
  }
}
