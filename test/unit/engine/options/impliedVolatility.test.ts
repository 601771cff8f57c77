/**
 * Implied volatility: the MathWorks blsimpv example, round trips over a wide grid (deep in/out of
 * the money, expiries down to an hour) and the typed results outside the no-arbitrage bounds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { computeBlack76, computeBlackScholes, computeImpliedVolatility } from '../../../../src/engine/options'
import { YEAR, years } from './fixtures'

const BLSIMPV = 'https://www.mathworks.com/help/finance/blsimpv.html'

describe('computeImpliedVolatility', () => {
  it(`MathWorks blsimpv example: S = 100, K = 95, r = 7.5%, T = 0.25, call at 10 → 0.3130 (${BLSIMPV})`, () => {
    const result = computeImpliedVolatility({
      model: 'black-scholes',
      right: 'call',
      price: '10',
      spot: '100',
      strike: '95',
      riskFreeRate: '0.075',
      expirySec: years(0.25),
      nowSec: 0,
    })
    expect(result.kind).toBe('volatility')
    if (result.kind === 'volatility') expect(result.volatility.toFixed(4)).toBe('0.3130')
  })

  it('round-trips Black–Scholes prices, deep in/out of the money and for short expiries', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.25, max: 4, noNaN: true }),
        fc.integer({ min: 3_600, max: 3 * YEAR }),
        fc.integer({ min: 3, max: 400 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.constantFrom<'call' | 'put'>('call', 'put'),
        (moneyness, expirySec, volPct, rateBp, right) => {
          const common = {
            right,
            spot: '100',
            strike: dec('100').mul(moneyness.toString()).toFixed(4),
            riskFreeRate: (rateBp / 10_000).toString(),
            dividendYield: '0.01',
            expirySec,
            nowSec: 0,
          }
          const volatility = dec(volPct.toString()).div(100)
          const { price } = computeBlackScholes({ ...common, volatility })
          const intrinsic = computeBlackScholes({ ...common, volatility: '0' }).price
          // Skip prices whose time value is below the Decimal working precision (no σ is recoverable).
          fc.pre(price.sub(intrinsic).gt('1e-40'))
          const result = computeImpliedVolatility({ ...common, model: 'black-scholes', price })
          expect(result.kind).toBe('volatility')
          if (result.kind === 'volatility')
            expect(result.volatility.sub(volatility).abs().toNumber()).toBeLessThan(1e-15)
        },
      ),
      { numRuns: 30 },
    )
  })

  it('round-trips Black-76 prices', () => {
    for (const [strike, right] of [
      ['2500', 'put'],
      ['3000', 'call'],
      ['6000', 'call'],
      ['1000', 'call'],
    ] as const) {
      const common = { right, forward: '3000', strike, riskFreeRate: '0.04', expirySec: 3 * 86_400, nowSec: 0 }
      const { price } = computeBlack76({ ...common, volatility: '0.85' })
      const result = computeImpliedVolatility({ ...common, model: 'black-76', price })
      expect(result.kind === 'volatility' && result.volatility.sub('0.85').abs().lt('1e-12')).toBe(true)
    }
  })

  it('returns typed results outside the no-arbitrage bounds, never a throw', () => {
    const common = {
      model: 'black-scholes',
      right: 'call',
      spot: '100',
      strike: '90',
      riskFreeRate: '0',
      expirySec: years(0.5),
      nowSec: 0,
    } as const
    expect(computeImpliedVolatility({ ...common, price: '9.99' })).toMatchObject({ kind: 'below-lower-bound' })
    expect(computeImpliedVolatility({ ...common, price: '100' })).toMatchObject({ kind: 'above-upper-bound' })
    expect(computeImpliedVolatility({ ...common, price: '5', nowSec: years(1) })).toEqual({ kind: 'expired' })
    expect(computeImpliedVolatility({ ...common, price: '10' })).toMatchObject({ kind: 'volatility' })
    const atIntrinsic = computeImpliedVolatility({ ...common, price: '10' })
    expect(atIntrinsic.kind === 'volatility' && atIntrinsic.volatility.isZero()).toBe(true)
    const put = computeImpliedVolatility({ ...common, right: 'put', price: '90' })
    expect(put.kind).toBe('above-upper-bound')
  })
})
