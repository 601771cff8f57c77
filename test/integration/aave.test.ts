/**
 * The Aave v3 adapter inside workerd against the two sandbox anvil chains (real @aave/core-v3
 * contracts, market `Sandbox` on both; chain A also runs the v3.6 `Origin` market, read in
 * aaveOrigin.test.ts), through the Worker's own `env.RPC_URLS` / `env.AAVE_MARKETS`.
 *
 * The chains mine a block every 2 s at wall-clock time (test/harness/chains/mining.ts), so "latest" moves
 * and interest accrues between reads: each read is pinned to one block whose timestamp is the `nowSec` the
 * engine evaluates at, and the Pool is asked at that same block, so engine and Pool see the same instant.
 */
import { env } from 'cloudflare:workers'
import { createPublicClient, getAddress, http } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/client'
import { createReferenceCache } from '../../src/db/queries/referenceData'
import { computeUserAccountData } from '../../src/engine/aave-v3'
import type { AaveV3Snapshot } from '../../src/engine/aave-v3/types'
import { poolAbi } from '../../src/protocols/aave-v3/abi'
import { aaveV3, clearAaveReferenceCache, getAaveMarkets } from '../../src/protocols/aave-v3/index'
import type { SourceRef, SourceResult } from '../../src/protocols/types'
import { demoAccount, demoAccounts } from '../harness/demoAccounts'

const rpcUrls = JSON.parse(env.RPC_URLS ?? '{}') as Record<string, string[]>
const CHAIN_A = 31337
const CHAIN_B = 31338

/** A fetch that records the JSON-RPC methods sent per RPC URL, and the block each `eth_call` was pinned to. */
function countingFetch() {
  const calls: { url: string; method: string; block?: unknown }[] = []
  type RpcRequest = { method: string; params?: unknown[] }
  const wrapped: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const body = JSON.parse(String(init?.body ?? '{}')) as RpcRequest | RpcRequest[]
    for (const request of Array.isArray(body) ? body : [body])
      calls.push({ url, method: request.method, block: request.params?.[1] })
    return await fetch(input, init)
  }
  const onChain = (chainId: number, method: string) =>
    calls.filter((c) => rpcUrls[String(chainId)]?.some((u) => c.url.startsWith(u)) && c.method === method)
  const count = (chainId: number, method: string) => onChain(chainId, method).length
  /** The distinct blocks the chain's `eth_call`s were pinned to (`latest` is no pin). */
  const blocks = (chainId: number) =>
    new Set(
      onChain(chainId, 'eth_call')
        .map((c) => JSON.stringify(c.block))
        .filter((block) => block !== '"latest"'),
    ).size
  return { fetch: wrapped, calls, count, blocks }
}

/**
 * The user round's `eth_call`s on chain B, which has no Multicall3: viem's deployless multicall
 * returns its results as "deployed code", capped by EIP-170, so the multicall layer cuts the
 * demo accounts' round (figures, price feeds, sequencer feed) in three calls (seven demo accounts), pinned
 * to one block. Chain A (Multicall3, as production chains) makes one.
 */
const USER_ROUND_CALLS_B = 3

function sourcesOf(names: readonly string[]): SourceRef[] {
  return names.flatMap((name) => aaveV3.sources({ kind: 'evm', address: demoAccount(name as 'healthy').address }, env))
}

function okSnapshot(results: SourceResult[], name: string, chainId: number): AaveV3Snapshot {
  const address = demoAccount(name as 'healthy').address
  const result = results.find((r) => r.source.chainId === chainId && r.source.account.address === address)
  if (result?.status !== 'ok') throw new Error(`${name} on ${chainId}: ${JSON.stringify(result)}`)
  const snapshot = result.snapshots[0]?.snapshot
  if (snapshot?.model !== 'aave-v3') throw new Error(`${name} on ${chainId} has no Aave snapshot`)
  return snapshot
}

async function poolAccountData(snapshot: AaveV3Snapshot) {
  const client = createPublicClient({ transport: http(rpcUrls[String(snapshot.chainId)]?.[0]) })
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
    await client.readContract({
      address: snapshot.pool as `0x${string}`,
      abi: poolAbi,
      functionName: 'getUserAccountData',
      args: [snapshot.account as `0x${string}`],
      blockNumber: BigInt(snapshot.blockNumber ?? '0'),
    })
  return { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor }
}

const allSources = sourcesOf(demoAccounts.map((a) => a.name))
let results: SourceResult[]

beforeAll(async () => {
  clearAaveReferenceCache()
  results = await aaveV3.read(allSources, { env, fetch, nowMs: Date.now() })
})

describe('aaveV3.read on the sandbox chains', () => {
  it('has one source per configured market: Sandbox on both chains, Origin (v3.6) on chain A', () => {
    expect(getAaveMarkets(env).map((m) => [m.chainId, m.market])).toEqual([
      [CHAIN_A, 'Sandbox'],
      [CHAIN_A, 'Origin'],
      [CHAIN_B, 'Sandbox'],
    ])
    expect(allSources).toHaveLength(demoAccounts.length * 3)
  })

  it('reads each market’s rules from its Pool: the sandbox runs the @aave/core-v3 Pool, revision 1', () => {
    const snapshot = okSnapshot(results, 'everywhere', CHAIN_A)
    expect(snapshot).toMatchObject({ rules: 'v3.0-3.2', poolRevision: 1 })
    expect(() =>
      getAaveMarkets({ AAVE_MARKETS: JSON.stringify([{ ...getAaveMarkets(env)[0], rules: 'v3.3' }]) }),
    ).toThrow(/POOL_REVISION/)
  })

  it('returns the demo accounts, one margin account per market, none where they hold nothing', () => {
    expect(results.every((r) => r.status === 'ok')).toBe(true)
    const held = results.map((r) => [
      r.source.account.address,
      r.source.chainId,
      r.source.market,
      r.status === 'ok' ? r.snapshots.map((s) => s.snapshot.marginAccountId) : 'error',
    ])
    // The v3.0 demo accounts hold nothing in Origin, the v3.6 ones only there (aaveOrigin.test.ts reads them).
    const v36 = (name: Parameters<typeof demoAccount>[0]) => [
      [demoAccount(name).address, CHAIN_A, 'Sandbox', []],
      [demoAccount(name).address, CHAIN_A, 'Origin', ['market:Origin']],
      [demoAccount(name).address, CHAIN_B, 'Sandbox', []],
    ]
    expect(held).toEqual([
      [demoAccount('healthy').address, CHAIN_A, 'Sandbox', ['market:Sandbox']],
      [demoAccount('healthy').address, CHAIN_A, 'Origin', []],
      [demoAccount('healthy').address, CHAIN_B, 'Sandbox', []],
      [demoAccount('near-liquidation').address, CHAIN_A, 'Sandbox', ['market:Sandbox']],
      [demoAccount('near-liquidation').address, CHAIN_A, 'Origin', []],
      [demoAccount('near-liquidation').address, CHAIN_B, 'Sandbox', []],
      [demoAccount('everywhere').address, CHAIN_A, 'Sandbox', ['market:Sandbox']],
      [demoAccount('everywhere').address, CHAIN_A, 'Origin', []],
      [demoAccount('everywhere').address, CHAIN_B, 'Sandbox', ['market:Sandbox']],
      ...v36('v36-emode-ltvzero'),
      ...v36('v36-small'),
      ...v36('v36-near-095'),
      [demoAccount('morpho').address, CHAIN_A, 'Sandbox', ['market:Sandbox']],
      [demoAccount('morpho').address, CHAIN_A, 'Origin', []],
      [demoAccount('morpho').address, CHAIN_B, 'Sandbox', []],
    ])
  })

  it.each([
    ['healthy', CHAIN_A],
    ['near-liquidation', CHAIN_A],
    ['everywhere', CHAIN_A],
    ['everywhere', CHAIN_B],
  ])(
    '%s on chain %i: the engine equals Pool.getUserAccountData at the same block, to the wei',
    async (name, chainId) => {
      const snapshot = okSnapshot(results, name, chainId)
      const engine = computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec })
      // Every field the Pool returns (the engine adds `hasZeroLtvCollateral`).
      expect(engine).toMatchObject(await poolAccountData(snapshot))
    },
  )

  it('reads the seeded health factors (plus the interest since the seeding) and the price contract exactly', () => {
    const hf = (name: string, chainId: number) => {
      const snapshot = okSnapshot(results, name, chainId)
      return computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec }).healthFactor
    }
    // Exactly 2.5 at the seeded block; the chains are now up to a day later (to the wei: the test above).
    expect(Number(hf('healthy', CHAIN_A)) / 1e18).toBeCloseTo(2.5, 4)
    expect(Number(hf('near-liquidation', CHAIN_A)) / 1e18).toBeCloseTo(1.05, 3)
    const snapshot = okSnapshot(results, 'everywhere', CHAIN_B)
    expect(snapshot.userEModeCategory).toBe(1)
    expect(snapshot.prices.WETH?.priceUsd).toBe('3000')
    expect(snapshot.prices.DAI).toMatchObject({ priceUsd: '0.9998', class: 'stable' })
    expect(snapshot.account).toBe(getAddress(demoAccount('everywhere').address))
  })

  it('makes ONE eth_call per chain for several accounts once the reference is known', async () => {
    const counter = countingFetch()
    const again = await aaveV3.read(allSources, { env, fetch: counter.fetch, nowMs: Date.now() })
    expect(again.every((r) => r.status === 'ok')).toBe(true)
    expect(counter.count(CHAIN_A, 'eth_call')).toBe(1)
    expect(counter.count(CHAIN_B, 'eth_call')).toBe(USER_ROUND_CALLS_B)
    // Chain A (Multicall3) gets its block and timestamp inside that eth_call: ONE request. Chain B has no
    // Multicall3 (viem's deployless multicall): its first call, at `latest`, carries the block probe, and
    // the second is pinned to the block it answered. No block header. Nothing else.
    expect(counter.blocks(CHAIN_B)).toBe(1)
    expect(counter.count(CHAIN_A, 'eth_getBlockByNumber')).toBe(0)
    expect(counter.count(CHAIN_B, 'eth_getBlockByNumber')).toBe(0)
    expect(counter.calls).toHaveLength(1 + USER_ROUND_CALLS_B)
  })

  it('reads the reference in three multicall rounds per chain when it is not cached', async () => {
    clearAaveReferenceCache()
    const counter = countingFetch()
    await aaveV3.read(allSources, { env, fetch: counter.fetch, nowMs: Date.now() })
    expect(counter.count(CHAIN_A, 'eth_call')).toBe(4)
    expect(counter.count(CHAIN_B, 'eth_call')).toBe(3 + USER_ROUND_CALLS_B)
  })

  it('keeps references in D1 so a new isolate skips the reference rounds', async () => {
    const referenceCache = createReferenceCache(createDatabase(env.DB))
    clearAaveReferenceCache()
    await aaveV3.read(allSources, { env, fetch: countingFetch().fetch, nowMs: Date.now(), referenceCache })
    const { results } = await env.DB.prepare("SELECT key FROM reference_data WHERE key LIKE 'aave-v3:%'").all<{
      key: string
    }>()
    expect(results).toHaveLength(3) // one per market: Sandbox on both chains, Origin on chain A
    clearAaveReferenceCache() // as a fresh isolate would start
    const counter = countingFetch()
    const results2 = await aaveV3.read(allSources, { env, fetch: counter.fetch, nowMs: Date.now(), referenceCache })
    expect(results2.every((r) => r.status === 'ok')).toBe(true)
    expect(counter.count(CHAIN_A, 'eth_call')).toBe(1)
    expect(counter.count(CHAIN_B, 'eth_call')).toBe(USER_ROUND_CALLS_B)
    // An expired entry is ignored.
    clearAaveReferenceCache()
    const later = countingFetch()
    await aaveV3.read(allSources, { env, fetch: later.fetch, nowMs: Date.now() + 11 * 60_000, referenceCache })
    expect(later.count(CHAIN_A, 'eth_call')).toBe(4)
  })

  it("a dead RPC fails that chain's sources only, with UPSTREAM_UNAVAILABLE", async () => {
    const deadEnv = { ...env, RPC_URLS: JSON.stringify({ ...rpcUrls, [CHAIN_B]: ['http://127.0.0.1:9'] }) }
    const partial = await aaveV3.read(allSources, { env: deadEnv, fetch, nowMs: Date.now() })
    for (const result of partial) {
      if (result.source.chainId === CHAIN_B) {
        expect(result).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE' } })
      } else expect(result.status).toBe('ok')
    }
  })
})
