/**
 * The pre-liquidation level, MODELED from the PreLiquidation contract's documented condition and parameters
 * (morpho-org/pre-liquidation README): worked by hand on a WETH/USDC position of 10 WETH and 21,000 USDC
 * borrowed, LLTV 86 %, preLLTV 80 %, close factor 10 % → 50 % and incentive factor 1.01 → 1.04 between them.
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine'
import {
  computeHealth,
  computePreLiquidation,
  type MorphoBlueMarketRaw,
  type MorphoBluePositionRaw,
} from '../../../../src/engine/morpho-blue'
import { LLTV_86, usdcPerWeth } from './fixtures'

const WAD = 10n ** 18n
const PRE_LLTV = 80n * 10n ** 16n

const preLiquidation = {
  contract: '0x00000000000000000000000000000000000000a1',
  preLltv: PRE_LLTV.toString(),
  preLCF1: (10n * 10n ** 16n).toString(),
  preLCF2: (50n * 10n ** 16n).toString(),
  preLIF1: (101n * 10n ** 16n).toString(),
  preLIF2: (104n * 10n ** 16n).toString(),
  preLiquidationOracle: '0x00000000000000000000000000000000000000b2',
  oraclePrice: '0',
}

// 21,000 USDC borrowed; shares at the virtual-share rate of 1e6 per wei, so toAssetsUp gives back exactly 21,000e6.
const market: MorphoBlueMarketRaw = {
  totalSupplyAssets: 1_000_000n * 10n ** 6n,
  totalSupplyShares: 1_000_000n * 10n ** 12n,
  totalBorrowAssets: 21_000n * 10n ** 6n,
  totalBorrowShares: 21_000n * 10n ** 12n,
  lastUpdate: 0n,
  fee: 0n,
}
const position: MorphoBluePositionRaw = { supplyShares: 0n, borrowShares: 21_000n * 10n ** 12n, collateral: 10n * WAD }

/** As `evaluateMorphoBlue` calls it: healthy is `_isHealthy` at LLTV; USDC (6) per WETH (18) has 24 price decimals. */
function preLiquidationAt(oraclePrice: bigint, at: MorphoBluePositionRaw = position) {
  const { healthy } = computeHealth({ market, position: at, collateralPrice: oraclePrice, lltv: LLTV_86 })
  return computePreLiquidation({
    preLiquidation,
    market,
    position: at,
    oraclePrice,
    lltv: LLTV_86,
    healthy,
    oraclePriceDecimals: 24,
    loanPriceUsd: dec('1'),
  })
}

describe('computePreLiquidation', () => {
  it('at 3,000 USDC (LTV 70 %): not pre-liquidatable; health at preLLTV 24,000 / 21,000; it starts at 2,625', () => {
    const risk = preLiquidationAt(usdcPerWeth(3_000n))
    expect(risk.preLiquidatable).toBe(false)
    // maxBorrow at preLLTV = 30,000 × 0.8 = 24,000 USDC; wDivDown(24,000e6, 21,000e6) floors at 18 decimals.
    expect(risk.healthFactor).toEqual({ kind: 'finite', value: dec('1.142857142857142857') })
    // 10 × p × 0.8 = 21,000 ⇒ p = 2,625, 12.5 % below the price.
    expect(risk.liquidationPrice).toEqual({ kind: 'price', priceUsd: dec('2625'), distance: dec('-0.125') })
    expect(risk.closeFactor).toBeNull()
    expect(risk.incentiveFactor).toBeNull()
    expect(risk.preLltv.toString()).toBe('0.8')
  })

  it('the price it reports is where pre-liquidation starts: at 2,625 not yet, one oracle unit below it yes', () => {
    expect(preLiquidationAt(usdcPerWeth(2_625n)).preLiquidatable).toBe(false)
    expect(preLiquidationAt(usdcPerWeth(2_625n) - 1n).preLiquidatable).toBe(true)
  })

  it('at 2,550 USDC (LTV 14/17): pre-liquidatable, factors linear in the LTV between preLLTV and LLTV', () => {
    const risk = preLiquidationAt(usdcPerWeth(2_550n))
    expect(risk.preLiquidatable).toBe(true)
    // Health at preLLTV: 25,500 × 0.8 / 21,000 = 0.9714285714285714285… floored.
    expect(risk.healthFactor).toEqual({ kind: 'finite', value: dec('0.971428571428571428') })
    // along = (14/17 − 4/5) / (86/100 − 80/100) = 20/51; CF = 1/10 + 2/5 × 20/51 = 131/510; IF = 1.01 + 0.03 × 20/51.
    const closeFactor = dec('131').div(510)
    const incentiveFactor = dec('1.01').add(dec('0.03').mul(20).div(51))
    expect(risk.closeFactor?.sub(closeFactor).abs().lt('1e-30')).toBe(true)
    expect(risk.incentiveFactor?.sub(incentiveFactor).abs().lt('1e-30')).toBe(true)
    expect(risk.liquidationPrice).toEqual({ kind: 'none', reason: 'already-liquidatable' })
  })

  it('at 2,400 USDC (LTV 87.5 % > LLTV): liquidatable, so not pre-liquidatable (the contract refuses it)', () => {
    const risk = preLiquidationAt(usdcPerWeth(2_400n))
    expect(risk.preLiquidatable).toBe(false)
    expect(risk.closeFactor).toBeNull()
    expect(risk.liquidationPrice).toEqual({ kind: 'none', reason: 'already-liquidatable' })
  })

  it('without debt: no health factor and no price where it starts', () => {
    const risk = preLiquidationAt(usdcPerWeth(3_000n), { ...position, borrowShares: 0n })
    expect(risk.healthFactor).toEqual({ kind: 'none' })
    expect(risk.preLiquidatable).toBe(false)
    expect(risk.liquidationPrice).toEqual({ kind: 'none', reason: 'no-requirement' })
  })
})
