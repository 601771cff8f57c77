/**
 * findBracketIllinois: the bracket it returns always holds the sign change, it is narrow in few
 * evaluations on a linear function (the minimal-amount search's usual case), and with a step its
 * ends are whole steps one step apart, also on a step function (an amount truncated to token units).
 */
import { describe, expect, it } from 'vitest'
import { type D, dec } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import { findBracketIllinois } from '../../../../src/engine/math'

const counted = (f: (x: D) => D) => {
  let calls = 0
  return {
    f: (x: D) => {
      calls++
      return f(x)
    },
    calls: () => calls,
  }
}

describe('findBracketIllinois', () => {
  it('brackets a linear root to 1e-30 in a handful of evaluations (Brent needs a bisection tail here)', () => {
    const line = counted((x) => x.mul(3).sub(1))
    const result = findBracketIllinois({
      f: line.f,
      lower: dec('0'),
      upper: dec('10'),
      fLower: dec('-1'),
      fUpper: dec('29'),
      width: dec('1e-30'),
    })
    expect(result.fLower.isNegative()).toBe(true)
    expect(result.fUpper.isNegative()).toBe(false)
    expect(result.upper.sub(result.lower).abs().lte('1e-30')).toBe(true)
    expect(result.lower.mul(3).lt(1) && result.upper.mul(3).gte(1)).toBe(true)
    expect(line.calls()).toBeLessThanOrEqual(4)
  })

  it('keeps the root bracketed on a convex function and on a kinked one', () => {
    for (const f of [
      (x: D) => x.mul(x).sub(2),
      (x: D) => (x.gt(1) ? x.sub(1).mul(100) : x.sub(1).div(100)).sub('0.005'),
    ]) {
      const result = findBracketIllinois({
        f,
        lower: dec('0'),
        upper: dec('3'),
        fLower: f(dec('0')),
        fUpper: f(dec('3')),
        width: dec('1e-25'),
      })
      expect(result.fLower.isNegative() && !result.fUpper.isNegative()).toBe(true)
      // Narrow, or exactly on the root (the kinked one's 1.00005 is hit exactly).
      expect(result.upper.sub(result.lower).abs().lte('1e-25') || result.fUpper.isZero()).toBe(true)
      expect(result.iterations).toBeLessThan(40)
    }
  })

  it('with a step: ends on whole steps, one step apart, also on a step function', () => {
    // A deposit truncated to 1e-8 units whose slack crosses 0 at 1.370393255 (between 1.37039325 and …26).
    const unit = dec('1e-8')
    const f = (x: D) => x.div(unit).floor().mul(unit).sub('1.370393255').mul(1000)
    const steps = counted(f)
    const result = findBracketIllinois({
      f: steps.f,
      lower: dec('0'),
      upper: dec('1.9666948499706478'),
      fLower: f(dec('0')),
      fUpper: f(dec('1.9666948499706478')),
      width: unit,
      step: unit,
    })
    expect(result.lower.toString()).toBe('1.37039325')
    expect(result.upper.toString()).toBe('1.37039326')
    expect(steps.calls()).toBeLessThan(12)
  })

  it('refuses a bracket without a sign change and a non-positive width or step', () => {
    const f = (x: D) => x
    expect(() =>
      findBracketIllinois({ f, lower: dec('1'), upper: dec('2'), fLower: dec('1'), fUpper: dec('2'), width: dec('1') }),
    ).toThrow(EngineInputError)
    expect(() =>
      findBracketIllinois({
        f,
        lower: dec('-1'),
        upper: dec('2'),
        fLower: dec('-1'),
        fUpper: dec('2'),
        width: dec('0'),
      }),
    ).toThrow(EngineInputError)
    expect(() =>
      findBracketIllinois({
        f,
        lower: dec('-1'),
        upper: dec('2'),
        fLower: dec('-1'),
        fUpper: dec('2'),
        width: dec('1'),
        step: dec('-1'),
      }),
    ).toThrow(EngineInputError)
  })
})
