/**
 * What each Aave v3 release changes in the engine's figures, on hand-computed examples (the proof
 * against the real v3.6 contracts is test/node/aave-v3/origin*.test.ts).
 */
import { describe, expect, it } from 'vitest'
import type { AaveV3RulesVersion } from '../../../../src/engine/aave-v3'
import {
  AAVE_V3_RULES_VERSIONS,
  aaveV3Features,
  aaveV3RulesOfRevision,
  calculateCompoundedInterest,
  calculateCompoundedInterestV34,
  computeLiquidationCall,
  computeUserAccountData,
  computeUserReserves,
  MAX_UINT256,
  RAY,
} from '../../../../src/engine/aave-v3'
import { snapshotFixture, wei } from './fixtures'

const YEAR = 31_536_000

describe('aaveV3RulesOfRevision', () => {
  it('maps the Pool revisions of each release and refuses to guess a later one', () => {
    expect([1n, 4n, 5n, 6n].map(aaveV3RulesOfRevision)).toEqual(['v3.0-3.2', 'v3.0-3.2', 'v3.0-3.2', 'v3.0-3.2'])
    expect([7n, 8n, 9n, 10n].map(aaveV3RulesOfRevision)).toEqual(['v3.3', 'v3.4', 'v3.5', 'v3.6'])
    expect(aaveV3RulesOfRevision(11n)).toBeUndefined()
  })

  it('switches features on in release order and never off', () => {
    const keys = Object.keys(aaveV3Features('v3.6')) as (keyof ReturnType<typeof aaveV3Features>)[]
    for (const key of keys) {
      const series = AAVE_V3_RULES_VERSIONS.map((rules) => aaveV3Features(rules)[key])
      const flips = series.filter((value, i) => i > 0 && value !== series[i - 1]).length
      expect(flips, key).toBeLessThanOrEqual(1)
    }
  })
})

describe('v3.4 compounded interest', () => {
  it('is 1 + x + x²/2 + x³/6 with x = rate × Δt / year, multiplied first', () => {
    // One year at 100 %: 1 + 1 + 1/2 + 1/6, each term floored at 27 decimals.
    expect(calculateCompoundedInterestV34(RAY, 0, YEAR)).toBe(2_666666666666666666666666666n)
    // The v3.0 binomial form divides by the year before multiplying by Δt(Δt−1): a different integer.
    expect(calculateCompoundedInterest(RAY, 0, YEAR)).toBe(2_666663803286306996604104000n)
  })

  it('moves the variable debt of a snapshot whose rules are v3.4 or later', () => {
    const at = (rules: AaveV3RulesVersion) => {
      const snapshot = snapshotFixture({
        rules,
        reserves: [{ symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: wei('1000000', 6) }],
      })
      const reserve = snapshot.reserves[0]
      if (reserve) reserve.currentVariableBorrowRate = RAY.toString()
      return computeUserReserves({ snapshot, nowSec: YEAR }).reserves[0]?.variableDebt
    }
    expect(at('v3.3')).toBe(2_666_663_803_286n)
    expect(at('v3.4')).toBe(2_666_666_666_667n)
  })
})

describe('v3.5 rounding in the protocol’s favour', () => {
  const withIndexes = (rules: AaveV3RulesVersion) => {
    const snapshot = snapshotFixture({
      rules,
      reserves: [
        { symbol: 'A', decimals: 0, priceUsd: '1', supplied: 3n },
        { symbol: 'B', decimals: 0, priceUsd: '1', borrowed: 1n },
      ],
    })
    const [a, b] = snapshot.reserves
    if (a) a.liquidityIndex = ((RAY * 3n) / 2n).toString() // 3 × 1.5 = 4.5
    if (b) b.variableBorrowIndex = ((RAY * 14n) / 10n).toString() // 1 × 1.4 = 1.4
    return computeUserReserves({ snapshot, nowSec: 0 }).reserves
  }

  it('rounds aToken balances down and debt balances up', () => {
    const [a34, b34] = withIndexes('v3.4')
    const [a35, b35] = withIndexes('v3.5')
    expect([a34?.supplied, b34?.variableDebt]).toEqual([5n, 1n]) // half up
    expect([a35?.supplied, b35?.variableDebt]).toEqual([4n, 2n])
  })

  it('values any non-zero debt at one base unit at least', () => {
    const dust = (rules: AaveV3RulesVersion) =>
      computeUserAccountData({
        snapshot: snapshotFixture({
          rules,
          reserves: [
            { symbol: 'USDC', decimals: 6, priceUsd: '1', supplied: wei('100', 6) },
            { symbol: 'WETH', priceUsd: '2000', borrowed: 1n },
          ],
        }),
        nowSec: 0,
      }).totalDebtBase
    expect(dust('v3.4')).toBe(0n)
    expect(dust('v3.5')).toBe(1n)
  })

  it('divides the threshold-weighted collateral by the debt without flooring the average first', () => {
    // $100 at 82.50 % and $300 at 70.01 % against $100: Σ = 292.53, average 73.1325 % floored to 73.13 %.
    const hf = (rules: AaveV3RulesVersion) =>
      computeUserAccountData({
        snapshot: snapshotFixture({
          rules,
          reserves: [
            { symbol: 'A', decimals: 6, priceUsd: '100', supplied: wei('1', 6), liquidationThreshold: 8250 },
            { symbol: 'B', decimals: 6, priceUsd: '300', supplied: wei('1', 6), liquidationThreshold: 7001 },
            { symbol: 'C', decimals: 6, priceUsd: '1', borrowed: wei('100', 6) },
          ],
        }),
        nowSec: 0,
      })
    expect(hf('v3.4')).toMatchObject({ healthFactor: 2_925200000000000000n, currentLiquidationThreshold: 7313n })
    expect(hf('v3.5')).toMatchObject({ healthFactor: 2_925300000000000000n, currentLiquidationThreshold: 7313n })
  })
})

describe('v3.6 e-mode decoupled from the reserve', () => {
  // Reserve A has LTV 0 outside e-mode; category 1 takes A and B as collateral at 90 % LTV.
  const account = (rules: AaveV3RulesVersion, ltvzeroBitmap?: string) =>
    computeUserAccountData({
      snapshot: snapshotFixture({
        rules,
        userEModeCategory: 1,
        eModeCategories: [
          {
            id: 1,
            ltv: 9000,
            liquidationThreshold: 9300,
            liquidationBonus: 10100,
            collateralBitmap: '3',
            ...(ltvzeroBitmap === undefined ? {} : { ltvzeroBitmap }),
          },
        ],
        reserves: [
          { symbol: 'A', decimals: 6, priceUsd: '1', supplied: wei('1000', 6), ltv: 0 },
          { symbol: 'B', decimals: 6, priceUsd: '1', supplied: wei('1000', 6), ltv: 7500 },
          { symbol: 'C', decimals: 6, priceUsd: '1', borrowed: wei('100', 6) },
        ],
      }),
      nowSec: 0,
    })

  it('gives an asset with reserve LTV 0 the category LTV unless the category flags it', () => {
    expect(account('v3.5')).toMatchObject({ ltv: 4500n, hasZeroLtvCollateral: true })
    expect(account('v3.6', '0')).toMatchObject({ ltv: 9000n, hasZeroLtvCollateral: false })
    expect(account('v3.6', '1')).toMatchObject({ ltv: 4500n, hasZeroLtvCollateral: true })
    // Flagging B instead: A at the category's 90 %, B counted with 0.
    expect(account('v3.6', '2')).toMatchObject({ ltv: 4500n, hasZeroLtvCollateral: true })
  })

  it('counts a collateral the user enabled whatever the reserve’s own threshold', () => {
    const snapshot = (rules: AaveV3RulesVersion) =>
      snapshotFixture({
        rules,
        userEModeCategory: 1,
        eModeCategories: [
          { id: 1, ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10100, collateralBitmap: '1' },
        ],
        reserves: [
          {
            symbol: 'A',
            decimals: 6,
            priceUsd: '1',
            supplied: wei('1000', 6),
            ltv: 0,
            liquidationThreshold: 0,
            collateralEnabled: true,
          },
          { symbol: 'C', decimals: 6, priceUsd: '1', borrowed: wei('950', 6) },
        ],
      })
    expect(computeUserAccountData({ snapshot: snapshot('v3.5'), nowSec: 0 }).totalCollateralBase).toBe(0n)
    const v36 = computeUserAccountData({ snapshot: snapshot('v3.6'), nowSec: 0 })
    expect(v36).toMatchObject({ totalCollateralBase: 1000_00000000n, currentLiquidationThreshold: 9300n })
    // HF 930 / 950 < 1: liquidatable in v3.6, and A (threshold 0 outside e-mode) can be seized.
    const call = computeLiquidationCall({
      snapshot: snapshot('v3.6'),
      nowSec: 1, // after the (unset) liquidation grace period
      collateralAsset: snapshot('v3.6').reserves[0]?.underlying ?? '',
      debtAsset: snapshot('v3.6').reserves[1]?.underlying ?? '',
      debtToCover: MAX_UINT256,
    })
    expect(call).toMatchObject({ status: 'ok' })
  })
})
