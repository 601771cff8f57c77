import { type D, type DecimalString, dec, ZERO } from '../decimal'
import { computeBlackThetaPerYear, createBlackPricer } from './blackPricer'
import { computeTimeToExpiry } from './computeTimeToExpiry'
import type { OptionRight, OptionValuation } from './types'

export type ComputeBlack76Parameters = {
  right: OptionRight
  /** Forward (futures) price F of the underlying for the option's expiry. */
  forward: D | DecimalString
  /** Strike K, same currency as the forward. */
  strike: D | DecimalString
  /** Annualised continuously compounded risk-free rate r used to discount the payoff, fraction. */
  riskFreeRate: D | DecimalString
  /** Annualised volatility σ of the forward, fraction, ≥ 0. */
  volatility: D | DecimalString
  /** Expiry, unix seconds. */
  expirySec: number
  /** Valuation time, unix seconds. */
  nowSec: number
}

export type ComputeBlack76ReturnType = OptionValuation

/**
 * Black (1976) price and greeks of a European option on a forward or futures price:
 *
 *   c = e^(−rT)·(F·Φ(d₁) − K·Φ(d₂)),  p = e^(−rT)·(K·Φ(−d₂) − F·Φ(−d₁)),
 *   d₁ = (ln(F/K) + σ²T/2)/(σ√T),  d₂ = d₁ − σ√T,  T = (expirySec − nowSec)/(365·86 400).
 *
 * Greeks are with respect to the forward: delta = ±e^(−rT)·Φ(±d₁); gamma = e^(−rT)·φ(d₁)/(F·σ√T);
 * vega = e^(−rT)·F·φ(d₁)·√T per 1.00 of volatility; thetaPerYear = −∂V/∂T at fixed F = r·V −
 * e^(−rT)·F·φ(d₁)·σ/(2√T) (thetaPerDay = / 365). At or after expiry: intrinsic max(±(F − K), 0),
 * delta ±1 / ±½ / 0, gamma, vega and theta 0.
 *
 * @see https://en.wikipedia.org/wiki/Black_model
 * @see Hull, Options, Futures, and Other Derivatives (10th ed.), §18.8 (worked example in the tests)
 * @example
 * computeBlack76({ right: 'put', forward: '20', strike: '20', riskFreeRate: '0.09', volatility: '0.25',
 *   expirySec: 10_512_000, nowSec: 0 }).price // 1.1166... (MathWorks blkprice example)
 */
export function computeBlack76({
  right,
  forward,
  strike,
  riskFreeRate,
  volatility,
  expirySec,
  nowSec,
}: ComputeBlack76Parameters): ComputeBlack76ReturnType {
  const r = dec(riskFreeRate)
  const timeYears = computeTimeToExpiry({ expirySec, nowSec })
  const f = dec(forward)
  const value = createBlackPricer({
    forward: f,
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
  const thetaPerYear = computeBlackThetaPerYear({ value, forward: f, riskFreeRate: r, carry: ZERO })
  return {
    price: value.price,
    delta: value.forwardDelta,
    gamma: value.forwardGamma,
    vega: value.vega,
    thetaPerYear,
    thetaPerDay: thetaPerYear.div(365),
    timeYears,
  }
}
