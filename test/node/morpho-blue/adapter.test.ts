/**
 * The Morpho Blue adapter on a real deployment (anvil, Morpho compiled from its npm sources):
 * one source per chain listing its markets, one margin account per market the account holds
 * something in, reference data read once and then cached (isolate, then the shared cache), a
 * listed market that does not exist failing its source alone, and the portfolio (the domain layer
 * behind `account` and `portfolio`, minus the D1 cache) summing Morpho under its own protocol.
 */
import { type Address, getAddress, type Hex, padHex } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import { computeOraclePrice, dec, evaluateMarginAccount, type MorphoBlueSnapshot } from '../../../src/engine'
import { computeAccruedMarket } from '../../../src/engine/morpho-blue'
import { getPortfolio } from '../../../src/portfolio/getPortfolio'
import { clearMorphoReferenceCache, morphoBlue } from '../../../src/protocols/morpho-blue'
import { morphoIrmAbi } from '../../../src/protocols/morpho-blue/abi'
import type { AccountRef, ReadContext, ReferenceCache, SourceResult } from '../../../src/protocols/types'
import { createSourceLoader } from '../../../src/sources/createSourceLoader'
import {
  type Anvil,
  type AnvilClient,
  createAnvilClient,
  installPriceFeed,
  setPriceFeedAnswer,
  startAnvil,
} from '../../harness/aave'
import {
  borrow,
  deployMorphoBlue,
  type MorphoDeployment,
  morphoMarketsVar,
  readMorphoState,
  SANDBOX_MORPHO,
  supplyCollateral,
  supplyLoan,
} from '../../harness/morpho'

const CHAIN_ID = 31342
let anvil: Anvil
let client: AnvilClient
let deployment: MorphoDeployment
let alice: Address
let bob: Address
let wethId: Hex
let wbtcId: Hex

beforeAll(async () => {
  anvil = await startAnvil({ chainId: CHAIN_ID }) // not predefined by the app: reads go deployless
  client = createAnvilClient(anvil)
  deployment = await deployMorphoBlue(client, SANDBOX_MORPHO)
  const weth = deployment.markets['WETH/USDC']
  const wbtc = deployment.markets['WBTC/USDC']
  const [, lender, user, other] = await client.getAddresses()
  if (!weth || !wbtc || !lender || !user || !other) throw new Error('setup failed')
  alice = user
  bob = other
  wethId = weth.id
  wbtcId = wbtc.id
  for (const market of [weth, wbtc]) await supplyLoan(client, deployment, { market, user: lender, amount: 10n ** 12n })
  await supplyCollateral(client, deployment, { market: weth, user: alice, amount: 10n * 10n ** 18n })
  await borrow(client, deployment, { market: weth, user: alice, amount: 15_000n * 10n ** 6n })
  await supplyCollateral(client, deployment, { market: wbtc, user: alice, amount: 50_000_000n })
  await borrow(client, deployment, { market: wbtc, user: alice, amount: 20_000n * 10n ** 6n })
  await client.increaseTime({ seconds: 7 * 86_400 })
  await client.mine({ blocks: 1 })
})

afterAll(async () => {
  await anvil?.stop()
})

beforeEach(() => {
  clearMorphoReferenceCache()
  forgetEndpointHealth()
})

const env = (marketIds?: readonly Hex[]) =>
  ({
    RPC_URLS: JSON.stringify({ [CHAIN_ID]: [anvil.rpcUrl] }),
    MORPHO_MARKETS: JSON.stringify(
      marketIds
        ? marketIds.map((marketId) => ({ chainId: CHAIN_ID, morpho: deployment.morpho, marketId }))
        : morphoMarketsVar(deployment, CHAIN_ID),
    ),
    ASSET_OVERRIDES: '',
  }) as unknown as Env

const evm = (address: Address): AccountRef => ({ kind: 'evm', address: getAddress(address) })

/** A fetch that counts the JSON-RPC `eth_call`s and `eth_getLogs` it carries (batched or not). */
function countingFetch() {
  const counter = { ethCalls: 0, getLogs: 0 }
  const wrapped: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const calls = Array.isArray(body) ? body : body ? [body] : []
    counter.ethCalls += calls.filter((call) => (call as { method?: string }).method === 'eth_call').length
    counter.getLogs += calls.filter((call) => (call as { method?: string }).method === 'eth_getLogs').length
    return await fetch(input, init)
  }
  return { counter, fetch: wrapped }
}

async function read(account: Address, context: Partial<ReadContext> = {}, marketIds?: readonly Hex[]) {
  const e = env(marketIds)
  const sources = morphoBlue.sources(evm(account), e)
  expect(sources).toEqual([{ venue: 'morpho-blue', chainId: CHAIN_ID, account: evm(account) }])
  const [result] = await morphoBlue.read(sources, { env: e, fetch, nowMs: Date.now(), ...context })
  if (!result) throw new Error('no result')
  return result
}

function ok(result: SourceResult) {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result
}

describe('morpho-blue adapter', () => {
  it('reads one margin account per market held, the market as the contract accrues it to that block', async () => {
    const result = ok(await read(alice))
    const snapshots = result.snapshots.map((entry) => entry.snapshot as MorphoBlueSnapshot)
    expect(snapshots.map((snapshot) => snapshot.marginAccountId)).toEqual([`market:${wethId}`, `market:${wbtcId}`])
    const block = await client.getBlock()
    expect(result.asOfSec).toBe(Number(block.timestamp))
    for (const [snapshot, name] of [
      [snapshots[0], 'WETH/USDC'],
      [snapshots[1], 'WBTC/USDC'],
    ] as const) {
      const market = deployment.markets[name]
      if (!snapshot || !market) throw new Error('missing')
      const chain = await readMorphoState(client, deployment, { market, user: alice })
      // The stored market accrued to the block's time at the IRM's rate (the engine's accrual, which
      // test/node/morpho-blue/morphoBlue.test.ts holds to the contract's): what `accrueInterest` leaves.
      const borrowRate = await client.readContract({
        address: deployment.irm,
        abi: morphoIrmAbi,
        functionName: 'borrowRateView',
        args: [market.params, chain.market],
      })
      const accrued = computeAccruedMarket({ market: chain.market, borrowRate, nowSec: block.timestamp }).market
      expect(accrued.lastUpdate).toBe(block.timestamp)
      expect(snapshot.market).toEqual({
        totalSupplyAssets: accrued.totalSupplyAssets.toString(),
        totalSupplyShares: accrued.totalSupplyShares.toString(),
        totalBorrowAssets: accrued.totalBorrowAssets.toString(),
        totalBorrowShares: accrued.totalBorrowShares.toString(),
        lastUpdate: Number(block.timestamp),
        fee: '0',
      })
      // Nothing is left to accrue from lastUpdate to the snapshot's time.
      expect(snapshot.borrowRate).toBe('0')
      expect(snapshot.position).toEqual({
        supplyShares: '0',
        borrowShares: chain.position.borrowShares.toString(),
        collateral: chain.position.collateral.toString(),
      })
      expect(snapshot.prices.USDC).toMatchObject({ priceUsd: '1', source: 'par', class: 'stable' })
    }
    expect(snapshots[0]?.prices.WETH).toMatchObject({ priceUsd: '3000', class: 'crypto' })
    expect(snapshots[0]?.prices.WETH?.asset?.underlying).toBe('ETH')
    expect(snapshots[1]?.prices.WBTC).toMatchObject({ priceUsd: '60000', class: 'crypto' })
    expect(snapshots[1]?.prices.WBTC?.asset?.underlying).toBe('BTC')
  })

  it('an account holding nothing is an ok source without margin accounts', async () => {
    expect(ok(await read(bob)).snapshots).toEqual([])
  })

  it('reads references once: 2 eth_calls for them, then 1 per read (accrual, markets and positions together)', async () => {
    const first = countingFetch()
    ok(await read(alice, { fetch: first.fetch }))
    expect(first.counter.ethCalls).toBe(3)
    const second = countingFetch()
    ok(await read(alice, { fetch: second.fetch }))
    expect(second.counter.ethCalls).toBe(1)

    // Another isolate finds them in the shared reference cache.
    const stored = new Map<string, unknown>()
    const referenceCache: ReferenceCache = {
      getMany: async (keys) => new Map(keys.flatMap((key) => (stored.has(key) ? [[key, stored.get(key)]] : []))),
      set: async (key, value) => {
        stored.set(key, JSON.parse(JSON.stringify(value)))
      },
    }
    clearMorphoReferenceCache()
    ok(await read(alice, { referenceCache }))
    expect(stored.size).toBe(2)
    clearMorphoReferenceCache()
    const third = countingFetch()
    ok(await read(alice, { fetch: third.fetch, referenceCache }))
    expect(third.counter.ethCalls).toBe(1)
  })

  it('a listed market that does not exist fails the source with NOT_FOUND', async () => {
    const unknown = padHex('0x1234', { size: 32 })
    const result = await read(alice, {}, [wethId, unknown])
    expect(result.status).toBe('error')
    if (result.status === 'error') {
      expect(result.error.code).toBe('NOT_FOUND')
      expect(result.error.message).toContain(unknown)
    }
  })

  it('the portfolio shows both markets under morpho-blue, totals equal to the sum of their reports', async () => {
    const e = env()
    const context: ReadContext = { env: e, fetch, nowMs: Date.now() }
    const adapters = { 'morpho-blue': morphoBlue }
    const view = await getPortfolio(
      {
        env: e,
        adapters,
        nowMs: context.nowMs,
        loadSources: createSourceLoader({ db: undefined as never, adapters, context, cache: false }),
      },
      { accounts: [evm(alice)], filters: { maxAgeSeconds: 0 } },
    )
    expect(view.sources.map((source) => source.status)).toEqual(['ok'])
    expect(view.marginAccounts.map((account) => account.report.model)).toEqual(['morpho-blue', 'morpho-blue'])
    const [row] = view.summary.byProtocol
    expect(row?.protocol).toBe('morpho-blue')
    expect(row?.marginAccountCount).toBe(2)
    const equity = view.marginAccounts.reduce((sum, account) => sum.add(account.report.equityUsd), dec('0'))
    expect(row?.equityUsd.eq(equity)).toBe(true)
    // 10 WETH at 3,000 + 0.5 WBTC at 60,000 − about 35,000 USDC of debt.
    expect(equity.gt('24900') && equity.lt('25000')).toBe(true)
  })

  it('prices the loan token from its Chainlink USD feed when listed with one, in the same block, and reports the feed', async () => {
    const feed = getAddress('0x00000000000000000000000000000000000feed1')
    await installPriceFeed(client, feed, 99_980_000n) // 0.9998 USD, 8 decimals
    const e = {
      ...env(),
      MORPHO_MARKETS: JSON.stringify([
        { chainId: CHAIN_ID, morpho: deployment.morpho, marketId: wethId, loanUsdFeed: feed },
      ]),
    } as unknown as Env
    const sources = morphoBlue.sources(evm(alice), e)
    const [result] = await morphoBlue.read(sources, { env: e, fetch, nowMs: Date.now() })
    if (!result) throw new Error('no result')
    const read = ok(result)
    const snapshot = read.snapshots[0]?.snapshot as MorphoBlueSnapshot
    expect(snapshot.prices.USDC).toMatchObject({ priceUsd: '0.9998', source: `chainlink ${feed}` })
    expect(snapshot.prices.WETH?.priceUsd).toBe('2999.4')
    // The health does not depend on the USD price of the loan token: the oracle integer is the same.
    expect(computeOraclePrice({ snapshot })).toBe(3_000n * 10n ** 24n)
    expect(evaluateMarginAccount({ snapshot, nowSec: snapshot.asOfSec }).liquidatable).toBe(false)
    expect(read.inputs?.feeds).toEqual([{ asset: 'USDC', feed, answer: '99980000', updatedAtSec: read.asOfSec }])

    await setPriceFeedAnswer(client, feed, 0n)
    const [broken] = await morphoBlue.read(sources, { env: e, fetch, nowMs: Date.now() })
    expect(broken?.status).toBe('error')
    if (broken?.status === 'error') expect(broken.error.message).toMatch(/USD feed of USDC answered 0/)
  })

  describe('discovery from Morpho logs (MORPHO_DISCOVERY)', () => {
    const discoveryEnv = (discovery: Record<string, unknown> = {}, listed: readonly Hex[] = []) =>
      ({
        ...env(listed),
        MORPHO_MARKETS: listed.length === 0 ? '' : env(listed).MORPHO_MARKETS,
        MORPHO_DISCOVERY: JSON.stringify([
          { chainId: CHAIN_ID, morpho: deployment.morpho, fromBlock: 0, ...discovery },
        ]),
      }) as unknown as Env

    async function readWith(e: Env, account: Address, context: Partial<ReadContext> = {}) {
      const sources = morphoBlue.sources(evm(account), e)
      expect(sources).toEqual([{ venue: 'morpho-blue', chainId: CHAIN_ID, account: evm(account) }])
      const [result] = await morphoBlue.read(sources, { env: e, fetch, nowMs: Date.now(), ...context })
      if (!result) throw new Error('no result')
      return result
    }
    const ids = (result: SourceResult) =>
      ok(result)
        .snapshots.map((entry) => (entry.snapshot as MorphoBlueSnapshot).marketId)
        .sort()

    it('finds the markets an account entered, with nothing listed; an account that entered none reads as empty', async () => {
      expect(ids(await readWith(discoveryEnv(), alice))).toEqual([wethId, wbtcId].sort())
      const empty = ok(await readWith(discoveryEnv(), bob))
      expect(empty.snapshots).toEqual([])
      expect(empty.asOfSec).toBe(Number((await client.getBlock()).timestamp))
    })

    it('scans once, then only the blocks since (none while the chain stands still)', async () => {
      const first = countingFetch()
      ok(await readWith(discoveryEnv(), alice, { fetch: first.fetch }))
      expect(first.counter.getLogs).toBe(1)
      const second = countingFetch()
      ok(await readWith(discoveryEnv(), alice, { fetch: second.fetch }))
      expect(second.counter.getLogs).toBe(0)
      await client.mine({ blocks: 3 })
      const third = countingFetch()
      ok(await readWith(discoveryEnv(), alice, { fetch: third.fetch }))
      expect(third.counter.getLogs).toBe(1)
    })

    it('bounded: a scan cut short keeps its progress and fails the source until it reaches the head', async () => {
      const e = discoveryEnv({ maxBlockRange: 4, maxRangesPerRead: 3 })
      const head = await client.getBlockNumber()
      let reads = 0
      let result: SourceResult
      for (;;) {
        const counting = countingFetch()
        result = await readWith(e, alice, { fetch: counting.fetch })
        reads++
        expect(counting.counter.getLogs).toBeLessThanOrEqual(3)
        if (result.status === 'ok') break
        expect(result.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' })
        expect(result.error.message).toMatch(/scanned to block \d+ of \d+; the next read continues/)
        if (reads > 100) throw new Error('the scan does not progress')
      }
      expect(reads).toBe(Math.ceil((Number(head) + 1) / 12))
      expect(ids(result)).toEqual([wethId, wbtcId].sort())
    })

    it('a listed market the account also entered is read once', async () => {
      expect(ids(await readWith(discoveryEnv({}, [wethId]), alice))).toEqual([wethId, wbtcId].sort())
    })
  })
})
