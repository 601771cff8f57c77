/**
 * The double-precision Φ and ln used by the portfolio-margin scenario kernel must agree with the
 * Decimal `normalCdf` (to the engine's 1e-15 absolute requirement) and `ln` (to a few ulps).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { normalCdf } from '../../../../src/engine/math'
import { fastLog } from '../../../../src/engine/options/fastLog'
import { fastNormalCdf } from '../../../../src/engine/options/fastNormalCdf'

const deviation = (x: number) => normalCdf(x.toString()).sub(fastNormalCdf(x)).abs().toNumber()

describe('fastNormalCdf', () => {
  it('is within 1e-15 (in fact 3e-16) of the Decimal Φ on a grid over [-40, 40]', () => {
    let worst = 0
    for (let i = -400; i <= 400; i += 3) worst = Math.max(worst, deviation(i / 10 + 0.00731))
    expect(worst).toBeLessThan(3e-16)
  })

  it('agrees around the region boundary |x| = 2.5 and on random points', () => {
    for (const x of [2.4999999, 2.5, -2.5, -2.5000001, 0, 1e-300, -1e-300]) expect(deviation(x)).toBeLessThan(3e-16)
    fc.assert(
      fc.property(fc.double({ min: -9, max: 9, noNaN: true }), (x) => {
        expect(deviation(x)).toBeLessThan(3e-16)
      }),
      { numRuns: 60 },
    )
  })

  it('handles the limits', () => {
    expect(fastNormalCdf(Number.POSITIVE_INFINITY)).toBe(1)
    expect(fastNormalCdf(Number.NEGATIVE_INFINITY)).toBe(0)
    expect(fastNormalCdf(0)).toBe(0.5)
    expect(Number.isNaN(fastNormalCdf(Number.NaN))).toBe(true)
    // Deep tail keeps relative precision: Φ(−10) = 7.6198530241605260659733432515993e-24.
    expect(Math.abs(fastNormalCdf(-10) / 7.6198530241605e-24 - 1)).toBeLessThan(1e-13)
  })
})

describe('fastLog', () => {
  it('matches the Decimal logarithm to a few ulps over the ratios the kernel takes logs of', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 1e4, noNaN: true }), (x) => {
        const exact = dec(x.toFixed(100)).ln() // the double's exact value
        const error = exact.sub(fastLog(x)).abs().toNumber()
        expect(error).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(Math.abs(exact.toNumber()), Number.MIN_VALUE))
      }),
      { numRuns: 200 },
    )
    for (const x of [1, 2, 0.5, Math.SQRT2, 1 + 1e-12, 1 - 1e-12]) {
      const exact = dec(x.toFixed(100)).ln()
      expect(exact.sub(fastLog(x)).abs().toNumber()).toBeLessThanOrEqual(
        4 * Number.EPSILON * Math.abs(exact.toNumber()),
      )
    }
    expect(fastLog(1)).toBe(0)
    expect(Number.isNaN(fastLog(0)) && Number.isNaN(fastLog(-1))).toBe(true)
  })
})
