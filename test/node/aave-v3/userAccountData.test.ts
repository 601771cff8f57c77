/**
 * The engine against the real Aave v3.0 Pool (@aave/core-v3 artifacts) on anvil:
 * computeUserAccountData must equal Pool.getUserAccountData to the wei, and the engine's
 * liquidation prices must be where the Pool's health factor crosses 1.
 */
import fc from 'fast-check'
import { type Address, numberToHex, pad } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type AaveV3Snapshot,
  computeUserAccountData,
  evaluateAaveV3,
  MAX_UINT256,
  WAD,
} from '../../../src/engine/aave-v3'
import { toRaw } from '../../../src/engine/decimal'
import {
  type AaveMarket,
  type Anvil,
  type AnvilClient,
  borrow,
  configureReserveAsCollateral,
  createAnvilClient,
  deployAaveMarket,
  ETH_EMODE,
  poolAbi,
  provideLiquidity,
  readAaveV3Snapshot,
  SANDBOX_MARKET,
  STABLE_EMODE,
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
let baseline: `0x${string}`

const units = (symbol: string, whole: bigint | number, decimalsOffset = 0n) =>
  (BigInt(whole) * 10n ** BigInt(market.reserves[symbol]?.decimals ?? 18)) / 10n ** decimalsOffset

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31339 }) // not predefined by the app: reads go deployless
  client = createAnvilClient(anvil)
  market = await deployAaveMarket(client, SANDBOX_MARKET)
  const [, provider, user] = await client.getAddresses()
  if (!provider || !user) throw new Error('anvil has no dev accounts')
  alice = user
  await provideLiquidity(client, market, provider)
  baseline = await client.snapshot()
})

afterAll(async () => {
  await anvil?.stop()
})

beforeEach(async () => {
  await client.revert({ id: baseline })
  baseline = await client.snapshot()
})

async function onChainAccountData(user: Address, blockNumber: bigint) {
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
    await client.readContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'getUserAccountData',
      args: [user],
      blockNumber,
    })
  return { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor }
}

/** Mines a block, reads the snapshot and the Pool's figures at it, and asserts equality to the wei. */
async function expectExactAccountData(user: Address = alice) {
  await client.mine({ blocks: 1 })
  const block = await client.getBlock()
  const [onChain, snapshot] = await Promise.all([
    onChainAccountData(user, block.number),
    readAaveV3Snapshot(client, { addressesProvider: market.addressesProvider, user }),
  ])
  if (!snapshot) throw new Error('The user holds nothing in the market.')
  const { hasZeroLtvCollateral, ...ours } = computeUserAccountData({ snapshot, nowSec: Number(block.timestamp) })
  expect(ours).toEqual(onChain)
  return { snapshot, onChain, hasZeroLtvCollateral }
}

/** Borrows `share` (bps) of the user's available borrows in `symbol`. */
async function borrowShare(symbol: string, shareBps: bigint, mode: 'variable' | 'stable' = 'variable') {
  const block = await client.getBlock()
  const { availableBorrowsBase } = await onChainAccountData(alice, block.number)
  const reserve = SANDBOX_MARKET.reserves.find((candidate) => candidate.symbol === symbol)
  if (!reserve) throw new Error(symbol)
  const amount = (availableBorrowsBase * shareBps * 10n ** BigInt(reserve.decimals)) / (10_000n * reserve.priceRaw)
  if (amount > 0n) await borrow(client, market, { user: alice, symbol, amount, mode })
  return amount
}

describe('computeUserAccountData equals Pool.getUserAccountData', () => {
  it('has no margin account for a user without positions (the Pool answers zeros and uint256.max)', async () => {
    await client.mine({ blocks: 1 })
    const block = await client.getBlock()
    const onChain = await onChainAccountData(alice, block.number)
    expect(onChain).toMatchObject({ totalCollateralBase: 0n, totalDebtBase: 0n, healthFactor: MAX_UINT256 })
    expect(
      await readAaveV3Snapshot(client, { addressesProvider: market.addressesProvider, user: alice }),
    ).toBeUndefined()
  })

  it('matches 18/8/6-decimal collateral with a variable debt after a year of interest', async () => {
    await supply(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 12) })
    await supply(client, market, { user: alice, symbol: 'WBTC', amount: units('WBTC', 3, 1n) })
    await borrowShare('USDC', 7_000n)
    await client.increaseTime({ seconds: 365 * 24 * 3600 })
    const { snapshot, onChain } = await expectExactAccountData()
    expect(onChain.totalDebtBase).toBeGreaterThan(0n)
    expect(snapshot.reserves.find((reserve) => reserve.symbol === 'USDC')?.currentVariableBorrowRate).not.toBe('0')
  })

  it('matches stable and variable debts of the same asset, and supply interest', async () => {
    await supply(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 50) })
    await supply(client, market, { user: alice, symbol: 'DAI', amount: units('DAI', 20_000) })
    await borrowShare('USDC', 2_000n, 'stable')
    await borrowShare('USDC', 3_000n, 'variable')
    await borrowShare('WETH', 2_000n)
    await client.increaseTime({ seconds: 200 * 24 * 3600 + 17 })
    const { snapshot } = await expectExactAccountData()
    const usdc = snapshot.reserves.find((reserve) => reserve.symbol === 'USDC')
    expect(usdc?.user.principalStableDebt).not.toBe('0')
    expect(usdc?.user.scaledVariableDebt).not.toBe('0')
  })

  it('matches e-mode with a category price source (v3.0), and after the source price moves', async () => {
    await supply(client, market, { user: alice, symbol: 'WSTETH', amount: units('WSTETH', 10) })
    await supply(client, market, { user: alice, symbol: 'LINK', amount: units('LINK', 1_000) })
    await setUserEMode(client, market, { user: alice, categoryId: ETH_EMODE })
    await borrowShare('WETH', 9_000n)
    const { snapshot } = await expectExactAccountData()
    expect(snapshot.userEModeCategory).toBe(ETH_EMODE)
    expect(snapshot.eModeCategories.find((category) => category.id === ETH_EMODE)?.priceKey).toBe('WETH')
    await setPrice(client, market, { symbol: 'WETH', priceRaw: 2_500_00000000n })
    await client.increaseTime({ seconds: 90 * 24 * 3600 })
    await expectExactAccountData()
  })

  it('matches e-mode without a price source', async () => {
    await supply(client, market, { user: alice, symbol: 'USDC', amount: units('USDC', 100_000) })
    await supply(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 1) })
    await setUserEMode(client, market, { user: alice, categoryId: STABLE_EMODE })
    await borrowShare('DAI', 9_500n)
    await client.increaseTime({ seconds: 45 * 24 * 3600 })
    await expectExactAccountData()
  })

  it('ignores a supply the user disabled as collateral', async () => {
    await supply(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 20) })
    await supply(client, market, { user: alice, symbol: 'WBTC', amount: units('WBTC', 1) })
    await setUseReserveAsCollateral(client, market, { user: alice, symbol: 'WBTC', enabled: false })
    await borrowShare('USDC', 8_000n)
    const { snapshot } = await expectExactAccountData()
    expect(snapshot.reserves.find((reserve) => reserve.symbol === 'WBTC')?.user.usageAsCollateralEnabled).toBe(false)
  })

  it('counts LTV-0 collateral in the threshold but not in the LTV', async () => {
    await supply(client, market, { user: alice, symbol: 'LINK', amount: units('LINK', 10_000) })
    await supply(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 5) })
    await borrowShare('USDC', 5_000n)
    await configureReserveAsCollateral(client, market, {
      symbol: 'LINK',
      ltv: 0,
      liquidationThreshold: 6500,
      liquidationBonus: 10750,
    })
    const { hasZeroLtvCollateral, onChain } = await expectExactAccountData()
    expect(hasZeroLtvCollateral).toBe(true)
    expect(onChain.ltv).toBeLessThan(onChain.currentLiquidationThreshold / 2n)
  })

  it('matches below HF 1 after a price crash', async () => {
    await supply(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 10) })
    await borrowShare('USDC', 9_900n)
    await setPrice(client, market, { symbol: 'WETH', priceRaw: 2_300_00000000n })
    const { onChain } = await expectExactAccountData()
    expect(onChain.healthFactor).toBeLessThan(WAD)
  })

  it('matches ~25 random accounts over amounts, prices, e-mode and time', async () => {
    const scenario = fc.record({
      weth: fc.bigInt(0n, 200n * 10n ** 18n),
      wbtc: fc.bigInt(0n, 10n * 10n ** 8n),
      dai: fc.bigInt(0n, 500_000n * 10n ** 18n),
      link: fc.bigInt(0n, 50_000n * 10n ** 18n),
      eMode: fc.boolean(),
      borrowBps: fc.bigInt(0n, 9_900n),
      stableBps: fc.bigInt(0n, 5_000n),
      seconds: fc.integer({ min: 0, max: 3 * 365 * 24 * 3600 }),
      wethPriceBps: fc.bigInt(3_000n, 20_000n),
      wbtcPriceBps: fc.bigInt(3_000n, 20_000n),
    })
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        await client.revert({ id: baseline })
        baseline = await client.snapshot()
        if (s.eMode) {
          await supply(client, market, { user: alice, symbol: 'WSTETH', amount: s.weth + 10n ** 17n })
          await setUserEMode(client, market, { user: alice, categoryId: ETH_EMODE })
        } else if (s.weth > 0n) {
          await supply(client, market, { user: alice, symbol: 'WETH', amount: s.weth })
        }
        if (s.wbtc > 0n) await supply(client, market, { user: alice, symbol: 'WBTC', amount: s.wbtc })
        if (s.dai > 0n) await supply(client, market, { user: alice, symbol: 'DAI', amount: s.dai })
        if (s.link > 0n) await supply(client, market, { user: alice, symbol: 'LINK', amount: s.link })
        if (s.eMode) {
          await borrowShare('WETH', s.borrowBps)
        } else {
          await borrowShare('USDC', s.stableBps, 'stable')
          await borrowShare('USDC', s.borrowBps)
        }
        await client.increaseTime({ seconds: s.seconds })
        await setPrice(client, market, { symbol: 'WETH', priceRaw: (3_000_00000000n * s.wethPriceBps) / 10_000n })
        await setPrice(client, market, { symbol: 'WBTC', priceRaw: (60_000_00000000n * s.wbtcPriceBps) / 10_000n })
        await expectExactAccountData()
      }),
      { numRuns: 25, endOnFailure: true },
    )
  })
})

describe('liquidation prices from evaluateAaveV3 are where the Pool crosses HF 1', () => {
  /**
   * The Pool's health factor at the snapshot's block with one oracle answer replaced through an
   * eth_call state override (same block, same time: no interest accrues between the checks).
   */
  async function healthFactorAt(snapshot: AaveV3Snapshot, symbol: string, priceRaw: bigint) {
    const aggregator = market.reserves[symbol]?.aggregator
    if (!aggregator) throw new Error(symbol)
    const [, , , , , healthFactor] = await client.readContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'getUserAccountData',
      args: [alice],
      blockNumber: BigInt(snapshot.blockNumber ?? 0),
      stateOverride: [
        { address: aggregator, stateDiff: [{ slot: pad('0x0'), value: numberToHex(priceRaw, { size: 32 }) }] },
      ],
    })
    return healthFactor
  }

  async function liquidationPriceRaw(snapshot: AaveV3Snapshot, positionId: string) {
    const report = evaluateAaveV3({ snapshot, nowSec: snapshot.asOfSec })
    const liquidation = report.positions.find((position) => position.id === positionId)?.liquidationPrice
    if (liquidation?.kind !== 'price') throw new Error(`No liquidation price for ${positionId}`)
    return toRaw(liquidation.priceUsd, snapshot.oracle.baseCurrencyDecimals)
  }

  it('collateral: liquidatable at the price, not one oracle unit above', async () => {
    await supply(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 7) })
    await supply(client, market, { user: alice, symbol: 'WBTC', amount: units('WBTC', 2, 1n) })
    await supply(client, market, { user: alice, symbol: 'LINK', amount: units('LINK', 500) })
    await borrowShare('USDC', 8_000n)
    await borrowShare('DAI', 5_000n)
    const { snapshot } = await expectExactAccountData()
    const price = await liquidationPriceRaw(snapshot, 'collateral:WETH')
    expect(price).toBeLessThan(3_000_00000000n)
    expect(await healthFactorAt(snapshot, 'WETH', price)).toBeLessThan(WAD)
    expect(await healthFactorAt(snapshot, 'WETH', price + 1n)).toBeGreaterThanOrEqual(WAD)
  })

  it('debt: liquidatable at the price, not one oracle unit below', async () => {
    await supply(client, market, { user: alice, symbol: 'WBTC', amount: units('WBTC', 1) })
    await borrowShare('WETH', 9_000n)
    const { snapshot } = await expectExactAccountData()
    const price = await liquidationPriceRaw(snapshot, 'debt:WETH')
    expect(price).toBeGreaterThan(3_000_00000000n)
    expect(await healthFactorAt(snapshot, 'WETH', price)).toBeLessThan(WAD)
    expect(await healthFactorAt(snapshot, 'WETH', price - 1n)).toBeGreaterThanOrEqual(WAD)
  })

  it('e-mode price source: moving the source moves every reserve of the category', async () => {
    await supply(client, market, { user: alice, symbol: 'WSTETH', amount: units('WSTETH', 10) })
    await supply(client, market, { user: alice, symbol: 'USDC', amount: units('USDC', 4_000) })
    await setUserEMode(client, market, { user: alice, categoryId: ETH_EMODE })
    await borrowShare('WETH', 9_500n)
    const { snapshot } = await expectExactAccountData()
    const report = evaluateAaveV3({ snapshot, nowSec: snapshot.asOfSec })
    // wstETH collateral and WETH debt both follow the WETH source: net exposure to WETH is the
    // collateral × threshold minus the debt, so only a large move liquidates.
    // The position holds WSTETH but is priced, and liquidated, at the WETH source.
    expect(report.positions.find((position) => position.id === 'collateral:WSTETH')).toMatchObject({
      priceKey: 'WETH',
      asset: { key: 'WSTETH' },
    })
    const price = await liquidationPriceRaw(snapshot, 'collateral:WSTETH')
    expect(await healthFactorAt(snapshot, 'WETH', price)).toBeLessThan(WAD)
    expect(await healthFactorAt(snapshot, 'WETH', price + (price < 3_000_00000000n ? 1n : -1n))).toBeGreaterThanOrEqual(
      WAD,
    )
  })
})
