/**
 * Interest accrual against Aave's MathUtils test suite, and the binomial approximation's
 * documented behaviour (it slightly undercharges borrowers versus true compounding).
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/tests/protocol/libraries/math/MathUtils.t.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/math/MathUtils.sol
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  calculateCompoundedInterest,
  calculateLinearInterest,
  computeNormalizedDebt,
  computeNormalizedIncome,
  RAY,
} from '../../../../src/engine/aave-v3'
import { D } from '../../../../src/engine/decimal'
import { SECONDS_PER_YEAR } from '../../../../src/engine/math'

const HALF_YEAR = Number(SECONDS_PER_YEAR) / 2
const RATE = 10_005n * 10n ** 23n // 100.05% a year

describe('MathUtils (Aave test suite examples)', () => {
  it('linear interest over half a year', () => {
    expect(calculateLinearInterest(RATE, 0, HALF_YEAR)).toBe(1_500_250_000_000_000_000_000_000_000n)
  })

  it('compounded interest over half a year', () => {
    expect(calculateCompoundedInterest(RATE, 1_000, 1_000 + HALF_YEAR)).toBe(1_646_239_361_880_034_706_419_516_000n)
  })

  it('no time, no interest', () => {
    expect(calculateCompoundedInterest(RATE, HALF_YEAR, HALF_YEAR)).toBe(RAY)
    expect(calculateLinearInterest(RATE, HALF_YEAR, HALF_YEAR)).toBe(RAY)
  })

  it('a time before the last update reverts', () => {
    expect(() => calculateCompoundedInterest(RATE, 10, 9)).toThrow(RangeError)
  })
})

describe('normalized income and debt (ReserveLogic)', () => {
  const reserve = { liquidityIndex: 1_020_000_000_000_000_000_000_000_000n, lastUpdateTimestamp: 1_000 }

  it('returns the stored index at (or before) the last update', () => {
    const atUpdate = { ...reserve, currentLiquidityRate: RATE, nowSec: 1_000 }
    expect(computeNormalizedIncome(atUpdate)).toBe(reserve.liquidityIndex)
    expect(computeNormalizedIncome({ ...atUpdate, nowSec: 999 })).toBe(reserve.liquidityIndex)
  })

  it('grows the index linearly for supply, compounded for debt', () => {
    const income = computeNormalizedIncome({ ...reserve, currentLiquidityRate: RATE, nowSec: 1_000 + HALF_YEAR })
    // 1.02 × 1.50025 = 1.530255
    expect(income).toBe(1_530_255_000_000_000_000_000_000_000n)
    const debt = computeNormalizedDebt({
      variableBorrowIndex: RAY,
      currentVariableBorrowRate: RATE,
      lastUpdateTimestamp: 1_000,
      nowSec: 1_000 + HALF_YEAR,
    })
    expect(debt).toBe(1_646_239_361_880_034_706_419_516_000n)
  })

  it('compounding never exceeds true compounding and never falls below linear (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 3n * RAY),
        fc.integer({ min: 1, max: 5 * Number(SECONDS_PER_YEAR) }),
        (rate, seconds) => {
          const approx = calculateCompoundedInterest(rate, 0, seconds)
          const linear = calculateLinearInterest(rate, 0, seconds)
          const perSecond = new D(rate.toString()).div(RAY.toString()).div(SECONDS_PER_YEAR.toString())
          const exact = perSecond.add(1).pow(seconds).mul(RAY.toString())
          return approx >= linear && new D(approx.toString()).lte(exact.add(1))
        },
      ),
      { numRuns: 200 },
    )
  })
})
