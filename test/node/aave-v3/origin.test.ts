/**
 * The real Aave v3.6 contracts (@aave-dao/aave-v3-origin@3.6.0, compiled from source with solc 0.8.27)
 * on anvil: the harness compiles (cached), deploys and drives a market with 6, 8 and 18 decimal assets,
 * reads one user's raw state at one block, and the Pool's own `getUserAccountData` is recomputed from
 * those raw integers with the v3.6 rounding (collateral floored, debt ceiled) and the v3.6 e-mode
 * LTV-zero bitmap, before and after 30 days of interest. Liquidation reverts above HF 1 with its custom
 * error and succeeds below.
 */
import { dirname } from 'node:path'
import { type Address, erc20Abi, maxUint256 } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Anvil, type AnvilClient, createAnvilClient, startAnvil } from '../../harness/aave'
import {
  type AaveOriginMarket,
  AaveOriginRevertError,
  type AaveOriginSnapshot,
  balanceOf,
  borrow,
  compileAaveOrigin,
  deployAaveOriginMarket,
  fund,
  liquidationCall,
  ORIGIN_ETH_EMODE,
  ORIGIN_MARKET,
  provideOriginLiquidity,
  readAaveOriginSnapshot,
  seedOriginDemo,
  setAssetLtvzeroInEMode,
  setPrice,
  setReserveLtvzero,
  setUserEMode,
  supply,
  transferAToken,
  warp,
  withdraw,
} from '../../harness/aave-origin'

let anvil: Anvil
let client: AnvilClient
let market: AaveOriginMarket
let alice: Address
let bob: Address
let carol: Address
let provider: Address
let liquidator: Address
let baseline: `0x${string}`

const whole = (symbol: string, amount: bigint) => amount * 10n ** BigInt(market.reserves[symbol]?.decimals ?? 18)
const EMODE_CATEGORY_IDS = [1, 2]

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31341 })
  client = createAnvilClient(anvil)
  market = await deployAaveOriginMarket(client, ORIGIN_MARKET)
  const [, p, a, b, c, keeper] = await client.getAddresses()
  if (!p || !a || !b || !c || !keeper) throw new Error('anvil has too few dev accounts')
  provider = p
  alice = a
  bob = b
  carol = c
  liquidator = keeper
  await provideOriginLiquidity(client, market, provider)
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

// ---- v3.6 getUserAccountData recomputed from the raw snapshot (GenericLogic.calculateUserAccountData) ----
const RAY = 10n ** 27n
const WAD = 10n ** 18n
const bit = (bitmap: bigint, id: number) => ((bitmap >> BigInt(id)) & 1n) === 1n
const rayMulFloor = (a: bigint, b: bigint) => (a * b) / RAY
const rayMulCeil = (a: bigint, b: bigint) => (a * b + RAY - 1n) / RAY
const mulDivCeil = (a: bigint, b: bigint, c: bigint) => (a * b + c - 1n) / c
const wadDivHalfUp = (a: bigint, b: bigint) => (a * WAD + b / 2n) / b

function recomputeUserAccountData(s: AaveOriginSnapshot) {
  const category = s.eModeCategories.find((c) => c.id === s.userEModeCategory)
  if (s.userEModeCategory !== 0 && !category) throw new Error(`category ${s.userEModeCategory} not read`)
  let totalCollateralBase = 0n
  let totalDebtBase = 0n
  let ltvWeighted = 0n
  let thresholdWeighted = 0n
  let hasZeroLtvCollateral = false
  for (const r of s.reserves) {
    const unit = 10n ** BigInt(r.decimals)
    if (r.user.usageAsCollateralEnabled) {
      // v3.5+: aToken balance floored, then base value floored.
      const base = (rayMulFloor(r.user.scaledATokenBalance, r.normalizedIncome) * r.priceRaw) / unit
      const inCategory = category !== undefined && bit(category.collateralBitmap, r.id)
      const ltv = inCategory
        ? bit(category.ltvzeroBitmap, r.id)
          ? 0n
          : BigInt(category.ltv)
        : r.configuration & 0xffffn
      const threshold = inCategory ? BigInt(category.liquidationThreshold) : (r.configuration >> 16n) & 0xffffn
      totalCollateralBase += base
      if (ltv === 0n) hasZeroLtvCollateral = true
      else ltvWeighted += base * ltv
      thresholdWeighted += base * threshold
    }
    // Debt balance ceiled, then base value ceiled.
    if (r.user.borrowing)
      totalDebtBase += mulDivCeil(rayMulCeil(r.user.scaledVariableDebt, r.normalizedVariableDebt), r.priceRaw, unit)
  }
  const ltv = totalCollateralBase === 0n ? 0n : ltvWeighted / totalCollateralBase
  const currentLiquidationThreshold = totalCollateralBase === 0n ? 0n : thresholdWeighted / totalCollateralBase
  const borrowable = (totalCollateralBase * ltv) / 10_000n
  return {
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase: borrowable > totalDebtBase ? borrowable - totalDebtBase : 0n,
    currentLiquidationThreshold,
    ltv,
    healthFactor: totalDebtBase === 0n ? maxUint256 : wadDivHalfUp(thresholdWeighted, totalDebtBase) / 10_000n,
    hasZeroLtvCollateral,
  }
}

async function read(user: Address) {
  return await readAaveOriginSnapshot(client, market, { user, eModeCategoryIds: EMODE_CATEGORY_IDS })
}

function expectAccountDataRecomputed(s: AaveOriginSnapshot) {
  const { hasZeroLtvCollateral: _, ...recomputed } = recomputeUserAccountData(s)
  expect(recomputed).toEqual(s.userAccountData)
}

/**
 * Alice: WBTC (8 decimals) and USDC (6) collateral, DAI and WETH (18) and USDC debt; HF ≈ 1.12. A wei of
 * USDC is 100 base units and a satoshi 60,000, so the rounding direction of each balance shows.
 */
async function openAlice() {
  await supply(client, market, { user: alice, symbol: 'WBTC', amount: whole('WBTC', 1n) })
  await supply(client, market, { user: alice, symbol: 'USDC', amount: whole('USDC', 10_000n) })
  await borrow(client, market, { user: alice, symbol: 'DAI', amount: whole('DAI', 30_000n) })
  await borrow(client, market, { user: alice, symbol: 'WETH', amount: whole('WETH', 5n) })
  await borrow(client, market, { user: alice, symbol: 'USDC', amount: whole('USDC', 2_000n) + 1n })
  await borrow(client, market, { user: alice, symbol: 'WBTC', amount: 1_000_001n })
}

/** Bob: WETH + wstETH collateral in the ETH e-mode, WETH debt; then wstETH is flagged LTV zero in the category. */
async function openBobInEModeWithLtvzero() {
  await supply(client, market, { user: bob, symbol: 'WETH', amount: whole('WETH', 10n) })
  await supply(client, market, { user: bob, symbol: 'WSTETH', amount: whole('WSTETH', 10n) })
  await setUserEMode(client, market, { user: bob, categoryId: ORIGIN_ETH_EMODE })
  await borrow(client, market, { user: bob, symbol: 'WETH', amount: whole('WETH', 15n) })
  await setAssetLtvzeroInEMode(client, market, { symbol: 'WSTETH', categoryId: ORIGIN_ETH_EMODE, ltvzero: true })
}

describe('compile', () => {
  it('compiles the v3.6 sources under the size limit and serves the second call from the cache', async () => {
    const artifacts = await compileAaveOrigin()
    expect(artifacts.package).toBe('@aave-dao/aave-v3-origin@3.6.0')
    expect(artifacts.solcVersion).toBe('0.8.27')
    for (const artifact of Object.values(artifacts.contracts))
      expect(artifact.deployedBytecodeSize).toBeLessThanOrEqual(24_576)
    expect(Object.keys(artifacts.contracts.PoolInstance.linkReferences).length).toBe(5)

    const again = await compileAaveOrigin({ cacheRoot: dirname(artifacts.cacheDir) })
    expect(again.compiled).toBe(false)
    expect(again.cacheDir).toBe(artifacts.cacheDir)
    expect(again.contracts.PoolInstance.bytecode).toBe(artifacts.contracts.PoolInstance.bytecode)
  })

  it('runs the v3.6 pool (POOL_REVISION 10) with the market config', async () => {
    await openAlice()
    const s = await read(alice)
    expect(s.poolRevision).toBe(10n)
    expect(s.baseCurrencyUnit).toBe(10n ** 8n)
    expect(s.reserves.map((r) => [r.symbol, r.decimals])).toEqual([
      ['WETH', 18],
      ['WSTETH', 18],
      ['USDC', 6],
      ['DAI', 18],
      ['WBTC', 8],
    ])
    const eth = s.eModeCategories.find((c) => c.id === ORIGIN_ETH_EMODE)
    expect(eth).toMatchObject({
      label: 'ETH correlated',
      ltv: 9000,
      liquidationThreshold: 9300,
      liquidationBonus: 10100,
    })
    expect(eth?.collateralBitmap).toBe(0b11n)
    expect(eth?.borrowableBitmap).toBe(0b01n)
    expect(eth?.ltvzeroBitmap).toBe(0n)
  })
})

describe('account data', () => {
  it('recomputes getUserAccountData from the raw reads, across 6/8/18 decimals, now and 30 days later', async () => {
    // High utilization, so that indexes move by more than a wei of each balance between reads.
    await borrow(client, market, { user: provider, symbol: 'USDC', amount: whole('USDC', 40_000_000n) })
    await borrow(client, market, { user: provider, symbol: 'WBTC', amount: whole('WBTC', 700n) })
    await openAlice()
    const before = await read(alice)
    expect(before.userConfiguration).toBe(
      // WBTC (id 4) and USDC (id 2) collateral; WETH (id 0), USDC, DAI (id 3) and WBTC borrowed.
      (1n << 9n) | (1n << 5n) | (1n << 0n) | (1n << 4n) | (1n << 6n) | (1n << 8n),
    )
    expectAccountDataRecomputed(before)
    expect(before.userAccountData.healthFactor).toBeGreaterThan(WAD)

    // Each step leaves different fractions of a wei in the balances: 1 day, 7 days, 30 days in all.
    for (const days of [1, 6, 23]) {
      const timestamp = await warp(client, { seconds: days * 24 * 3600 })
      const later = await read(alice)
      expect(later.timestamp).toBe(timestamp)
      expectAccountDataRecomputed(later)
    }
    const after = await read(alice)
    expect(after.timestamp - before.timestamp).toBe(30n * 24n * 3600n)
    const dai = after.reserves.find((r) => r.symbol === 'DAI')
    // The indexes stored at the last update are unchanged; the Pool's normalized debt has grown.
    expect(dai?.variableBorrowIndex).toBe(before.reserves.find((r) => r.symbol === 'DAI')?.variableBorrowIndex)
    expect(dai?.normalizedVariableDebt).toBeGreaterThan(dai?.variableBorrowIndex ?? 0n)
    expect(after.userAccountData.totalDebtBase).toBeGreaterThan(before.userAccountData.totalDebtBase)
  })

  it('counts an e-mode LTV-zero collateral at the category threshold and none of its LTV', async () => {
    await openBobInEModeWithLtvzero()
    const s = await read(bob)
    expect(s.userEModeCategory).toBe(ORIGIN_ETH_EMODE)
    const wsteth = s.reserves.find((r) => r.symbol === 'WSTETH')
    expect(wsteth?.user.usageAsCollateralEnabled).toBe(true)
    expect(s.eModeCategories.find((c) => c.id === ORIGIN_ETH_EMODE)?.ltvzeroBitmap).toBe(1n << BigInt(wsteth?.id ?? 0))
    // The reserve's own LTV is untouched: the flag is per category.
    expect(wsteth?.configuration && wsteth.configuration & 0xffffn).toBe(7000n)
    expect(recomputeUserAccountData(s).hasZeroLtvCollateral).toBe(true)
    expectAccountDataRecomputed(s)
    // WETH 10 × 3000 at 90%, wstETH at 0%: average LTV = 27000 / 64000 of 9000 bps; threshold 93% on all.
    expect(s.userAccountData.ltv).toBe((30_000n * 9000n) / 64_000n)
    expect(s.userAccountData.currentLiquidationThreshold).toBe(9300n)

    await warp(client, { seconds: 30 * 24 * 3600 })
    expectAccountDataRecomputed(await read(bob))
  })

  it('with an LTV-zero collateral and debt, only the LTV-zero asset may leave first (LtvValidationFailed)', async () => {
    await openBobInEModeWithLtvzero()
    const error = await withdraw(client, market, { user: bob, symbol: 'WETH', amount: whole('WETH', 1n) }).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(AaveOriginRevertError)
    expect(error).toMatchObject({ errorName: 'LtvValidationFailed' })
    await withdraw(client, market, { user: bob, symbol: 'WSTETH', amount: whole('WSTETH', 1n) })
  })

  it('reserve-level LTV zero parks the LTV in the configurator and restores it', async () => {
    await openAlice()
    await setReserveLtvzero(client, market, { symbol: 'WBTC', ltvzero: true })
    const s = await read(alice)
    const wbtc = s.reserves.find((r) => r.symbol === 'WBTC')
    expect(wbtc?.configuration !== undefined && wbtc.configuration & 0xffffn).toBe(0n)
    expect(wbtc?.pendingLtv).toBe(7000n)
    expect(recomputeUserAccountData(s).hasZeroLtvCollateral).toBe(true)
    expectAccountDataRecomputed(s)
    // Setting the same state again changes nothing and reverts.
    await expect(setReserveLtvzero(client, market, { symbol: 'WBTC', ltvzero: true })).rejects.toMatchObject({
      errorName: 'InvalidLtvzeroState',
    })
    await setReserveLtvzero(client, market, { symbol: 'WBTC', ltvzero: false })
    const restored = (await read(alice)).reserves.find((r) => r.symbol === 'WBTC')
    expect(restored?.configuration !== undefined && restored.configuration & 0xffffn).toBe(7000n)
    expect(restored?.pendingLtv).toBe(0n)
  })

  it('refuses to enter an e-mode in which a collateral has LTV zero (InvalidCollateralInEmode)', async () => {
    await setAssetLtvzeroInEMode(client, market, { symbol: 'WSTETH', categoryId: ORIGIN_ETH_EMODE, ltvzero: true })
    await supply(client, market, { user: carol, symbol: 'WSTETH', amount: whole('WSTETH', 1n) })
    await expect(setUserEMode(client, market, { user: carol, categoryId: ORIGIN_ETH_EMODE })).rejects.toMatchObject({
      errorName: 'InvalidCollateralInEmode',
      args: [market.reserves.WSTETH?.underlying, BigInt(ORIGIN_ETH_EMODE)],
    })
  })

  it('an aToken transfer clears the sender flag on a full transfer and never sets the receiver flag', async () => {
    await supply(client, market, { user: alice, symbol: 'USDC', amount: whole('USDC', 1_000n) })
    const aliceBefore = await read(alice)
    const usdc = aliceBefore.reserves.find((r) => r.symbol === 'USDC')
    expect(usdc?.user.usageAsCollateralEnabled).toBe(true)
    const aTokenBalance = await client.readContract({
      address: market.reserves.USDC?.aToken as Address,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [alice],
    })
    expect(aTokenBalance).toBe(whole('USDC', 1_000n))
    await transferAToken(client, market, { from: alice, to: carol, symbol: 'USDC', amount: aTokenBalance })
    const [aliceAfter, carolAfter] = [await read(alice), await read(carol)]
    expect(aliceAfter.userConfiguration).toBe(0n)
    const carolUsdc = carolAfter.reserves.find((r) => r.symbol === 'USDC')
    expect(carolUsdc?.user.scaledATokenBalance).toBe(usdc?.user.scaledATokenBalance)
    expect(carolUsdc?.user.usageAsCollateralEnabled).toBe(false)
    expect(carolAfter.userAccountData.totalCollateralBase).toBe(0n)
  })
})

describe('liquidationCall', () => {
  it('reverts with HealthFactorNotBelowThreshold above HF 1', async () => {
    await openAlice()
    expect((await read(alice)).userAccountData.healthFactor).toBeGreaterThan(WAD)
    const error = await liquidationCall(client, market, {
      liquidator,
      user: alice,
      collateralSymbol: 'WBTC',
      debtSymbol: 'DAI',
      debtToCover: maxUint256,
    }).catch((e) => e)
    expect(error).toBeInstanceOf(AaveOriginRevertError)
    expect(error.errorName).toBe('HealthFactorNotBelowThreshold')
    expect(error.receipt.status).toBe('reverted')
  })

  it('liquidates an account pushed below HF 1 after 30 days and a price drop', async () => {
    await openAlice()
    await warp(client, { seconds: 30 * 24 * 3600 })
    await setPrice(client, market, { symbol: 'WBTC', priceRaw: 45_000_00000000n })
    await client.mine({ blocks: 1 })
    const before = await read(alice)
    expectAccountDataRecomputed(before)
    expect(before.userAccountData.healthFactor).toBeLessThan(WAD)

    const liquidatorDaiBefore = await balanceOf(client, market, { user: liquidator, symbol: 'DAI' })
    const { receipt, event } = await liquidationCall(client, market, {
      liquidator,
      user: alice,
      collateralSymbol: 'WBTC',
      debtSymbol: 'DAI',
      debtToCover: maxUint256,
    })
    expect(receipt.status).toBe('success')
    expect(event).toMatchObject({
      collateralAsset: market.reserves.WBTC?.underlying,
      debtAsset: market.reserves.DAI?.underlying,
      user: alice,
      liquidator,
      receiveAToken: false,
    })
    // HF < 0.95: the whole DAI debt is repaid (close factor 100%), paid by the liquidator to the wei.
    expect(event.debtToCover).toBeGreaterThan(whole('DAI', 30_000n))
    expect(await balanceOf(client, market, { user: liquidator, symbol: 'DAI' })).toBe(
      liquidatorDaiBefore - event.debtToCover,
    )
    expect(event.liquidatedCollateralAmount).toBeGreaterThan(0n)
    const after = await read(alice)
    expect(after.reserves.find((r) => r.symbol === 'DAI')?.user.scaledVariableDebt).toBe(0n)
    expectAccountDataRecomputed(after)
  })
})

describe('seedOriginDemo', () => {
  it('opens an e-mode LTV-zero position, one under USD 2,000 and one just above HF 0.95', async () => {
    const demo = await seedOriginDemo(client, market, { eModeLtvzero: bob, small: carol, nearLiquidation: alice })
    const bobState = await read(bob)
    expect(recomputeUserAccountData(bobState).hasZeroLtvCollateral).toBe(true)
    expect(demo.eModeLtvzero.healthFactor).toBeGreaterThan(WAD)
    expect(demo.small.totalCollateralBase).toBeLessThan(2_000n * 10n ** 8n)
    expect(demo.small.totalDebtBase).toBeLessThan(2_000n * 10n ** 8n)
    expect(demo.small.healthFactor).toBeGreaterThan(WAD)
    expect(demo.nearLiquidation.healthFactor).toBeGreaterThanOrEqual(955n * 10n ** 15n)
    expect(demo.nearLiquidation.healthFactor).toBeLessThan(956n * 10n ** 15n)
    const nearState = await read(alice)
    expectAccountDataRecomputed(nearState)
  })
})
