/**
 * Liquidation rules from fixtures: the v3.0–v3.2 close factor and collateral formula as the
 * developer docs state them, and the worked examples of the Aave v3.3 features document
 * (which assume MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 1000e8, hence the override).
 * @see https://docs.aave.com/developers/guides/liquidations
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/docs/3.3/Aave-v3.3-features.md
 */
import { describe, expect, it } from 'vitest'
import {
  type AaveV3Snapshot,
  computeLiquidationCall,
  computeUserAccountData,
  MAX_UINT256,
} from '../../../../src/engine/aave-v3'
import { snapshotFixture, wei } from './fixtures'

const usd = (amount: string) => wei(amount, 6)
const DOC_THRESHOLD = 1_000n * 10n ** 8n

function liquidate(
  snapshot: AaveV3Snapshot,
  collateral: string,
  debt: string,
  debtToCover: bigint,
  threshold?: bigint,
) {
  const asset = (symbol: string) => snapshot.reserves.find((reserve) => reserve.symbol === symbol)?.underlying ?? ''
  return computeLiquidationCall({
    snapshot,
    nowSec: snapshot.asOfSec,
    collateralAsset: asset(collateral),
    debtAsset: asset(debt),
    debtToCover,
    minBaseMaxCloseFactorThreshold: threshold,
  })
}

describe('v3.0–v3.2 rules (developer docs)', () => {
  const position = (priceUsd: string) =>
    snapshotFixture({
      reserves: [
        {
          symbol: 'WETH',
          priceUsd,
          supplied: wei('10'),
          liquidationThreshold: 8250,
          liquidationBonus: 10500,
          liquidationProtocolFee: 1000,
        },
        { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: usd('24000') },
      ],
    })

  it('seizes debtPrice × debtToCover × bonus / collateralPrice, less 10% of the bonus for the treasury', () => {
    const result = liquidate(position('2900'), 'WETH', 'USDC', usd('1000'))
    // base 0.344827586206896551 WETH × 105% = 0.362068965517241379; bonus part 0.017241379310344828, 10% of it to the treasury
    expect(result).toMatchObject({
      status: 'ok',
      debtToRepay: usd('1000'),
      protocolFee: 1_724_137_931_034_483n,
      collateralToLiquidator: 360_344_827_586_206_896n,
      liquidationBonus: 10_500n,
    })
  })

  it('limits a liquidation to 50% of the debt above HF 0.95 and 100% below', () => {
    const above = liquidate(position('2900'), 'WETH', 'USDC', MAX_UINT256)
    expect(above).toMatchObject({ status: 'ok', maxLiquidatableDebt: usd('12000'), debtToRepay: usd('12000') })
    const below = liquidate(position('2700'), 'WETH', 'USDC', MAX_UINT256)
    expect(below.status === 'ok' && below.healthFactor < 95n * 10n ** 16n).toBe(true)
    expect(below).toMatchObject({ status: 'ok', maxLiquidatableDebt: usd('24000') })
  })

  it('reverts for a healthy account', () => {
    expect(liquidate(position('3000'), 'WETH', 'USDC', MAX_UINT256)).toMatchObject({
      status: 'reverted',
      reason: 'health-factor-not-below-threshold',
    })
  })
})

describe('v3.3 §2.1: the close factor applies to the whole position', () => {
  // 3k GHO, 3k USDC, 3k DAI of debt against ETH; collateral sized so that 0.95 < HF < 1.
  const snapshot = (rules: 'v3.0-3.2' | 'v3.3') =>
    snapshotFixture({
      rules,
      reserves: [
        { symbol: 'ETH', priceUsd: '3000', supplied: wei('3.4'), liquidationThreshold: 8600 },
        { symbol: 'GHO', priceUsd: '1', borrowed: wei('3000') },
        { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: usd('3000') },
        { symbol: 'DAI', priceUsd: '1', borrowed: wei('3000') },
      ],
    })

  it('v3.0–v3.2 repay at most 1.5k of one reserve, v3.3 the whole 3k', () => {
    const old = liquidate(snapshot('v3.0-3.2'), 'ETH', 'USDC', MAX_UINT256)
    const next = liquidate(snapshot('v3.3'), 'ETH', 'USDC', MAX_UINT256)
    expect(old).toMatchObject({ status: 'ok', debtToRepay: usd('1500') })
    expect(next).toMatchObject({ status: 'ok', debtToRepay: usd('3000'), debtFullyRepaid: true })
    expect(next.status === 'ok' && next.healthFactor > 95n * 10n ** 16n).toBe(true)
  })

  it('caps a reserve debt above half the total at 50% of the total debt value', () => {
    const big = snapshotFixture({
      rules: 'v3.3',
      reserves: [
        { symbol: 'ETH', priceUsd: '3000', supplied: wei('10'), liquidationThreshold: 8600 },
        { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: usd('24000') },
        { symbol: 'DAI', priceUsd: '1', borrowed: wei('2000') },
      ],
    })
    // total 26000 → 13000 of USDC at most
    expect(liquidate(big, 'ETH', 'USDC', MAX_UINT256)).toMatchObject({
      status: 'ok',
      maxLiquidatableDebt: usd('13000'),
    })
  })
})

describe('v3.3 §2.2: positions below MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD close at 100%', () => {
  // 1200 $ collateral A, 900 $ debt B, HF 0.96 (threshold 72%: 1200 × 0.72 / 900).
  const snapshot = (rules: 'v3.0-3.2' | 'v3.3') =>
    snapshotFixture({
      rules,
      reserves: [
        { symbol: 'A', decimals: 6, priceUsd: '1', supplied: usd('1200'), liquidationThreshold: 7200 },
        { symbol: 'B', decimals: 6, priceUsd: '1', borrowed: usd('900') },
      ],
    })

  it('HF is 0.96', () => {
    expect(computeUserAccountData({ snapshot: snapshot('v3.3'), nowSec: 0 }).healthFactor).toBe(96n * 10n ** 16n)
  })

  it('previously 50% of debt B, now 100%', () => {
    expect(liquidate(snapshot('v3.0-3.2'), 'A', 'B', MAX_UINT256, DOC_THRESHOLD)).toMatchObject({
      debtToRepay: usd('450'),
    })
    expect(liquidate(snapshot('v3.3'), 'A', 'B', MAX_UINT256, DOC_THRESHOLD)).toMatchObject({
      status: 'ok',
      maxLiquidatableDebt: usd('900'),
      debtToRepay: usd('900'),
    })
  })

  it('with the deployed 2000 USD threshold too', () => {
    expect(liquidate(snapshot('v3.3'), 'A', 'B', MAX_UINT256)).toMatchObject({ debtToRepay: usd('900') })
  })
})

describe('v3.3 §2.3: no dust below MIN_LEFTOVER_BASE unless a side is cleared', () => {
  // 400 collateral A, 1000 collateral B, 900 debt A, 400 debt B, HF ≈ 0.94; MIN_LEFTOVER_BASE 500e8.
  const snapshot = snapshotFixture({
    rules: 'v3.3',
    reserves: [
      {
        symbol: 'A',
        decimals: 6,
        priceUsd: '1',
        supplied: usd('400'),
        borrowed: usd('900'),
        liquidationThreshold: 8729,
      },
      {
        symbol: 'B',
        decimals: 6,
        priceUsd: '1',
        supplied: usd('1000'),
        borrowed: usd('400'),
        liquidationThreshold: 8729,
      },
    ],
  })
  const run = (collateral: string, debt: string, amount: bigint) =>
    liquidate(snapshot, collateral, debt, amount, DOC_THRESHOLD)

  it('liquidates 100% of debt B', () => {
    expect(run('B', 'B', MAX_UINT256)).toMatchObject({ status: 'ok', debtToRepay: usd('400'), debtFullyRepaid: true })
  })

  it('liquidates 100% of collateral A', () => {
    expect(run('A', 'A', MAX_UINT256)).toMatchObject({
      status: 'ok',
      collateralFullyLiquidated: true,
      collateralToLiquidator: usd('400'),
    })
  })

  it('liquidates up to 400 of debt A, or 100% of it', () => {
    expect(run('B', 'A', usd('400'))).toMatchObject({ status: 'ok', debtToRepay: usd('400') })
    expect(run('B', 'A', usd('400') + 1n)).toMatchObject({ status: 'reverted', reason: 'must-not-leave-dust' })
    expect(run('B', 'A', MAX_UINT256)).toMatchObject({ status: 'ok', debtToRepay: usd('900') })
  })

  it('seizes up to 500 of collateral B, or 100% of it', () => {
    // 400 of debt A seizes 420 of B (580 left); 480 would seize 504 (496 left).
    expect(run('B', 'A', usd('400'))).toMatchObject({ collateralToLiquidator: usd('420') })
    expect(run('B', 'A', usd('480'))).toMatchObject({ status: 'reverted', reason: 'must-not-leave-dust' })
  })

  it('writes off the remaining debt when the last collateral is taken', () => {
    const underwater = snapshotFixture({
      rules: 'v3.3',
      reserves: [
        { symbol: 'ETH', priceUsd: '1000', supplied: wei('1'), liquidationThreshold: 8250 },
        { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: usd('1500') },
      ],
    })
    const result = liquidate(underwater, 'ETH', 'USDC', MAX_UINT256)
    expect(result).toMatchObject({
      status: 'ok',
      collateralFullyLiquidated: true,
      debtFullyRepaid: false,
      badDebtWrittenOff: true,
    })
    // 1 ETH at $1000 with a 5 % bonus repays 952.380953 USDC (percentDiv rounds half up); the rest is deficit.
    if (result.status !== 'ok') throw new Error('expected a liquidation')
    expect(result.debtToRepay).toBe(usd('952.380952'))
    expect(result.deficits).toEqual([
      { asset: underwater.reserves[1]?.underlying, amount: usd('1500') - usd('952.380952') },
    ])
  })
})
