/**
 * The engine against the real Aave v3.6 contracts (@aave-dao/aave-v3-origin@3.6.0 compiled from source,
 * test/harness/aave-origin), read through Solvent's own adapter (readAaveReferences + readAaveUsers over
 * Multicall3, the rules found from POOL_REVISION):
 *
 * - random accounts over 6, 8 and 18 decimal assets, in and out of e-mode, after interest accrues and
 *   after an e-mode LTV-zero flag: `computeUserAccountData` equals `Pool.getUserAccountData` to the wei;
 * - the reported liquidation price: `liquidationCall` reverts one oracle unit before it and succeeds at it;
 * - `computeLiquidationCall` equals real `liquidationCall` outcomes (repaid debt, seized collateral, the
 *   treasury's fee, reserve deficits) in the 50 % case, the 100 % cases (HF ≤ 0.95, a reserve under
 *   USD 2,000), the leftover rule and a liquidation that creates deficits.
 *
 * Every liquidation is mined at a pinned timestamp one second after the block the snapshot was read at,
 * and the engine is asked for that second, so interest is part of what must match.
 */
import { type Address, erc20Abi, parseAbi, parseEventLogs } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import { getChainConfig } from '../../../src/chains/getChainConfig'
import {
  type AaveV3Snapshot,
  computeLiquidationCall,
  computeLiquidationPrice,
  computeUserAccountData,
  computeUserReserves,
  MAX_UINT256,
} from '../../../src/engine/aave-v3'
import { D, toRaw } from '../../../src/engine/decimal'
import { poolAbi } from '../../../src/protocols/aave-v3/abi'
import { readAaveReferences } from '../../../src/protocols/aave-v3/readAaveReferences'
import { readAaveUsers } from '../../../src/protocols/aave-v3/readAaveUsers'
import type { AaveReference } from '../../../src/protocols/aave-v3/types'
import { type Anvil, type AnvilClient, createAnvilClient, startAnvil } from '../../harness/aave'
import {
  type AaveOriginMarket,
  AaveOriginRevertError,
  borrow,
  deployAaveOriginMarket,
  fund,
  liquidationCall,
  ORIGIN_ETH_EMODE,
  ORIGIN_MARKET,
  ORIGIN_STABLE_EMODE,
  provideOriginLiquidity,
  setAssetLtvzeroInEMode,
  setPrice,
  setUserEMode,
  supply,
  transferAToken,
  warp,
} from '../../harness/aave-origin'
import { deployMulticall3 } from '../../harness/chains/deployMulticall3'

/** The sandbox chain id that has Multicall3 in Solvent's chain definitions: the adapter reads in one request. */
const CHAIN_ID = 31337
const USERS = 12
const deficitAbi = parseAbi(['function getReserveDeficit(address asset) view returns (uint256)'])

let anvil: Anvil
let client: AnvilClient
let market: AaveOriginMarket
let reference: AaveReference
let users: Address[]
let liquidator: Address
let baseline: `0x${string}`

const config = () =>
  getChainConfig({ RPC_URLS: JSON.stringify({ [CHAIN_ID]: [anvil.rpcUrl] }), RPC_TIMEOUT_MS: '120000' })
const reserve = (symbol: string) => {
  const found = market.reserves[symbol]
  if (!found) throw new Error(`no reserve ${symbol}`)
  return found
}
const whole = (symbol: string, amount: string | number | bigint) => {
  const [int = '0', fraction = ''] = String(amount).split('.')
  const decimals = reserve(symbol).decimals
  return BigInt(int + fraction.padEnd(decimals, '0').slice(0, decimals))
}

/** The adapter's snapshot of `user` at the latest block. */
async function snapshotOf(user: Address): Promise<AaveV3Snapshot> {
  const [result] = await readAaveUsers({ config: config(), requests: [{ reference, account: user }] })
  if (result?.status !== 'ok' || !result.snapshot) throw new Error(`no snapshot for ${user}`)
  return result.snapshot
}

async function poolAccountData(user: Address, blockNumber: bigint) {
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

async function expectEngineEqualsPool(user: Address) {
  const snapshot = await snapshotOf(user)
  expect(snapshot.rules).toBe('v3.6')
  const { hasZeroLtvCollateral: _, ...engine } = computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec })
  expect(engine, user).toEqual(await poolAccountData(user, BigInt(snapshot.blockNumber ?? '0')))
  return snapshot
}

/** Mines the next transaction one second after the latest block; returns that second. */
async function pinNextSecond(): Promise<number> {
  const latest = await client.getBlock({ blockTag: 'latest' })
  const next = latest.timestamp + 1n
  await client.setNextBlockTimestamp({ timestamp: next })
  return Number(next)
}

async function revertTo(id: `0x${string}`) {
  await client.revert({ id })
  forgetEndpointHealth() // the chain went back: its head is lower than the transport has seen
}

beforeAll(async () => {
  anvil = await startAnvil({ chainId: CHAIN_ID, args: ['--accounts', String(USERS + 3)] })
  client = createAnvilClient(anvil)
  await deployMulticall3(client)
  market = await deployAaveOriginMarket(client, ORIGIN_MARKET)
  const [, provider, keeper, ...rest] = await client.getAddresses()
  if (!provider || !keeper || rest.length < USERS) throw new Error('anvil has too few dev accounts')
  users = rest.slice(0, USERS)
  liquidator = keeper
  await provideOriginLiquidity(client, market, provider)
  for (const symbol of ['USDC', 'DAI', 'WETH'])
    await fund(client, market, { user: liquidator, symbol, amount: whole(symbol, 10_000_000) })
  const [read] = await readAaveReferences({
    config: config(),
    markets: [{ chainId: CHAIN_ID, market: 'Origin', poolAddressesProvider: market.addressesProvider }],
  })
  if (read?.status !== 'ok') throw new Error('no reference')
  reference = read.reference
  baseline = await client.snapshot()
}, 600_000)

afterAll(async () => {
  await anvil?.stop()
})

describe('the adapter on a v3.6 Pool', () => {
  it('finds the release from POOL_REVISION and reads the e-mode categories with their bitmaps', () => {
    expect(reference).toMatchObject({ rules: 'v3.6', poolRevision: 10, rulesProven: true })
    expect(reference.eModeCategories.map((c) => c.id)).toEqual([ORIGIN_ETH_EMODE, ORIGIN_STABLE_EMODE])
  })
})

/** A small deterministic PRNG (mulberry32): the same accounts on every run. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

describe('random accounts: the engine equals Pool.getUserAccountData to the wei', { timeout: 600_000 }, () => {
  const PLAIN_COLLATERAL = ['WETH', 'WSTETH', 'USDC', 'DAI', 'WBTC']
  const PLAIN_DEBT = ['USDC', 'DAI', 'WETH', 'WBTC']
  const PRICE: Record<string, number> = { WETH: 3000, WSTETH: 3400, USDC: 1, DAI: 0.9998, WBTC: 60000 }

  beforeEach(async () => {
    await revertTo(baseline)
    baseline = await client.snapshot()
  })

  it('over 6/8/18-decimal assets, in and out of e-mode, as interest accrues and a category flags an asset LTV zero', async () => {
    const next = random(20261205)
    const pick = <item>(items: readonly item[]) => items[Math.floor(next() * items.length)] as item
    for (const [k, user] of users.entries()) {
      const mode = k % 3 === 0 ? ORIGIN_ETH_EMODE : k % 3 === 1 ? ORIGIN_STABLE_EMODE : 0
      const collateral =
        mode === ORIGIN_ETH_EMODE
          ? ['WETH', 'WSTETH']
          : mode === ORIGIN_STABLE_EMODE
            ? ['USDC', 'DAI']
            : [pick(PLAIN_COLLATERAL), pick(PLAIN_COLLATERAL)]
      const debt =
        mode === ORIGIN_ETH_EMODE ? 'WETH' : mode === ORIGIN_STABLE_EMODE ? pick(['USDC', 'DAI']) : pick(PLAIN_DEBT)
      if (mode !== 0) await setUserEMode(client, market, { user, categoryId: mode })
      let valueUsd = 0
      for (const symbol of new Set(collateral)) {
        const usdAmount = 2_000 + Math.floor(next() * 60_000)
        valueUsd += usdAmount
        await supply(client, market, {
          user,
          symbol,
          amount: whole(symbol, (usdAmount / (PRICE[symbol] ?? 1)).toFixed(6)),
        })
      }
      // Borrow 20–80 % of what the account may borrow (below the liquidation threshold).
      const { availableBorrowsBase } = await poolAccountData(user, await client.getBlockNumber())
      const share = 0.2 + next() * 0.6
      const borrowUsd = (Number(availableBorrowsBase) / 1e8) * share
      const amount = whole(debt, (borrowUsd / (PRICE[debt] ?? 1)).toFixed(6))
      // Collateral the category flags LTV zero gives no borrowing power: such an account borrows nothing.
      if (amount > 0n) await borrow(client, market, { user, symbol: debt, amount })
      expect(valueUsd).toBeGreaterThan(borrowUsd)
    }
    for (const user of users) await expectEngineEqualsPool(user)
    for (const days of [1, 7, 30]) {
      await warp(client, { seconds: days * 86_400 })
      for (const user of users) await expectEngineEqualsPool(user)
    }
    // The admin flags WSTETH LTV zero in the ETH category (v3.6): those users' LTV falls, their health does not.
    await setAssetLtvzeroInEMode(client, market, { symbol: 'WSTETH', categoryId: ORIGIN_ETH_EMODE, ltvzero: true })
    const flagged = users.filter((_, k) => k % 3 === 0)
    for (const user of flagged) {
      const snapshot = await expectEngineEqualsPool(user)
      expect(computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec }).hasZeroLtvCollateral).toBe(true)
    }
  })
})

describe('collateral is what the user enabled, never what it holds', { timeout: 600_000 }, () => {
  beforeEach(async () => {
    await revertTo(baseline)
    baseline = await client.snapshot()
  })

  it('aTokens received by transfer are not collateral (v3.6): the engine leaves them out as the Pool does', async () => {
    const [sender, receiver] = users as [Address, Address]
    await supply(client, market, { user: sender, symbol: 'WETH', amount: whole('WETH', 5) })
    await supply(client, market, { user: receiver, symbol: 'USDC', amount: whole('USDC', 10_000) })
    await borrow(client, market, { user: receiver, symbol: 'DAI', amount: whole('DAI', 5_000) })
    await transferAToken(client, market, { from: sender, to: receiver, symbol: 'WETH', amount: whole('WETH', 2) })
    const snapshot = await expectEngineEqualsPool(receiver)
    const weth = snapshot.reserves.find((r) => r.symbol === 'WETH')
    expect(BigInt(weth?.user.scaledATokenBalance ?? '0')).toBeGreaterThan(0n)
    expect(weth?.user.usageAsCollateralEnabled).toBe(false)
    // Only the USDC backs the debt: 10,000 × 78 % against ~5,000 DAI.
    expect(computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec }).totalCollateralBase).toBe(10_000_00000000n)
  })
})

type Case = {
  user: Address
  collateral: string
  debt: string
}

/** Opens `collateralAmount` of collateral and the `borrows` for `user`, then lets a month of interest accrue. */
async function open(user: Address, collateral: string, collateralAmount: string, borrows: [string, string][]) {
  await supply(client, market, { user, symbol: collateral, amount: whole(collateral, collateralAmount) })
  for (const [symbol, amount] of borrows) await borrow(client, market, { user, symbol, amount: whole(symbol, amount) })
  // A month of interest: indexes far from 1, so every rounding direction shows in the amounts.
  await warp(client, { seconds: 30 * 86_400 })
}

/** Liquidates on chain one second after the latest block and returns what happened, next to the engine's prediction. */
async function liquidateBoth({ user, collateral, debt }: Case, debtToCover: bigint) {
  const snapshot = await snapshotOf(user)
  const nowSec = await pinNextSecond()
  const predicted = computeLiquidationCall({
    snapshot,
    nowSec,
    collateralAsset: reserve(collateral).underlying,
    debtAsset: reserve(debt).underlying,
    debtToCover,
  })
  const deficitsBefore = await deficits()
  try {
    const { receipt, event } = await liquidationCall(client, market, {
      liquidator,
      user,
      collateralSymbol: collateral,
      debtSymbol: debt,
      debtToCover,
    })
    const transfers = parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: receipt.logs })
    const fee = transfers.find(
      (log) =>
        log.address.toLowerCase() === reserve(collateral).aToken.toLowerCase() &&
        log.args.from.toLowerCase() === user.toLowerCase() &&
        log.args.to.toLowerCase() === market.treasury.toLowerCase(),
    )
    const deficitsAfter = await deficits()
    const created = Object.keys(deficitsAfter)
      .filter((symbol) => (deficitsAfter[symbol] ?? 0n) > (deficitsBefore[symbol] ?? 0n))
      .map((symbol) => ({
        asset: reserve(symbol).underlying,
        amount: (deficitsAfter[symbol] ?? 0n) - (deficitsBefore[symbol] ?? 0n),
      }))
    return {
      predicted,
      actual: {
        status: 'ok' as const,
        debtToRepay: event.debtToCover,
        collateralToLiquidator: event.liquidatedCollateralAmount,
        protocolFee: fee?.args.value ?? 0n,
        deficits: created,
      },
    }
  } catch (error) {
    if (!(error instanceof AaveOriginRevertError)) throw error
    return { predicted, actual: { status: 'reverted' as const, errorName: error.errorName } }
  }
}

async function deficits(): Promise<Record<string, bigint>> {
  const out: Record<string, bigint> = {}
  for (const symbol of Object.keys(market.reserves))
    out[symbol] = await client.readContract({
      address: market.pool,
      abi: deficitAbi,
      functionName: 'getReserveDeficit',
      args: [reserve(symbol).underlying],
    })
  return out
}

/** Sets the price of `symbol` so that the user's health factor is about `target`, and returns it. */
async function moveToHealthFactor(user: Address, symbol: string, target: number) {
  const snapshot = await snapshotOf(user)
  const hf = Number(computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec }).healthFactor) / 1e18
  const current = toRaw(new D(snapshot.prices[symbol]?.priceUsd ?? '0'), 8)
  expect(current).toBeGreaterThan(0n)
  const moved = (current * BigInt(Math.round((target / hf) * 1e6))) / 1_000_000n
  await setPrice(client, market, { symbol, priceRaw: moved })
  const after = await snapshotOf(user)
  return Number(computeUserAccountData({ snapshot: after, nowSec: after.asOfSec }).healthFactor) / 1e18
}

const outcome = (predicted: ReturnType<typeof computeLiquidationCall>) =>
  predicted.status === 'ok'
    ? {
        status: 'ok',
        debtToRepay: predicted.debtToRepay,
        collateralToLiquidator: predicted.collateralToLiquidator,
        protocolFee: predicted.protocolFee,
        deficits: predicted.deficits,
      }
    : { status: 'reverted', reason: predicted.reason }

describe('liquidationCall: the engine’s amounts are the Pool’s', { timeout: 600_000 }, () => {
  beforeEach(async () => {
    await revertTo(baseline)
    baseline = await client.snapshot()
  })

  it('50 % case: HF in (0.95, 1), both reserves over USD 2,000 (8-decimal collateral with a protocol fee, 6-decimal debt)', async () => {
    const user = users[0] as Address
    await open(user, 'WBTC', '1', [['USDC', '40000']])
    const hf = await moveToHealthFactor(user, 'WBTC', 0.97)
    expect(hf).toBeGreaterThan(0.95)
    expect(hf).toBeLessThan(1)
    const { predicted, actual } = await liquidateBoth({ user, collateral: 'WBTC', debt: 'USDC' }, MAX_UINT256)
    expect(actual).toEqual(outcome(predicted))
    if (predicted.status !== 'ok') return
    // Half of the position's debt value, not all of it; the treasury took its share of the bonus.
    expect(predicted.debtToRepay * 2n).toBeLessThanOrEqual(whole('USDC', 40_001))
    expect(predicted.debtToRepay * 2n).toBeGreaterThan(whole('USDC', 39_999))
    expect(predicted.protocolFee).toBeGreaterThan(0n)
  })

  it('100 % case: HF ≤ 0.95 (18-decimal collateral and debt)', async () => {
    const user = users[1] as Address
    await open(user, 'WETH', '10', [['DAI', '20000']])
    expect(await moveToHealthFactor(user, 'WETH', 0.94)).toBeLessThanOrEqual(0.95)
    const { predicted, actual } = await liquidateBoth({ user, collateral: 'WETH', debt: 'DAI' }, MAX_UINT256)
    expect(actual).toEqual(outcome(predicted))
    expect(predicted).toMatchObject({ status: 'ok', debtFullyRepaid: true })
  })

  it('100 % case: a reserve under USD 2,000 at HF 0.97', async () => {
    const user = users[2] as Address
    await open(user, 'WETH', '1', [['USDC', '1500']])
    const hf = await moveToHealthFactor(user, 'WETH', 0.97)
    expect(hf).toBeGreaterThan(0.95)
    const { predicted, actual } = await liquidateBoth({ user, collateral: 'WETH', debt: 'USDC' }, MAX_UINT256)
    expect(actual).toEqual(outcome(predicted))
    expect(predicted).toMatchObject({ status: 'ok', debtFullyRepaid: true })
  })

  it('the leftover rule: leaving under USD 1,000 of debt reverts MustNotLeaveDust, at USD 1,000 it does not', async () => {
    const user = users[3] as Address
    await open(user, 'WETH', '10', [['USDC', '20000']])
    await moveToHealthFactor(user, 'WETH', 0.94)
    const here = await client.snapshot()
    const dust = await liquidateBoth({ user, collateral: 'WETH', debt: 'USDC' }, whole('USDC', 19_500))
    expect(dust.actual).toEqual({ status: 'reverted', errorName: 'MustNotLeaveDust' })
    expect(outcome(dust.predicted)).toEqual({ status: 'reverted', reason: 'must-not-leave-dust' })
    await revertTo(here)
    // Interest makes the debt a little over 20,000: leave a round USD 1,100.
    const fine = await liquidateBoth({ user, collateral: 'WETH', debt: 'USDC' }, whole('USDC', 18_900))
    expect(fine.actual).toEqual(outcome(fine.predicted))
    expect(fine.predicted.status).toBe('ok')
  })

  it('the last collateral taken: the remaining debts become reserve deficits', async () => {
    const user = users[4] as Address
    await open(user, 'WETH', '1', [
      ['USDC', '1800'],
      ['DAI', '200'],
    ])
    expect(await moveToHealthFactor(user, 'WETH', 0.7)).toBeLessThan(0.95)
    const { predicted, actual } = await liquidateBoth({ user, collateral: 'WETH', debt: 'USDC' }, MAX_UINT256)
    expect(actual).toEqual(outcome(predicted))
    expect(predicted).toMatchObject({ status: 'ok', badDebtWrittenOff: true, collateralFullyLiquidated: true })
    if (predicted.status === 'ok')
      expect(predicted.deficits.map((d) => d.asset)).toEqual([reserve('USDC').underlying, reserve('DAI').underlying])
  })
})

describe('the reported liquidation price is where the Pool starts to liquidate', { timeout: 600_000 }, () => {
  beforeEach(async () => {
    await revertTo(baseline)
    baseline = await client.snapshot()
  })

  it.each([
    ['WETH', '10', 'USDC', '18000'],
    ['WBTC', '1', 'DAI', '30000'],
  ])('%s collateral: reverts one oracle unit above, succeeds at it', async (collateral, amount, debt, borrowed) => {
    const user = users[5] as Address
    await open(user, collateral, amount, [[debt, borrowed]])
    const snapshot = await snapshotOf(user)
    const here = await client.snapshot()
    const nowSec = await pinNextSecond()
    const found = computeLiquidationPrice({
      userReserves: computeUserReserves({ snapshot, nowSec }).reserves,
      priceKey: collateral,
      baseCurrencyDecimals: 8,
      protocolFavourRounding: true,
    })
    if (found.kind !== 'price') throw new Error(`no liquidation price: ${JSON.stringify(found)}`)
    const priceRaw = toRaw(found.priceUsd, 8)
    const attempt = async (price: bigint) => {
      await setPrice(client, market, { symbol: collateral, priceRaw: price })
      try {
        await liquidationCall(client, market, {
          liquidator,
          user,
          collateralSymbol: collateral,
          debtSymbol: debt,
          debtToCover: whole(debt, 100),
        })
        return 'liquidated'
      } catch (error) {
        if (error instanceof AaveOriginRevertError) return error.errorName
        throw error
      }
    }
    expect(await attempt(priceRaw + 1n)).toBe('HealthFactorNotBelowThreshold')
    await revertTo(here)
    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
    expect(await attempt(priceRaw)).toBe('liquidated')
  })
})
