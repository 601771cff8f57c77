/**
 * The shared Decimal math: error function, normal distribution, root finders.
 * Reference values: Abramowitz & Stegun Table 7.1 / 26.1 digits (quoted to 15+ places), and an
 * independent 120-digit evaluation of the alternating Maclaurin series of erf (DLMF 7.6.1), which is a
 * different formula from the engine's (DLMF 7.6.2 and 7.9.2).
 */

import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type D, dec } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import { erf, erfc, findRootBrent, findRootNewton, ln, normalCdf, normalPdf, sqrt } from '../../../../src/engine/math'

const DLMF_MACLAURIN = 'https://dlmf.nist.gov/7.6.E1'
/** A separate high-precision context for reference values only (never engine arithmetic). */
const R = Decimal.clone({ precision: 120 })
const SQRT_PI = new R('3.141592653589793238462643383279502884197169399375105820974944592307816406286').sqrt()

/** erf by the alternating Maclaurin series at 120 digits: exact to > 90 digits for |x| ≤ 5. */
function referenceErf(x: string): Decimal {
  const z = new R(x)
  const z2 = z.mul(z)
  let power = z
  let total = z
  for (let n = 1; n < 1000; n++) {
    power = power.mul(z2).neg().div(n)
    const term = power.div(2 * n + 1)
    total = total.add(term)
    if (term.abs().lt('1e-115')) break
  }
  return total.mul(2).div(SQRT_PI)
}

const absoluteError = (engine: D, reference: Decimal) => new R(engine.toString()).sub(reference).abs().toNumber()

describe('erf / erfc / normalCdf against published and reference values', () => {
  it('matches Abramowitz & Stegun table values', () => {
    expect(erf('0.5').toFixed(15)).toBe('0.520499877813047')
    expect(erf('1').toFixed(15)).toBe('0.842700792949715')
    expect(erf('2').toFixed(15)).toBe('0.995322265018953')
    // Φ(1.96) is the 97.5% quantile of every statistics table.
    expect(normalCdf('1.96').toFixed(15)).toBe('0.975002104851780')
    expect(normalCdf('-1').toFixed(17)).toBe('0.15865525393145705')
    expect(normalCdf('-3').toFixed(18)).toBe('0.001349898031630095')
  })

  it('keeps relative precision deep in the tail (continued-fraction region)', () => {
    // erfc(5) = 1.5374597944280348502e-12, erfc(10) = 2.0884875837625447570e-45 (A&S 7.1, DLMF 7.12).
    expect(erfc('5').div('1.5374597944280348502e-12').sub(1).abs().toNumber()).toBeLessThan(1e-18)
    expect(erfc('10').div('2.0884875837625447570e-45').sub(1).abs().toNumber()).toBeLessThan(1e-18)
    expect(normalCdf('-40').gt(0)).toBe(true)
  })

  it(`is within 1e-21 absolute of the 120-digit Maclaurin series on [-5, 5] (${DLMF_MACLAURIN})`, () => {
    let worst = 0
    for (let i = -100; i <= 100; i += 3) {
      const x = (i / 20 + 0.0137).toString()
      const reference = referenceErf(x)
      worst = Math.max(worst, absoluteError(erf(x), reference), absoluteError(erfc(x), new R(1).sub(reference)))
      const cdf = new R(1).add(referenceErf(new R(x).div(new R(2).sqrt()).toString())).div(2)
      worst = Math.max(worst, absoluteError(normalCdf(x), cdf))
    }
    expect(worst).toBeLessThan(1e-21)
  })

  it('is continuous where the series hands over to the continued fraction (x = 3)', () => {
    const below = erfc('2.99999999999999999999')
    const above = erfc('3')
    expect(below.sub(above).abs().toNumber()).toBeLessThan(1e-21)
  })

  it('satisfies Φ(x) + Φ(−x) = 1 and erf(−x) = −erf(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -12, max: 12, noNaN: true }), (x) => {
        const s = x.toString()
        expect(
          normalCdf(s)
            .add(normalCdf(dec(s).neg()))
            .sub(1)
            .abs()
            .toNumber(),
        ).toBeLessThan(1e-22)
        expect(
          erf(s)
            .add(erf(dec(s).neg()))
            .abs()
            .toNumber(),
        ).toBe(0)
      }),
      { numRuns: 40 },
    )
  })

  it('has the standard normal density', () => {
    // 1/√(2π) = 0.398942280401432677939946059934...
    expect(normalPdf('0').toFixed(21)).toBe('0.398942280401432677940')
    expect(normalPdf('1').div(normalPdf('0')).sub(dec('-0.5').exp()).abs().toNumber()).toBeLessThan(1e-22)
  })
})

describe('ln / sqrt wrappers', () => {
  it('throw EngineInputError outside their domain instead of returning NaN', () => {
    expect(() => ln('0')).toThrow(EngineInputError)
    expect(() => ln('-1')).toThrow(EngineInputError)
    expect(() => sqrt('-1')).toThrow(EngineInputError)
    expect(sqrt('0').isZero()).toBe(true)
    expect(ln('1').isZero()).toBe(true)
  })
})

describe('root finders', () => {
  const SQRT2 = '1.41421356237309504880168872420969807856967187537694807317667973799'
  it('Brent finds √2 to the tolerance and reports an unbracketed interval', () => {
    const root = findRootBrent({ f: (x) => x.mul(x).sub(2), lower: dec('0'), upper: dec('2'), tolerance: dec('1e-40') })
    expect(root.kind).toBe('root')
    if (root.kind === 'root') expect(root.x.sub(SQRT2).abs().toNumber()).toBeLessThan(1e-40)
    expect(
      findRootBrent({ f: (x) => x.mul(x).add(1), lower: dec('-1'), upper: dec('1'), tolerance: dec('1e-9') }).kind,
    ).toBe('not-bracketed')
  })

  it('Brent copes with a kinked function (a max, as in a worst-scenario margin)', () => {
    const f = (x: D) => (x.gt(1) ? x.sub(1).mul(100) : x.sub(1).div(100)).sub('0.005')
    const root = findRootBrent({ f, lower: dec('0'), upper: dec('3'), tolerance: dec('1e-30') })
    expect(root.kind === 'root' && root.x.sub('1.00005').abs().lt('1e-29')).toBe(true)
  })

  it('Newton falls back to bisection where plain Newton cycles (x³ − 2x + 2 from 0)', () => {
    // Plain Newton from x = 0 alternates 0 → 1 → 0 forever; the bracket guard breaks the cycle.
    const root = findRootNewton({
      f: (x) => ({ value: x.pow(3).sub(x.mul(2)).add(2), derivative: x.pow(2).mul(3).sub(2) }),
      lower: dec('-3'),
      upper: dec('0.5'),
      signAtLower: -1,
      initial: dec('0'),
      tolerance: dec('1e-40'),
      valueTolerance: dec('0'),
    })
    expect(root.kind).toBe('root')
    // Cardano: the real root of x³ − 2x + 2 is ∛(−1 + √(19/27)) + ∛(−1 − √(19/27)).
    const radical = new R(19).div(27).sqrt()
    const cardano = new R(-1).add(radical).cbrt().add(new R(-1).sub(radical).cbrt())
    expect(absoluteError(root.x, cardano)).toBeLessThan(1e-40)
  })
})
