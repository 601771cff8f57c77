/**
 * Vega and theta of a portfolio-margin account, per position, per underlying (`computeExposures`)
 * and per margin account (`computeGreekTotals`), against values worked by hand from the
 * Black–Scholes–Merton and Black-76 formulas in their textbook form (not the engine's r·V − carry·F·Δ
 * − decay arrangement), and against Hull's printed worked example.
 *
 * Units: vegaUsdPerVolatility is USD per +1.00 of volatility (σ is a fraction); thetaUsdPerDay is
 * USD per calendar day (per-year theta / 365, the engine's 365-day year).
 *
 * @see Hull, Options, Futures, and Other Derivatives (10th ed.), Examples 19.4 (theta) and 19.7 (vega):
 *   S₀ = 49, K = 50, r = 0.05, σ = 0.20, T = 20 weeks = 0.3846 y: theta = −4.31 per year
 *   (−0.0118 per calendar day), vega = 12.1 (0.121 per vol point).
 * @see https://en.wikipedia.org/wiki/Greeks_(finance)#Formulae_for_European_option_Greeks
 * @see https://en.wikipedia.org/wiki/Black_model
 */
import { describe, expect, it } from 'vitest'
import { computeExposures, computeGreekTotals } from '../../../../src/engine/aggregate'
import { D, dec, ZERO } from '../../../../src/engine/decimal'
import { normalCdf } from '../../../../src/engine/math/normalCdf'
import {
  evaluatePortfolioMargin,
  type OptionPosition,
  type PortfolioMarginSnapshot,
} from '../../../../src/engine/options'
import type { PositionRisk } from '../../../../src/engine/types'
import { HEADER, NOW, quote, YEAR } from './fixtures'

const HULL_T_SEC = Math.round((20 / 52) * YEAR)

function snapshot(
  price: string,
  options: OptionPosition[],
  params: Partial<PortfolioMarginSnapshot['params']> = {},
  perps: PortfolioMarginSnapshot['perps'] = [],
): PortfolioMarginSnapshot {
  return {
    ...HEADER,
    model: 'portfolio-margin',
    prices: { ETH: quote(price), USDC: quote('1', 'stable') },
    collateral: [{ asset: 'USDC', amount: '100000' }],
    options,
    perps,
    params: {
      priceMoves: ['-0.15', '0', '0.15'],
      volShocks: ['-0.3', '0', '0.3'],
      volShockMode: 'relative',
      imMultiplier: '1.3',
      riskFreeRate: '0.05',
      ...params,
    },
  }
}

const option = (overrides: Partial<OptionPosition> & Pick<OptionPosition, 'id' | 'strike' | 'right' | 'size'>) =>
  ({
    underlying: 'ETH',
    expirySec: NOW + HULL_T_SEC,
    impliedVolatility: '0.2',
    pricingModel: 'black-scholes',
    ...overrides,
  }) satisfies OptionPosition

const byId = (positions: PositionRisk[], id: string) => {
  const found = positions.find((p) => p.id === id)
  if (!found) throw new Error(`no position ${id}`)
  return found
}

const pdf = (x: D) =>
  x
    .mul(x)
    .div(-2)
    .exp()
    .div(new D(2).mul(D.acos(-1)).sqrt())

/**
 * Textbook Black–Scholes–Merton greeks per unit, T = seconds / 365 d:
 * d₁ = (ln(S/K) + (r − q + σ²/2)T)/(σ√T), d₂ = d₁ − σ√T;
 * vega = S·e^(−qT)·φ(d₁)·√T;
 * ∂V/∂t (call) = −S·e^(−qT)·φ(d₁)·σ/(2√T) − r·K·e^(−rT)·Φ(d₂) + q·S·e^(−qT)·Φ(d₁);
 * ∂V/∂t (put)  = −S·e^(−qT)·φ(d₁)·σ/(2√T) + r·K·e^(−rT)·Φ(−d₂) − q·S·e^(−qT)·Φ(−d₁).
 */
function handBsm(right: 'call' | 'put', S: D, K: D, r: D, q: D, sigma: D, seconds: number) {
  const T = new D(seconds).div(YEAR)
  const sqrtT = T.sqrt()
  const d1 = S.div(K)
    .ln()
    .add(r.sub(q).add(sigma.mul(sigma).div(2)).mul(T))
    .div(sigma.mul(sqrtT))
  const d2 = d1.sub(sigma.mul(sqrtT))
  const growthQ = q.neg().mul(T).exp()
  const discount = r.neg().mul(T).exp()
  const decay = S.mul(growthQ).mul(pdf(d1)).mul(sigma).div(sqrtT.mul(2)).neg()
  const thetaPerYear =
    right === 'call'
      ? decay.sub(r.mul(K).mul(discount).mul(normalCdf(d2))).add(q.mul(S).mul(growthQ).mul(normalCdf(d1)))
      : decay.add(r.mul(K).mul(discount).mul(normalCdf(d2.neg()))).sub(q.mul(S).mul(growthQ).mul(normalCdf(d1.neg())))
  return { vega: S.mul(growthQ).mul(pdf(d1)).mul(sqrtT), thetaPerDay: thetaPerYear.div(365) }
}

/**
 * Textbook Black-76 per unit on a fixed forward F: vega = e^(−rT)·F·φ(d₁)·√T;
 * ∂V/∂t (call) = −e^(−rT)·F·φ(d₁)·σ/(2√T) − r·K·e^(−rT)·Φ(d₂) + r·F·e^(−rT)·Φ(d₁).
 */
function handBlack76Call(F: D, K: D, r: D, sigma: D, seconds: number) {
  const T = new D(seconds).div(YEAR)
  const sqrtT = T.sqrt()
  const d1 = F.div(K).ln().add(sigma.mul(sigma).div(2).mul(T)).div(sigma.mul(sqrtT))
  const d2 = d1.sub(sigma.mul(sqrtT))
  const discount = r.neg().mul(T).exp()
  const thetaPerYear = discount
    .mul(F)
    .mul(pdf(d1))
    .mul(sigma)
    .div(sqrtT.mul(2))
    .neg()
    .sub(r.mul(K).mul(discount).mul(normalCdf(d2)))
    .add(r.mul(F).mul(discount).mul(normalCdf(d1)))
  return { vega: discount.mul(F).mul(pdf(d1)).mul(sqrtT), thetaPerDay: thetaPerYear.div(365) }
}

const close = (actual: D, expected: D, tolerance = '1e-20') =>
  expect(actual.sub(expected).abs().lte(tolerance), `${actual} vs ${expected}`).toBe(true)

describe('option vega and theta', () => {
  const report = evaluatePortfolioMargin({
    snapshot: snapshot('49', [option({ id: 'hull', strike: '50', right: 'call', size: '100' })]),
    nowSec: NOW,
  })
  const hull = byId(report.positions, 'option:hull')

  it("reproduces Hull's worked example: vega 12.1 per unit per 1.00 of volatility, theta −0.0118 per calendar day", () => {
    expect(hull.vegaUsdPerVolatility.div(100).toDecimalPlaces(1).toString()).toBe('12.1')
    expect(hull.thetaUsdPerDay.div(100).toDecimalPlaces(4).toString()).toBe('-0.0118')
    // × 365: Hull's −4.31 per year.
    expect(hull.thetaUsdPerDay.div(100).mul(365).toDecimalPlaces(2).toString()).toBe('-4.31')
  })

  it('equals the textbook formulas to 1e-20 (call, no yield)', () => {
    const hand = handBsm('call', dec('49'), dec('50'), dec('0.05'), ZERO, dec('0.2'), HULL_T_SEC)
    close(hull.vegaUsdPerVolatility, hand.vega.mul(100))
    close(hull.thetaUsdPerDay, hand.thetaPerDay.mul(100))
  })

  it('equals the textbook formulas with a yield, long and short, calls and puts', () => {
    const days = 45 * 86_400
    const book = [
      option({ id: 'c', strike: '3200', right: 'call', size: '3', impliedVolatility: '0.65', expirySec: NOW + days }),
      option({ id: 'p', strike: '2700', right: 'put', size: '-7.5', impliedVolatility: '0.8', expirySec: NOW + days }),
    ]
    const { positions } = evaluatePortfolioMargin({
      snapshot: snapshot('3000', book, { riskFreeRate: '0.04', underlyingYields: { ETH: '0.03' } }),
      nowSec: NOW,
    })
    const r = dec('0.04')
    const q = dec('0.03')
    const call = handBsm('call', dec('3000'), dec('3200'), r, q, dec('0.65'), days)
    const put = handBsm('put', dec('3000'), dec('2700'), r, q, dec('0.8'), days)
    close(byId(positions, 'option:c').vegaUsdPerVolatility, call.vega.mul(3))
    close(byId(positions, 'option:c').thetaUsdPerDay, call.thetaPerDay.mul(3))
    close(byId(positions, 'option:p').vegaUsdPerVolatility, put.vega.mul('-7.5'))
    close(byId(positions, 'option:p').thetaUsdPerDay, put.thetaPerDay.mul('-7.5'))
    // Long options lose value as time passes; a written one earns it; vega has the position's sign.
    expect(byId(positions, 'option:c').thetaUsdPerDay.isNegative()).toBe(true)
    expect(byId(positions, 'option:p').thetaUsdPerDay.isPositive()).toBe(true)
    expect(byId(positions, 'option:p').vegaUsdPerVolatility.isNegative()).toBe(true)
  })

  it('Black-76 on a given forward: theta at a fixed forward', () => {
    const days = 60 * 86_400
    const { positions } = evaluatePortfolioMargin({
      snapshot: snapshot('3000', [
        option({
          id: 'f',
          strike: '3100',
          right: 'call',
          size: '2',
          impliedVolatility: '0.55',
          expirySec: NOW + days,
          pricingModel: 'black-76',
          forwardPriceUsd: '3030',
        }),
      ]),
      nowSec: NOW,
    })
    const hand = handBlack76Call(dec('3030'), dec('3100'), dec('0.05'), dec('0.55'), days)
    close(byId(positions, 'option:f').vegaUsdPerVolatility, hand.vega.mul(2))
    close(byId(positions, 'option:f').thetaUsdPerDay, hand.thetaPerDay.mul(2))
  })

  it('an expired option has no vega and no theta', () => {
    const { positions } = evaluatePortfolioMargin({
      snapshot: snapshot('3000', [option({ id: 'x', strike: '2900', right: 'call', size: '1', expirySec: NOW })]),
      nowSec: NOW,
    })
    expect(byId(positions, 'option:x').vegaUsdPerVolatility.isZero()).toBe(true)
    expect(byId(positions, 'option:x').thetaUsdPerDay.isZero()).toBe(true)
  })
})

describe('vega and theta totals', () => {
  const days = 30 * 86_400
  const { positions } = evaluatePortfolioMargin({
    snapshot: snapshot(
      '3000',
      [
        option({
          id: 'a',
          strike: '3000',
          right: 'call',
          size: '-10',
          impliedVolatility: '0.6',
          expirySec: NOW + days,
        }),
        option({ id: 'b', strike: '3000', right: 'put', size: '4', impliedVolatility: '0.7', expirySec: NOW + days }),
      ],
      {},
      [{ underlying: 'ETH', size: '2', entryPriceUsd: '2950' }],
    ),
    nowSec: NOW,
  })

  it('linear positions (perp, collateral) carry exactly 0', () => {
    for (const id of ['perp:ETH', 'collateral:USDC']) {
      expect(byId(positions, id).vegaUsdPerVolatility.isZero()).toBe(true)
      expect(byId(positions, id).thetaUsdPerDay.isZero()).toBe(true)
    }
  })

  it('sum per underlying and per margin account', () => {
    const a = byId(positions, 'option:a')
    const b = byId(positions, 'option:b')
    const eth = computeExposures(positions).find((e) => e.underlying === 'ETH')
    const cash = computeExposures(positions).find((e) => e.underlying !== 'ETH')
    expect(eth?.vegaUsdPerVolatility.toString()).toBe(a.vegaUsdPerVolatility.add(b.vegaUsdPerVolatility).toString())
    expect(eth?.thetaUsdPerDay.toString()).toBe(a.thetaUsdPerDay.add(b.thetaUsdPerDay).toString())
    expect(cash?.vegaUsdPerVolatility.isZero()).toBe(true)
    expect(cash?.thetaUsdPerDay.isZero()).toBe(true)
    const totals = computeGreekTotals(positions)
    expect(totals.vegaUsdPerVolatility.toString()).toBe(eth?.vegaUsdPerVolatility.toString())
    expect(totals.thetaUsdPerDay.toString()).toBe(eth?.thetaUsdPerDay.toString())
    // Net short 6 at-the-money-ish: short vega, collects theta.
    expect(totals.vegaUsdPerVolatility.isNegative()).toBe(true)
    expect(totals.thetaUsdPerDay.isPositive()).toBe(true)
  })
})
