/**
 * Black–Scholes–Merton prices and greeks against published worked examples, put–call parity and
 * finite differences.
 *
 * Sources:
 * - Hull, Options, Futures, and Other Derivatives (10th ed., ISBN 978-0-13-447208-9): Example 15.6
 *   (S = 42, K = 40, r = 10%, σ = 20%, T = 0.5 → c = 4.76, p = 0.81), Example 17.1 (index option
 *   930/900, q = 3% → c = 51.83) and the §19 running example (S = 49, K = 50, r = 5%, σ = 20%,
 *   T = 20 weeks → c = 2.40, Δ = 0.522, Γ = 0.066, vega = 12.1, Θ = −4.31 a year, −0.0118 a day).
 * - MathWorks Financial Toolbox reference pages (which follow Hull).
 * - Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), §1.1.6: generalized BSM put
 *   S = 100, K = 95, T = 0.5, r = 10%, q = 5%, σ = 20% → 2.4648.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type D, dec, ONE } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import { computeBlackScholes } from '../../../../src/engine/options'
import { YEAR, years } from './fixtures'

const BLSPRICE = 'https://www.mathworks.com/help/finance/blsprice.html'
const BLSTHETA = 'https://www.mathworks.com/help/finance/blstheta.html'
const BLSGAMMA = 'https://www.mathworks.com/help/finance/blsgamma.html'

const round = (value: D, places: number) => value.toFixed(places)

describe('computeBlackScholes: published examples', () => {
  it('Hull Example 15.6: c = 4.76, p = 0.81', () => {
    const common = {
      spot: '42',
      strike: '40',
      riskFreeRate: '0.1',
      volatility: '0.2',
      expirySec: years(0.5),
      nowSec: 0,
    }
    expect(round(computeBlackScholes({ ...common, right: 'call' }).price, 2)).toBe('4.76')
    expect(round(computeBlackScholes({ ...common, right: 'put' }).price, 2)).toBe('0.81')
  })

  it('Hull §19 greeks example (S = 49, K = 50, 20 weeks): 2.40, Δ 0.522, Γ 0.066, vega 12.1, Θ −4.31/yr', () => {
    const call = computeBlackScholes({
      right: 'call',
      spot: '49',
      strike: '50',
      riskFreeRate: '0.05',
      volatility: '0.2',
      expirySec: years(20 / 52),
      nowSec: 0,
    })
    expect(round(call.price, 2)).toBe('2.40')
    expect(round(call.delta, 3)).toBe('0.522')
    expect(round(call.gamma, 3)).toBe('0.066')
    expect(round(call.vega, 1)).toBe('12.1')
    expect(round(call.thetaPerYear, 2)).toBe('-4.31')
    expect(round(call.thetaPerDay, 4)).toBe('-0.0118')
  })

  it('Hull Example 17.1 (index, q = 3%): c = 51.83', () => {
    const call = computeBlackScholes({
      right: 'call',
      spot: '930',
      strike: '900',
      riskFreeRate: '0.08',
      dividendYield: '0.03',
      volatility: '0.2',
      expirySec: years(2 / 12),
      nowSec: 0,
    })
    expect(round(call.price, 2)).toBe('51.83')
  })

  it(`MathWorks blsprice examples (${BLSPRICE})`, () => {
    const stock = {
      spot: '100',
      strike: '95',
      riskFreeRate: '0.1',
      volatility: '0.5',
      expirySec: years(0.25),
      nowSec: 0,
    }
    expect(round(computeBlackScholes({ ...stock, right: 'call' }).price, 4)).toBe('13.6953')
    expect(round(computeBlackScholes({ ...stock, right: 'put' }).price, 4)).toBe('6.3497')
    const index = {
      ...stock,
      spot: '910',
      strike: '980',
      riskFreeRate: '0.02',
      volatility: '0.25',
      dividendYield: '0.025',
    }
    expect(round(computeBlackScholes({ ...index, right: 'call' }).price, 4)).toBe('19.6863')
    expect(round(computeBlackScholes({ ...index, right: 'put' }).price, 4)).toBe('90.4683')
  })

  it(`MathWorks blstheta / blsgamma (${BLSTHETA}, ${BLSGAMMA}): Θ −8.9630 / −3.1404, Γ 0.0512`, () => {
    const common = {
      spot: '50',
      strike: '50',
      riskFreeRate: '0.12',
      volatility: '0.3',
      expirySec: years(0.25),
      nowSec: 0,
    }
    const call = computeBlackScholes({ ...common, right: 'call' })
    const put = computeBlackScholes({ ...common, right: 'put' })
    expect(round(call.thetaPerYear, 4)).toBe('-8.9630')
    expect(round(put.thetaPerYear, 4)).toBe('-3.1404')
    expect(round(call.gamma, 4)).toBe('0.0512')
    expect(put.gamma.eq(call.gamma)).toBe(true)
  })

  it('Haug §1.1.6 generalized BSM put: 2.4648', () => {
    const put = computeBlackScholes({
      right: 'put',
      spot: '100',
      strike: '95',
      riskFreeRate: '0.1',
      dividendYield: '0.05',
      volatility: '0.2',
      expirySec: years(0.5),
      nowSec: 0,
    })
    expect(round(put.price, 4)).toBe('2.4648')
  })
})

const market = fc.record({
  spot: fc.integer({ min: 1_000, max: 500_000 }).map((cents) => (cents / 100).toString()),
  moneyness: fc.double({ min: 0.5, max: 2, noNaN: true }),
  rate: fc.integer({ min: 0, max: 1_500 }).map((bp) => (bp / 10_000).toString()),
  dividendYield: fc.integer({ min: 0, max: 800 }).map((bp) => (bp / 10_000).toString()),
  volatility: fc.integer({ min: 5, max: 250 }).map((pct) => (pct / 100).toString()),
  expirySec: fc.integer({ min: 3_600, max: 3 * YEAR }),
})

describe('computeBlackScholes: properties', () => {
  it('satisfies put–call parity c − p = S·e^(−qT) − K·e^(−rT)', () => {
    fc.assert(
      fc.property(market, (m) => {
        const strike = dec(m.spot).mul(m.moneyness.toString()).toFixed(2)
        const common = { ...m, strike, riskFreeRate: m.rate, nowSec: 0 }
        const call = computeBlackScholes({ ...common, right: 'call' })
        const put = computeBlackScholes({ ...common, right: 'put' })
        const t = call.timeYears
        const parity = dec(m.spot)
          .mul(dec(m.dividendYield).neg().mul(t).exp())
          .sub(dec(strike).mul(dec(m.rate).neg().mul(t).exp()))
        expect(call.price.sub(put.price).sub(parity).abs().div(m.spot).toNumber()).toBeLessThan(1e-20)
        // Same gamma and vega for both rights; deltas differ by e^(−qT).
        expect(call.gamma.sub(put.gamma).abs().toNumber()).toBeLessThan(1e-20)
        expect(call.delta.sub(put.delta).sub(dec(m.dividendYield).neg().mul(t).exp()).abs().toNumber()).toBeLessThan(
          1e-20,
        )
      }),
      { numRuns: 25 },
    )
  })

  it('greeks match central finite differences of the price', () => {
    fc.assert(
      fc.property(market, fc.constantFrom<'call' | 'put'>('call', 'put'), (m, right) => {
        const strike = dec(m.spot).mul(m.moneyness.toString()).toFixed(2)
        const base = { right, spot: m.spot, strike, riskFreeRate: m.rate, dividendYield: m.dividendYield }
        const at = (spot: D, volatility: D, nowSec: number) =>
          computeBlackScholes({ ...base, spot, volatility, expirySec: m.expirySec, nowSec }).price
        const s = dec(m.spot)
        const sigma = dec(m.volatility)
        const h = s.mul('1e-6')
        const dv = dec('1e-7')
        // Central differences err by O(dt²/T²): keep dt a fixed small fraction of the expiry (1 s for an hour).
        const dt = Math.max(1, Math.round(m.expirySec / 3600))
        const greeks = computeBlackScholes({ ...base, volatility: sigma, expirySec: m.expirySec, nowSec: 0 })
        const delta = at(s.add(h), sigma, 0)
          .sub(at(s.sub(h), sigma, 0))
          .div(h.mul(2))
        const gamma = at(s.add(h), sigma, 0)
          .sub(at(s, sigma, 0).mul(2))
          .add(at(s.sub(h), sigma, 0))
          .div(h.mul(h))
        const vega = at(s, sigma.add(dv), 0)
          .sub(at(s, sigma.sub(dv), 0))
          .div(dv.mul(2))
        // Moving `now` forward shortens T: Θ = −∂V/∂T = ∂V/∂now × YEAR.
        const theta = at(s, sigma, dt)
          .sub(at(s, sigma, -dt))
          .div(2 * dt)
          .mul(YEAR)
        const close = (analytic: D, numeric: D, scale: D) => analytic.sub(numeric).abs().div(scale).toNumber()
        expect(close(greeks.delta, delta, ONE)).toBeLessThan(1e-9)
        expect(close(greeks.gamma, gamma, greeks.gamma.abs().add(ONE.div(s)))).toBeLessThan(1e-6)
        expect(close(greeks.vega, vega, s)).toBeLessThan(1e-9)
        expect(close(greeks.thetaPerYear, theta, s)).toBeLessThan(1e-7)
      }),
      { numRuns: 12 },
    )
  })
})

describe('computeBlackScholes: at and after expiry', () => {
  const common = { spot: '105', strike: '100', riskFreeRate: '0.05', volatility: '0.4', expirySec: 1_000 }
  it('is worth its intrinsic value with step deltas and no gamma, vega or theta', () => {
    for (const nowSec of [1_000, 2_000]) {
      const call = computeBlackScholes({ ...common, right: 'call', nowSec })
      const put = computeBlackScholes({ ...common, right: 'put', nowSec })
      expect(call.price.toString()).toBe('5')
      expect(put.price.isZero()).toBe(true)
      expect(call.delta.toString()).toBe('1')
      expect(put.delta.isZero()).toBe(true)
      for (const greek of [call.gamma, call.vega, call.thetaPerYear, put.gamma, put.vega, put.thetaPerYear]) {
        expect(greek.isZero()).toBe(true)
      }
    }
    const atTheMoney = computeBlackScholes({ ...common, spot: '100', right: 'put', nowSec: 1_000 })
    expect(atTheMoney.delta.toString()).toBe('-0.5')
  })

  it('converges to intrinsic as expiry approaches', () => {
    const oneSecond = computeBlackScholes({ ...common, right: 'call', nowSec: 999 })
    expect(oneSecond.price.sub(5).abs().toNumber()).toBeLessThan(1e-4)
  })

  it('rejects a negative volatility or spot', () => {
    expect(() => computeBlackScholes({ ...common, right: 'call', volatility: '-0.1', nowSec: 0 })).toThrow(
      EngineInputError,
    )
    expect(() => computeBlackScholes({ ...common, right: 'call', spot: '0', nowSec: 0 })).toThrow(EngineInputError)
  })
})
