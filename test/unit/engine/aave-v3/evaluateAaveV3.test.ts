/**
 * The risk report of an Aave position from fixtures: the health-factor example of the Aave docs,
 * the margin mapping (equity = MM exactly at HF 1), and liquidation prices that sit exactly where
 * the Pool's integer health factor crosses 1.
 * @see https://aave.com/docs/developers/liquidations ("supplies $10,000 in ETH with an 80% liquidation threshold and borrows $6,000 in GHO, the health factor would be 1.333")
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AaveV3Snapshot,
  computeOraclePriceRaw,
  computeUserAccountData,
  evaluateAaveV3,
  WAD,
} from '../../../../src/engine/aave-v3'
import { D, fromRaw, toDecimalString } from '../../../../src/engine/decimal'
import type { LiquidationPrice } from '../../../../src/engine/types'
import { snapshotFixture, wei } from './fixtures'

const docsExample = () =>
  snapshotFixture({
    reserves: [
      { symbol: 'ETH', priceUsd: '2000', supplied: wei('5'), ltv: 7500, liquidationThreshold: 8000 },
      { symbol: 'GHO', priceUsd: '1', borrowed: wei('6000') },
    ],
  })

const priceOf = (liquidation: LiquidationPrice | undefined) =>
  liquidation?.kind === 'price' ? toDecimalString(liquidation.priceUsd) : liquidation?.reason

describe('evaluateAaveV3', () => {
  it('reproduces the docs example: $10,000 ETH at 80% against $6,000 GHO is HF 1.333', () => {
    const report = evaluateAaveV3({ snapshot: docsExample(), nowSec: 0 })
    expect(report.healthFactor).toEqual({ kind: 'finite', value: new D('1.333333333333333333') })
    expect(toDecimalString(report.equityUsd)).toBe('4000')
    expect(toDecimalString(report.maintenanceMarginUsd)).toBe('2000')
    expect(report.marginRatio).toEqual({ kind: 'finite', value: new D('0.5') })
    expect(report.liquidatable).toBe(false)
  })

  it('free collateral is the Pool’s available borrows', () => {
    const snapshot = docsExample()
    const report = evaluateAaveV3({ snapshot, nowSec: 0 })
    const { availableBorrowsBase } = computeUserAccountData({ snapshot, nowSec: 0 })
    expect(toDecimalString(report.initialMarginUsd)).toBe('2500')
    expect(report.freeCollateralUsd).toEqual(fromRaw(availableBorrowsBase, 8))
  })

  it('prices liquidation at the last oracle unit where HF < 1, for collateral and for debt', () => {
    const report = evaluateAaveV3({ snapshot: docsExample(), nowSec: 0 })
    const eth = report.positions.find((position) => position.id === 'collateral:ETH')
    const gho = report.positions.find((position) => position.id === 'debt:GHO')
    // 6000 / (5 × 0.8) = 1500: at exactly 1500 HF is 1 (not liquidatable), one unit below it is.
    expect(priceOf(eth?.liquidationPrice)).toBe('1499.99999999')
    expect(eth?.liquidationPrice).toMatchObject({ distance: new D('-0.25000000000500') })
    // 8000 / 6000 = 1.3333…: the first oracle price above it.
    expect(priceOf(gho?.liquidationPrice)).toBe('1.33333334')
    expect(gho?.size).toEqual(new D(-6000))
    expect(gho?.deltaUsd).toEqual(new D(-6000))
  })

  it('has no requirement, margin ratio or health factor without debt', () => {
    const snapshot = snapshotFixture({ reserves: [{ symbol: 'ETH', priceUsd: '2000', supplied: wei('1') }] })
    const report = evaluateAaveV3({ snapshot, nowSec: 0 })
    expect(report.healthFactor).toEqual({ kind: 'none' })
    expect(report.marginRatio).toEqual({ kind: 'none' })
    expect(report.positions[0]?.liquidationPrice).toEqual({ kind: 'none', reason: 'no-requirement' })
  })

  it('counts a disabled supply in equity but not in the margined equity', () => {
    const snapshot = snapshotFixture({
      reserves: [
        { symbol: 'ETH', priceUsd: '2000', supplied: wei('5') },
        { symbol: 'WBTC', decimals: 8, priceUsd: '60000', supplied: wei('1', 8), collateralEnabled: false },
        { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: wei('5000', 6) },
      ],
    })
    const report = evaluateAaveV3({ snapshot, nowSec: 0 })
    expect(toDecimalString(report.equityUsd)).toBe('65000')
    expect(toDecimalString(report.haircutEquityUsd)).toBe('5000')
    expect(report.positions.find((position) => position.id === 'collateral:WBTC')?.liquidationPrice).toEqual({
      kind: 'none',
      reason: 'no-exposure',
    })
  })

  it('reports an account below HF 1 as liquidatable, with margin ratio above 1', () => {
    const snapshot = docsExample()
    const crashed = {
      ...snapshot,
      prices: { ...snapshot.prices, ETH: { ...snapshot.prices.ETH, priceUsd: '1400' } },
    } as AaveV3Snapshot
    const report = evaluateAaveV3({ snapshot: crashed, nowSec: 0 })
    expect(report.liquidatable).toBe(true)
    expect(report.marginRatio.kind === 'finite' && report.marginRatio.value.gt(1)).toBe(true)
    expect(report.positions[0]?.liquidationPrice).toEqual({ kind: 'none', reason: 'already-liquidatable' })
  })
})

describe('price contract', () => {
  it('derives the raw oracle answer from priceUsd exactly', () => {
    const snapshot = snapshotFixture({ reserves: [{ symbol: 'ETH', priceUsd: '3012.12345678' }] })
    expect(computeOraclePriceRaw({ snapshot, priceKey: 'ETH' })).toBe(301_212_345_678n)
  })
})

describe('properties over random accounts', () => {
  const account = fc.record({
    eth: fc.bigInt(10n ** 15n, 10n ** 21n),
    btc: fc.bigInt(0n, 10n ** 9n),
    link: fc.bigInt(0n, 10n ** 23n),
    ethLt: fc.integer({ min: 5000, max: 9000 }),
    btcLt: fc.integer({ min: 5000, max: 9000 }),
    linkLt: fc.integer({ min: 5000, max: 9000 }),
    ethPrice: fc.integer({ min: 100, max: 10_000 }),
    btcPrice: fc.integer({ min: 1_000, max: 200_000 }),
    debtShareBps: fc.integer({ min: 100, max: 9_900 }),
  })
  type Account = typeof account extends fc.Arbitrary<infer T> ? T : never
  const build = (a: Account) => {
    const collateralUsd = fromRaw(a.eth, 18)
      .mul(a.ethPrice)
      .mul(a.ethLt)
      .div(10_000)
      .add(fromRaw(a.btc, 8).mul(a.btcPrice).mul(a.btcLt).div(10_000))
      .add(fromRaw(a.link, 18).mul(15).mul(a.linkLt).div(10_000))
    const debt = BigInt(collateralUsd.mul(a.debtShareBps).div(10_000).mul(new D(10).pow(6)).toFixed(0))
    return snapshotFixture({
      reserves: [
        {
          symbol: 'ETH',
          priceUsd: String(a.ethPrice),
          supplied: a.eth,
          ltv: a.ethLt - 100,
          liquidationThreshold: a.ethLt,
        },
        {
          symbol: 'WBTC',
          decimals: 8,
          priceUsd: String(a.btcPrice),
          supplied: a.btc,
          ltv: a.btcLt - 100,
          liquidationThreshold: a.btcLt,
        },
        { symbol: 'LINK', priceUsd: '15', supplied: a.link, ltv: a.linkLt - 100, liquidationThreshold: a.linkLt },
        { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: debt },
      ],
    })
  }
  const healthFactorWith = (snapshot: AaveV3Snapshot, key: string, priceUsd: D) => {
    const quote = snapshot.prices[key]
    if (!quote) throw new Error(key)
    const moved = {
      ...snapshot,
      prices: { ...snapshot.prices, [key]: { ...quote, priceUsd: toDecimalString(priceUsd) } },
    }
    return computeUserAccountData({ snapshot: moved, nowSec: 0 }).healthFactor
  }

  it('haircut equity − MM = Σ collateral × LT − debt, so equity = MM exactly at HF 1', () => {
    fc.assert(
      fc.property(account, (a) => {
        const snapshot = build(a)
        const report = evaluateAaveV3({ snapshot, nowSec: 0 })
        let weighted = new D(0)
        let debt = new D(0)
        for (const position of report.positions) {
          if (position.kind === 'debt') debt = debt.add(position.notionalUsd)
          const reserve = snapshot.reserves.find((candidate) => `collateral:${candidate.symbol}` === position.id)
          if (reserve) weighted = weighted.add(position.notionalUsd.mul(reserve.liquidationThreshold).div(10_000))
        }
        return report.haircutEquityUsd.sub(report.maintenanceMarginUsd).eq(weighted.sub(debt))
      }),
      { numRuns: 100 },
    )
  })

  it('every liquidation price is the last oracle unit with HF < 1 (next unit toward the current price: HF ≥ 1)', () => {
    fc.assert(
      fc.property(account, (a) => {
        const snapshot = build(a)
        const report = evaluateAaveV3({ snapshot, nowSec: 0 })
        if (report.liquidatable) return true
        for (const position of report.positions) {
          const liquidation = position.liquidationPrice
          if (liquidation.kind !== 'price') continue
          const unit = new D('0.00000001')
          const towardCurrent = liquidation.distance.isNegative() ? unit : unit.neg()
          if (healthFactorWith(snapshot, position.underlying, liquidation.priceUsd) >= WAD) return false
          if (healthFactorWith(snapshot, position.underlying, liquidation.priceUsd.add(towardCurrent)) < WAD)
            return false
        }
        return true
      }),
      { numRuns: 60 },
    )
  })
})
