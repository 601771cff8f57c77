/**
 * Morpho Blue's rules from the contract's own formulas: the liquidation incentive factor as
 * documented (min(1.15, 1 / (1 − 0.3 × (1 − LLTV)))), the health boundary in integers, both
 * branches of `liquidate` and bad-debt realization, interest accrual with fees, and the risk report.
 * The same figures are checked against the deployed contracts in test/node/morpho-blue.
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyChanges,
  applyChangesWithFunding,
  dec,
  evaluateMarginAccount,
  type PriceQuote,
  solveUniformMove,
  type WhatIfChange,
} from '../../../../src/engine'
import {
  computeAccruedMarket,
  computeCollateralPriceUsd,
  computeHealth,
  computeLiquidation,
  computeLiquidationIncentiveFactor,
  computeLiquidationOraclePrice,
  computeMaxBorrow,
  computeOraclePrice,
  evaluateMorphoBlue,
  morphoBlueMath,
  toMarketRaw,
} from '../../../../src/engine/morpho-blue'
import { LLTV_77, LLTV_86, morphoSnapshot, usdcPerWeth, WAD, withOraclePrice, withPriceUsd } from './fixtures'

const { toAssetsDown, toAssetsUp, toSharesDown, toSharesUp, wTaylorCompounded } = morphoBlueMath

describe('MathLib and SharesMathLib', () => {
  it('wTaylorCompounded sums the first three terms of e^(xn) − 1, each rounded down', () => {
    // x·n = 1: 1 + 1/2 + 1/6 = 1.666666666666666666 (the third term floors)
    expect(wTaylorCompounded(WAD, 1n)).toBe(1_666_666_666_666_666_666n)
    expect(wTaylorCompounded(0n, 86_400n)).toBe(0n)
  })

  it('virtual shares and assets: 1e6 shares per asset in an empty market, rounding each way', () => {
    expect(toSharesDown(1n, 0n, 0n)).toBe(1_000_000n)
    expect(toAssetsUp(1n, 0n, 0n)).toBe(1n)
    expect(toAssetsDown(1n, 0n, 0n)).toBe(0n)
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10n ** 36n }),
        (shares, totalAssets, totalShares) => {
          const down = toAssetsDown(shares, totalAssets, totalShares)
          const up = toAssetsUp(shares, totalAssets, totalShares)
          expect(up - down === 0n || up - down === 1n).toBe(true)
          expect(toSharesUp(down, totalAssets, totalShares) <= shares + 1_000_000n).toBe(true)
        },
      ),
    )
  })
})

describe('computeLiquidationIncentiveFactor', () => {
  it('is 1 / (1 − 0.3 × (1 − LLTV)), rounded down, capped at 1.15', () => {
    expect(computeLiquidationIncentiveFactor(LLTV_86)).toBe(10n ** 36n / 958_000_000_000_000_000n)
    expect(computeLiquidationIncentiveFactor(LLTV_86)).toBe(1_043_841_336_116_910_229n)
    expect(computeLiquidationIncentiveFactor(LLTV_77)).toBe(10n ** 36n / 931_000_000_000_000_000n)
    // 1 / (1 − 0.3 × 0.5) = 1.176… → 1.15
    expect(computeLiquidationIncentiveFactor(WAD / 2n)).toBe(1_150_000_000_000_000_000n)
    expect(computeLiquidationIncentiveFactor(0n)).toBe(1_150_000_000_000_000_000n)
  })
})

describe('computeLiquidationOraclePrice', () => {
  it('is the exact price where _isHealthy flips: healthy at it, unhealthy one unit below', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: WAD - 1n }),
        (borrowAssets, collateral, lltv) => {
          const bound = computeLiquidationOraclePrice({ borrowAssets, collateral, lltv })
          if (bound.kind !== 'price') throw new Error('expected a price')
          expect(computeMaxBorrow({ collateral, collateralPrice: bound.oraclePrice, lltv }) >= borrowAssets).toBe(true)
          expect(computeMaxBorrow({ collateral, collateralPrice: bound.oraclePrice - 1n, lltv }) < borrowAssets).toBe(
            true,
          )
        },
      ),
    )
  })

  it('10 WETH backing 15,000 USDC at 86 %: 1,744.1860466 USDC per WETH', () => {
    expect(
      computeLiquidationOraclePrice({ borrowAssets: 15_000n * 10n ** 6n, collateral: 10n * WAD, lltv: LLTV_86 }),
    ).toEqual({ kind: 'price', oraclePrice: 1_744_186_046_600_000_000_000_000_000n })
    expect(computeLiquidationOraclePrice({ borrowAssets: 0n, collateral: 10n, lltv: LLTV_86 })).toEqual({
      kind: 'none',
      reason: 'no-requirement',
    })
  })
})

describe('computeAccruedMarket', () => {
  const snapshot = morphoSnapshot({ fee: WAD / 10n, lastUpdate: 1_764_000_000 - 30 * 86_400 })
  const rate = 1_585_489_599n // ≈ 5 % a year per second, WAD

  it('adds wMulDown(totalBorrow, wTaylorCompounded(rate, elapsed)) to both totals and mints the fee as shares', () => {
    const before = toMarketRaw(snapshot.market)
    const { market, interest, feeShares } = computeAccruedMarket({
      market: before,
      borrowRate: rate,
      nowSec: 1_764_000_000n,
    })
    expect(interest).toBe((before.totalBorrowAssets * wTaylorCompounded(rate, 30n * 86_400n)) / WAD)
    expect(interest > 0n).toBe(true)
    expect(market.totalBorrowAssets - before.totalBorrowAssets).toBe(interest)
    expect(market.totalSupplyAssets - before.totalSupplyAssets).toBe(interest)
    expect(market.totalSupplyShares - before.totalSupplyShares).toBe(feeShares)
    // The fee recipient's shares are worth at most the fee (rounded down), and at most one unit less.
    const feeAmount = (interest * (WAD / 10n)) / WAD
    const feeValue = toAssetsDown(feeShares, market.totalSupplyAssets, market.totalSupplyShares)
    expect(feeAmount - feeValue >= 0n && feeAmount - feeValue <= 1n).toBe(true)
    expect(market.lastUpdate).toBe(1_764_000_000n)
  })

  it('accrues nothing at or before lastUpdate', () => {
    const before = toMarketRaw(snapshot.market)
    expect(computeAccruedMarket({ market: before, borrowRate: rate, nowSec: before.lastUpdate }).interest).toBe(0n)
    expect(computeAccruedMarket({ market: before, borrowRate: rate, nowSec: before.lastUpdate - 5n }).market).toBe(
      before,
    )
  })
})

describe('computeLiquidation', () => {
  const snapshot = morphoSnapshot()
  const market = toMarketRaw(snapshot.market)
  const position = { supplyShares: 0n, borrowShares: 15_000n * 10n ** 12n, collateral: 10n * WAD }
  const lltv = LLTV_86
  const bound = computeLiquidationOraclePrice({
    borrowAssets: computeHealth({ market, position, collateralPrice: 0n, lltv }).borrowAssets,
    collateral: position.collateral,
    lltv,
  })
  if (bound.kind !== 'price') throw new Error('expected a price')

  it('reverts on a healthy position and on inconsistent input', () => {
    expect(
      computeLiquidation({ market, position, collateralPrice: bound.oraclePrice, lltv, seizedAssets: 1n }),
    ).toEqual({ status: 'revert', reason: 'healthy-position' })
    expect(
      computeLiquidation({ market, position, collateralPrice: bound.oraclePrice - 1n, lltv, seizedAssets: 0n }),
    ).toEqual({ status: 'revert', reason: 'inconsistent-input' })
    expect(
      computeLiquidation({
        market,
        position,
        collateralPrice: bound.oraclePrice - 1n,
        lltv,
        repaidShares: position.borrowShares + 1n,
      }),
    ).toEqual({ status: 'revert', reason: 'underflow' })
  })

  it('repaid shares: seizes toAssetsDown × LIF at the oracle price, rounded down', () => {
    const price = bound.oraclePrice - 1n
    const result = computeLiquidation({ market, position, collateralPrice: price, lltv, repaidShares: 10n ** 15n })
    if (result.status !== 'ok') throw new Error(result.reason)
    const lif = computeLiquidationIncentiveFactor(lltv)
    const repaidDown = toAssetsDown(10n ** 15n, market.totalBorrowAssets, market.totalBorrowShares)
    expect(result.seizedAssets).toBe((((repaidDown * lif) / WAD) * 10n ** 36n) / price)
    expect(result.repaidAssets).toBe(toAssetsUp(10n ** 15n, market.totalBorrowAssets, market.totalBorrowShares))
    expect(result.position.borrowShares).toBe(position.borrowShares - 10n ** 15n)
    expect(result.badDebtAssets).toBe(0n)
  })

  it('seized assets: repays the quoted value ÷ LIF in shares, rounded up; the seize of all collateral realizes bad debt', () => {
    // At 1,000 USDC per WETH 10 WETH repay about 9,580 USDC of 15,000: the rest is bad debt.
    const price = usdcPerWeth(1_000n)
    const result = computeLiquidation({ market, position, collateralPrice: price, lltv, seizedAssets: 10n * WAD })
    if (result.status !== 'ok') throw new Error(result.reason)
    const lif = computeLiquidationIncentiveFactor(lltv)
    const quoted = (10n * WAD * price + 10n ** 36n - 1n) / 10n ** 36n
    const repaid = (quoted * WAD + lif - 1n) / lif
    expect(result.repaidShares).toBe(toSharesUp(repaid, market.totalBorrowAssets, market.totalBorrowShares))
    expect(result.position).toEqual({ supplyShares: 0n, borrowShares: 0n, collateral: 0n })
    expect(result.badDebtShares).toBe(position.borrowShares - result.repaidShares)
    expect(result.badDebtAssets > 5_000n * 10n ** 6n).toBe(true)
    expect(result.market.totalSupplyAssets).toBe(market.totalSupplyAssets - result.badDebtAssets)
    expect(result.market.totalBorrowShares).toBe(0n)
    expect(result.market.totalBorrowAssets).toBe(market.totalBorrowAssets - result.repaidAssets - result.badDebtAssets)
  })
})

describe('evaluateMorphoBlue', () => {
  it('reports health, equity and margins from the contract integers', () => {
    const snapshot = morphoSnapshot()
    const report = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec })
    const health = computeHealth({
      market: toMarketRaw(snapshot.market),
      position: { supplyShares: 0n, borrowShares: 15_000n * 10n ** 12n, collateral: 10n * WAD },
      collateralPrice: usdcPerWeth(3_000n),
      lltv: LLTV_86,
    })
    expect(health.maxBorrow).toBe(25_800n * 10n ** 6n)
    expect(report.model).toBe('morpho-blue')
    expect(report.liquidatable).toBe(false)
    expect(report.healthFactor).toEqual({
      kind: 'finite',
      value: dec(((health.maxBorrow * WAD) / health.borrowAssets).toString()).div(dec('1e18')),
    })
    const debt = dec(health.borrowAssets.toString()).div(1e6)
    expect(report.equityUsd.toFixed()).toBe(dec('30000').sub(debt).toFixed())
    expect(report.maintenanceMarginUsd.toFixed()).toBe('4200')
    expect(report.freeCollateralUsd.toFixed()).toBe(dec('25800').sub(debt).toFixed())
    expect(report.positions.map((position) => position.id)).toEqual(['collateral:WETH', 'debt:USDC'])
  })

  it('the reported collateral liquidation price is healthy, one oracle unit below is liquidatable', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 20_000n * 10n ** 6n }),
        fc.bigInt({ min: 10n ** 15n, max: 100n * WAD }),
        fc.constantFrom(LLTV_86, LLTV_77),
        (borrowShares, collateral, lltv) => {
          const snapshot = morphoSnapshot({
            borrowShares: borrowShares * 10n ** 6n,
            collateral,
            lltv,
            totalBorrowShares: 20_000n * 10n ** 12n,
            totalBorrowAssets: 20_001n * 10n ** 6n,
            oraclePrice: usdcPerWeth(1_000_000n),
          })
          const report = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec })
          const liquidation = report.positions.find((position) => position.id === 'collateral:WETH')?.liquidationPrice
          if (liquidation?.kind !== 'price') return // already liquidatable at a million: nothing to check
          const atPrice = withPriceUsd(snapshot, 'WETH', liquidation.priceUsd.toFixed())
          const oraclePrice = computeOraclePrice({ snapshot: atPrice })
          expect(evaluateMarginAccount({ snapshot: atPrice, nowSec: snapshot.asOfSec }).liquidatable).toBe(false)
          const below = withOraclePrice(snapshot, oraclePrice - 1n)
          expect(evaluateMarginAccount({ snapshot: below, nowSec: snapshot.asOfSec }).liquidatable).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('the loan token liquidation price: a depeg to it stays healthy, a rise past it is liquidatable', () => {
    const snapshot = morphoSnapshot({ oraclePrice: usdcPerWeth(1_800n) })
    const report = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec })
    const liquidation = report.positions.find((position) => position.id === 'debt:USDC')?.liquidationPrice
    if (liquidation?.kind !== 'price') throw new Error('expected a price')
    const at = (priceUsd: string) => withPriceUsd(snapshot, 'USDC', priceUsd)
    expect(liquidation.priceUsd.gt(1)).toBe(true)
    expect(
      evaluateMorphoBlue({ snapshot: at(liquidation.priceUsd.toFixed()), nowSec: snapshot.asOfSec }).liquidatable,
    ).toBe(false)
    expect(
      evaluateMorphoBlue({ snapshot: at(liquidation.priceUsd.mul('1.000001').toFixed()), nowSec: snapshot.asOfSec })
        .liquidatable,
    ).toBe(true)
  })

  it('accrues interest to nowSec: 30 days later the debt has grown and the liquidation price with it', () => {
    const snapshot = morphoSnapshot({ borrowRate: 1_585_489_599n })
    const now = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec })
    const later = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec + 30 * 86_400 })
    expect(later.equityUsd.lt(now.equityUsd)).toBe(true)
    const price = (report: typeof now) => {
      const found = report.positions[0]?.liquidationPrice
      return found?.kind === 'price' ? found.priceUsd : dec('0')
    }
    expect(price(later).gt(price(now))).toBe(true)
  })

  it('a lender without a borrow has no health factor and no requirement', () => {
    const snapshot = morphoSnapshot({ borrowShares: 0n, collateral: 0n, supplyShares: 1_000n * 10n ** 12n })
    const report = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec })
    expect(report.healthFactor).toEqual({ kind: 'none' })
    expect(report.marginRatio).toEqual({ kind: 'none' })
    expect(report.liquidatable).toBe(false)
    expect(report.positions.map((position) => position.id)).toEqual(['supply:USDC'])
    expect(report.equityUsd.toFixed()).toBe(
      dec(toAssetsDown(1_000n * 10n ** 12n, 1_000_000n * 10n ** 6n, 1_000_000n * 10n ** 12n).toString())
        .div(1e6)
        .toFixed(),
    )
  })

  it('the oracle price round-trips through the USD prices to the unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 40n }), (oraclePrice) => {
        const snapshot = withOraclePrice(morphoSnapshot(), oraclePrice)
        expect(computeOraclePrice({ snapshot })).toBe(oraclePrice)
      }),
    )
    const usdcAt = (loan: string) =>
      computeCollateralPriceUsd({
        oraclePrice: usdcPerWeth(3_000n),
        loanPriceUsd: dec(loan),
        loanDecimals: 6,
        collateralDecimals: 18,
      }).toFixed()
    expect(usdcAt('0.99987')).toBe('2999.61')
  })
})

describe('what-if and solvers on a Morpho Blue margin account', () => {
  const identified = () => {
    const snapshot = morphoSnapshot()
    const asset = (symbol: string, underlying: string) => ({ symbol, underlying, exchangeRate: '1', rateSource: 'par' })
    return {
      ...snapshot,
      prices: {
        USDC: { ...(snapshot.prices.USDC as PriceQuote), asset: asset('USDC', 'USD') },
        WETH: { ...(snapshot.prices.WETH as PriceQuote), asset: asset('WETH', 'ETH') },
      },
    }
  }

  it('an ETH move reaches the collateral through its underlying and moves the oracle price with it', () => {
    const snapshot = identified()
    const moved = applyChanges({
      snapshot,
      nowSec: snapshot.asOfSec,
      changes: [{ kind: 'movePrice', underlying: 'ETH', move: '-0.5' }],
    })
    expect(computeOraclePrice({ snapshot: moved })).toBe(usdcPerWeth(1_500n))
    expect(evaluateMarginAccount({ snapshot: moved, nowSec: snapshot.asOfSec }).liquidatable).toBe(true)
    // A depeg of the loan token alone: the same WETH in USD is worth twice as many USDC to the oracle.
    const depegged = applyChanges({
      snapshot,
      nowSec: snapshot.asOfSec,
      changes: [{ kind: 'setPrice', underlying: 'USDC', priceUsd: '0.5' }],
    })
    expect(computeOraclePrice({ snapshot: depegged })).toBe(usdcPerWeth(6_000n))
  })

  it('the uniform crypto move that liquidates lands on the collateral liquidation price', () => {
    const snapshot = identified()
    const report = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec })
    const liquidation = report.positions[0]?.liquidationPrice
    if (liquidation?.kind !== 'price') throw new Error('expected a price')
    const solved = solveUniformMove({ snapshot, nowSec: snapshot.asOfSec })
    if (solved.kind !== 'move') throw new Error(solved.kind)
    expect(solved.move.sub(liquidation.distance).abs().lt('1e-9')).toBe(true)
  })
})

describe('balance changes on a Morpho Blue margin account', () => {
  const snapshot = morphoSnapshot({ borrowRate: 1_585_489_599n, lastUpdate: 1_764_000_000 - 86_400 })
  const nowSec = snapshot.asOfSec
  const apply = (change: WhatIfChange) => applyChanges({ snapshot, nowSec, changes: [change] })

  it('books a borrow in shares rounded up, after accruing the market to the time of the change', () => {
    const after = apply({ kind: 'borrow', asset: 'USDC', amount: '1000' })
    const accrued = computeAccruedMarket({
      market: toMarketRaw(snapshot.market),
      borrowRate: 1_585_489_599n,
      nowSec: BigInt(nowSec),
    }).market
    const shares = toSharesUp(1_000n * 10n ** 6n, accrued.totalBorrowAssets, accrued.totalBorrowShares)
    expect(BigInt(after.position.borrowShares)).toBe(15_000n * 10n ** 12n + shares)
    expect(BigInt(after.market.totalBorrowAssets)).toBe(accrued.totalBorrowAssets + 1_000n * 10n ** 6n)
    expect(after.market.lastUpdate).toBe(nowSec)
    const before = evaluateMarginAccount({ snapshot, nowSec })
    const report = evaluateMarginAccount({ snapshot: after, nowSec })
    // The borrowed USDC leaves the margin account (as an Aave borrow's does): equity falls by it, to the unit.
    expect(before.equityUsd.sub(report.equityUsd).sub(1000).abs().lte('0.000001')).toBe(true)
    expect(report.freeCollateralUsd.lt(before.freeCollateralUsd)).toBe(true)
  })

  it('deposits and withdraws collateral, supplies the loan token, repays in shares rounded down', () => {
    expect(apply({ kind: 'deposit', asset: 'WETH', amount: '1.5' }).position.collateral).toBe(
      (115n * 10n ** 17n).toString(),
    )
    expect(apply({ kind: 'withdraw', asset: 'weth', amount: '10' }).position.collateral).toBe('0')
    const supplied = apply({ kind: 'deposit', asset: 'USDC', amount: '500' })
    expect(BigInt(supplied.position.supplyShares)).toBeGreaterThan(0n)
    const repaid = apply({ kind: 'repay', asset: 'USDC', amount: '15000' })
    // Repaying the principal leaves a day of interest (about 2.05 USDC at 5 % a year) in shares.
    expect(BigInt(repaid.position.borrowShares)).toBeGreaterThan(2n * 10n ** 12n)
    expect(BigInt(repaid.position.borrowShares)).toBeLessThan(21n * 10n ** 11n)
  })

  it('refuses what the contract would: more than held or owed, more than the liquidity, a collateral borrow', () => {
    expect(() => apply({ kind: 'withdraw', asset: 'WETH', amount: '10.000000000000000001' })).toThrow(
      /more WETH than the collateral/,
    )
    expect(() => apply({ kind: 'repay', asset: 'USDC', amount: '16000' })).toThrow(/more USDC than is owed/)
    expect(() => apply({ kind: 'borrow', asset: 'USDC', amount: '2000000' })).toThrow(/insufficient liquidity/)
    expect(() => apply({ kind: 'borrow', asset: 'WETH', amount: '1' })).toThrow(/cannot be borrowed/)
    expect(() => apply({ kind: 'deposit', asset: 'DAI', amount: '1' })).toThrow(/neither the loan token/)
  })

  it('repays funded from collateral: the WETH withdrawn is worth the repay, rounded up to the wei', () => {
    const { snapshot: after, funding } = applyChangesWithFunding({
      snapshot,
      nowSec,
      changes: [{ kind: 'repay', asset: 'USDC', amount: '3000', fundedFrom: 'WETH' }],
    })
    expect(funding[0]?.amount.toFixed()).toBe('1')
    expect(after.position.collateral).toBe((9n * 10n ** 18n).toString())
  })
})
