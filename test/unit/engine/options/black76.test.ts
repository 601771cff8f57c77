/**
 * Black-76 against published examples, parity, and its identity with Black–Scholes at q = r.
 *
 * Sources:
 * - MathWorks blkprice: F = K = 20, r = 9%, T = 4 months, σ = 25% → call = put = 1.1166.
 * - Hull, Options, Futures, and Other Derivatives (10th ed.), Example 18.x (crude-oil futures put with
 *   the same inputs → 1.12).
 * - Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), §1.1.2 (Brent futures, F = K = 19,
 *   T = 0.75, r = 10%, σ = 28% → c = p = 1.7011).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { computeBlack76, computeBlackScholes } from '../../../../src/engine/options'
import { YEAR, years } from './fixtures'

const BLKPRICE = 'https://www.mathworks.com/help/finance/blkprice.html'

describe('computeBlack76', () => {
  it(`MathWorks blkprice example: call = put = 1.1166 (${BLKPRICE}); Hull's crude-oil put 1.12`, () => {
    const common = {
      forward: '20',
      strike: '20',
      riskFreeRate: '0.09',
      volatility: '0.25',
      expirySec: years(4 / 12),
      nowSec: 0,
    }
    const call = computeBlack76({ ...common, right: 'call' })
    const put = computeBlack76({ ...common, right: 'put' })
    expect(call.price.toFixed(4)).toBe('1.1166')
    expect(put.price.toFixed(4)).toBe('1.1166')
    expect(put.price.toFixed(2)).toBe('1.12')
  })

  it('Haug §1.1.2 Brent futures option: 1.7011', () => {
    const common = {
      forward: '19',
      strike: '19',
      riskFreeRate: '0.1',
      volatility: '0.28',
      expirySec: years(0.75),
      nowSec: 0,
    }
    expect(computeBlack76({ ...common, right: 'call' }).price.toFixed(4)).toBe('1.7011')
    expect(computeBlack76({ ...common, right: 'put' }).price.toFixed(4)).toBe('1.7011')
  })

  it('equals Black–Scholes on S = F with q = r (price and every greek), and satisfies c − p = e^(−rT)(F − K)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 100_000 }),
        fc.double({ min: 0.6, max: 1.6, noNaN: true }),
        fc.integer({ min: 0, max: 1_200 }),
        fc.integer({ min: 5, max: 200 }),
        fc.integer({ min: 60, max: 2 * YEAR }),
        fc.constantFrom<'call' | 'put'>('call', 'put'),
        (forward, moneyness, rateBp, volPct, expirySec, right) => {
          const f = forward.toString()
          const strike = dec(f).mul(moneyness.toString()).toFixed(3)
          const rate = (rateBp / 10_000).toString()
          const volatility = (volPct / 100).toString()
          const common = { strike, riskFreeRate: rate, volatility, expirySec, nowSec: 0 }
          const black = computeBlack76({ ...common, forward: f, right })
          const merton = computeBlackScholes({ ...common, spot: f, dividendYield: rate, right })
          for (const key of ['price', 'delta', 'gamma', 'vega', 'thetaPerYear'] as const) {
            expect(black[key].sub(merton[key]).abs().toNumber()).toBeLessThan(1e-18 * forward)
          }
          const other = computeBlack76({ ...common, forward: f, right: right === 'call' ? 'put' : 'call' })
          const [call, put] = right === 'call' ? [black, other] : [other, black]
          const parity = dec(rate).neg().mul(black.timeYears).exp().mul(dec(f).sub(strike))
          expect(call.price.sub(put.price).sub(parity).abs().toNumber()).toBeLessThan(1e-20 * forward)
        },
      ),
      { numRuns: 15 },
    )
  })

  it('is worth the intrinsic value on the forward at expiry', () => {
    const expired = computeBlack76({
      right: 'put',
      forward: '90',
      strike: '100',
      riskFreeRate: '0.05',
      volatility: '0.5',
      expirySec: 10,
      nowSec: 10,
    })
    expect(expired.price.toString()).toBe('10')
    expect(expired.delta.toString()).toBe('-1')
    expect(expired.vega.isZero() && expired.gamma.isZero() && expired.thetaPerDay.isZero()).toBe(true)
  })
})
