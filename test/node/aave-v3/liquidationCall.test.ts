/**
 * computeLiquidationCall (rules v3.0-3.2) against real `Pool.liquidationCall` executions on the
 * @aave/core-v3 contracts: repaid debt, seized collateral and the treasury's fee to the wei.
 */
import { type Address, maxUint256 } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type AaveV3Snapshot,
  CLOSE_FACTOR_HF_THRESHOLD,
  computeLiquidationCall,
  computeUserReserves,
  rayDiv,
  WAD,
} from '../../../src/engine/aave-v3'
import {
  type AaveMarket,
  type Anvil,
  type AnvilClient,
  aTokenAbi,
  borrow,
  configureEModeCategory,
  createAnvilClient,
  deployAaveMarket,
  ETH_EMODE,
  fund,
  liquidationCall,
  poolAbi,
  provideLiquidity,
  readAaveV3Snapshot,
  SANDBOX_MARKET,
  setPrice,
  setUseReserveAsCollateral,
  setUserEMode,
  startAnvil,
  supply,
} from '../../harness/aave'

let anvil: Anvil
let client: AnvilClient
let market: AaveMarket
let alice: Address
let liquidator: Address
let baseline: `0x${string}`

const whole = (symbol: string, amount: bigint) => amount * 10n ** BigInt(market.reserves[symbol]?.decimals ?? 18)

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31339 }) // not predefined by the app: reads go deployless
  client = createAnvilClient(anvil)
  market = await deployAaveMarket(client, SANDBOX_MARKET)
  const [, provider, user, keeper] = await client.getAddresses()
  if (!provider || !user || !keeper) throw new Error('anvil has no dev accounts')
  alice = user
  liquidator = keeper
  await provideLiquidity(client, market, provider)
  for (const symbol of ['USDC', 'DAI', 'WETH'])
    await fund(client, market, { user: liquidator, symbol, amount: whole(symbol, 10_000_000n) })
  baseline = await client.snapshot()
})

afterAll(async () => {
  await anvil?.stop()
})

beforeEach(async () => {
  await client.revert({ id: baseline })
  baseline = await client.snapshot()
})

async function readSnapshot(): Promise<AaveV3Snapshot> {
  await client.mine({ blocks: 1 })
  const snapshot = await readAaveV3Snapshot(client, { addressesProvider: market.addressesProvider, user: alice })
  if (!snapshot) throw new Error('alice holds nothing in the market.')
  return snapshot
}

type Case = { collateral: string; debt: string; debtToCover: bigint; receiveAToken?: boolean }

/**
 * Predicts the liquidation with the engine at a pinned block time, executes it on-chain at that
 * time, and compares the LiquidationCall event and the treasury's aToken transfer.
 */
async function expectLiquidationMatches({ collateral, debt, debtToCover, receiveAToken = false }: Case) {
  const snapshot = await readSnapshot()
  const nowSec = snapshot.asOfSec + 12
  const collateralReserve = market.reserves[collateral]
  const debtReserve = market.reserves[debt]
  if (!collateralReserve || !debtReserve) throw new Error('unknown reserve')
  const predicted = computeLiquidationCall({
    snapshot,
    nowSec,
    collateralAsset: collateralReserve.underlying,
    debtAsset: debtReserve.underlying,
    debtToCover,
  })
  if (predicted.status !== 'ok') throw new Error(`engine predicts a revert: ${predicted.reason}`)

  const treasuryScaledBefore = await client.readContract({
    address: collateralReserve.aToken,
    abi: aTokenAbi,
    functionName: 'scaledBalanceOf',
    args: [market.treasury],
  })
  await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
  const { event } = await liquidationCall(client, market, {
    liquidator,
    user: alice,
    collateralSymbol: collateral,
    debtSymbol: debt,
    debtToCover,
    receiveAToken,
  })
  const treasuryScaledAfter = await client.readContract({
    address: collateralReserve.aToken,
    abi: aTokenAbi,
    functionName: 'scaledBalanceOf',
    args: [market.treasury],
  })
  const collateralState = computeUserReserves({ snapshot, nowSec }).reserves.find(
    (state) => state.reserve.symbol === collateral,
  )
  if (!collateralState) throw new Error('no collateral state')

  expect(event.debtToCover).toBe(predicted.debtToRepay)
  expect(event.liquidatedCollateralAmount).toBe(predicted.collateralToLiquidator)
  expect(treasuryScaledAfter - treasuryScaledBefore).toBe(
    rayDiv(predicted.protocolFee, collateralState.normalizedIncome),
  )
  return predicted
}

/** Supplies WETH (and optionally WBTC), borrows USDC at `borrowBps` of the limit, then sets WETH's price. */
async function openPosition({
  wethPrice,
  borrowUsdc,
  wbtc = 0n,
}: {
  wethPrice: bigint
  borrowUsdc: bigint
  wbtc?: bigint
}) {
  await supply(client, market, { user: alice, symbol: 'WETH', amount: whole('WETH', 10n) })
  if (wbtc > 0n) await supply(client, market, { user: alice, symbol: 'WBTC', amount: wbtc })
  await borrow(client, market, { user: alice, symbol: 'USDC', amount: whole('USDC', borrowUsdc) })
  await setPrice(client, market, { symbol: 'WETH', priceRaw: wethPrice })
}

describe('computeLiquidationCall equals Pool.liquidationCall (v3.0 rules)', () => {
  it('caps the repayment at 50% of the debt when 0.95 < HF < 1', async () => {
    // 10 WETH at 2900 × 82.5% = 23925 of weighted collateral against 24000 USDC: HF ≈ 0.997.
    await openPosition({ wethPrice: 2_900_00000000n, borrowUsdc: 24_000n })
    const result = await expectLiquidationMatches({ collateral: 'WETH', debt: 'USDC', debtToCover: maxUint256 })
    expect(result.healthFactor).toBeGreaterThan(CLOSE_FACTOR_HF_THRESHOLD)
    expect(result.healthFactor).toBeLessThan(WAD)
    expect(result.maxLiquidatableDebt * 2n).toBeGreaterThanOrEqual(whole('USDC', 24_000n))
    expect(result.debtToRepay).toBe(result.maxLiquidatableDebt)
  })

  it('allows 100% of the debt when HF ≤ 0.95, and takes all collateral if it runs out', async () => {
    await openPosition({ wethPrice: 2_500_00000000n, borrowUsdc: 24_000n })
    const result = await expectLiquidationMatches({ collateral: 'WETH', debt: 'USDC', debtToCover: maxUint256 })
    expect(result.healthFactor).toBeLessThanOrEqual(CLOSE_FACTOR_HF_THRESHOLD)
    expect(result.collateralFullyLiquidated).toBe(true)
    expect(result.debtToRepay).toBeLessThan(result.maxLiquidatableDebt)
  })

  it('repays a partial amount and pays the liquidator in aTokens', async () => {
    await openPosition({ wethPrice: 2_800_00000000n, borrowUsdc: 24_000n })
    const result = await expectLiquidationMatches({
      collateral: 'WETH',
      debt: 'USDC',
      debtToCover: whole('USDC', 1_234n) + 567n,
      receiveAToken: true,
    })
    expect(result.debtToRepay).toBe(whole('USDC', 1_234n) + 567n)
  })

  it('seizes a smaller second collateral up to its balance (20% protocol fee on WBTC)', async () => {
    await openPosition({ wethPrice: 2_400_00000000n, borrowUsdc: 25_000n, wbtc: 5_000_000n })
    const result = await expectLiquidationMatches({ collateral: 'WBTC', debt: 'USDC', debtToCover: maxUint256 })
    expect(result.collateralFullyLiquidated).toBe(true)
    expect(result.protocolFee).toBeGreaterThan(0n)
  })

  it('applies the e-mode bonus and the category price source', async () => {
    await supply(client, market, { user: alice, symbol: 'WSTETH', amount: whole('WSTETH', 10n) })
    await setUserEMode(client, market, { user: alice, categoryId: ETH_EMODE })
    await borrow(client, market, { user: alice, symbol: 'WETH', amount: whole('WETH', 89n) / 10n })
    // Both legs follow the WETH price source, so no price move liquidates: lower the category's
    // threshold instead (10 × 83% / 8.9 ≈ 0.93).
    const category = SANDBOX_MARKET.eModeCategories?.find((candidate) => candidate.id === ETH_EMODE)
    if (!category) throw new Error('no ETH e-mode')
    await configureEModeCategory(client, market, { ...category, ltv: 8260, liquidationThreshold: 8300 })
    const result = await expectLiquidationMatches({ collateral: 'WSTETH', debt: 'WETH', debtToCover: maxUint256 })
    expect(result.liquidationBonus).toBe(10_100n)
    expect(result.collateralPriceRaw).toBe(result.debtPriceRaw)
  })

  it('predicts the reverts of a healthy account and of a collateral the user disabled', async () => {
    await supply(client, market, { user: alice, symbol: 'WETH', amount: whole('WETH', 10n) })
    await supply(client, market, { user: alice, symbol: 'DAI', amount: whole('DAI', 1_000n) })
    await borrow(client, market, { user: alice, symbol: 'USDC', amount: whole('USDC', 10_000n) })
    await setUseReserveAsCollateral(client, market, { user: alice, symbol: 'DAI', enabled: false })
    const snapshot = await readSnapshot()
    const parameters = {
      snapshot,
      nowSec: snapshot.asOfSec,
      debtAsset: market.reserves.USDC?.underlying ?? '',
      debtToCover: maxUint256,
    }
    const healthy = computeLiquidationCall({ ...parameters, collateralAsset: market.reserves.WETH?.underlying ?? '' })
    expect(healthy).toMatchObject({ status: 'reverted', reason: 'health-factor-not-below-threshold' })
    const simulate = (collateral: string) =>
      client.simulateContract({
        address: market.pool,
        abi: poolAbi,
        functionName: 'liquidationCall',
        args: [
          market.reserves[collateral]?.underlying as Address,
          market.reserves.USDC?.underlying as Address,
          alice,
          maxUint256,
          false,
        ],
        account: liquidator,
      })
    await expect(simulate('WETH')).rejects.toThrow(/45/) // Errors.HEALTH_FACTOR_NOT_BELOW_THRESHOLD

    await setPrice(client, market, { symbol: 'WETH', priceRaw: 1_000_00000000n })
    const crashed = await readSnapshot()
    const disabled = computeLiquidationCall({
      ...parameters,
      snapshot: crashed,
      nowSec: crashed.asOfSec,
      collateralAsset: market.reserves.DAI?.underlying ?? '',
    })
    expect(disabled).toMatchObject({ status: 'reverted', reason: 'collateral-cannot-be-liquidated' })
    await expect(simulate('DAI')).rejects.toThrow(/46/) // Errors.COLLATERAL_CANNOT_BE_LIQUIDATED
  })
})
