/**
 * RPC faults on the sandbox chains (real anvil, real Aave v3 contracts) behind loopback fault endpoints
 * (test/harness/rpcFaults.ts): a hung primary costs one request per read and none while it cools
 * down, a lagging provider is passed over for the healthy one at the newer block, and a chain whose
 * every endpoint fails is an UPSTREAM_UNAVAILABLE error naming the chain and why.
 *
 * Assertions count the requests each endpoint received, never elapsed time. Date is faked (only
 * Date: the transport's timeouts are real timers) so a cool-down cannot run out between two reads
 * on a slow machine, and can be made to run out on purpose.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { COOL_DOWN_MS, forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import { ChainUnavailableError } from '../../../src/chains/errors'
import { getChainClient } from '../../../src/chains/getChainClient'
import { getChainConfig } from '../../../src/chains/getChainConfig'
import { aaveV3, clearAaveReferenceCache } from '../../../src/protocols/aave-v3'
import { readAaveReferences } from '../../../src/protocols/aave-v3/readAaveReferences'
import { readAaveUsers } from '../../../src/protocols/aave-v3/readAaveUsers'
import type { AaveReference } from '../../../src/protocols/aave-v3/types'
import { getAssetOverrides } from '../../../src/protocols/assets/getAssetOverrides'
import type { SourceResult } from '../../../src/protocols/types'
import { type StartChainsReturnType, startChains } from '../../harness/chains'
import { demoAccount } from '../../harness/demoAccounts'
import {
  type FaultEndpoint,
  type LaggingProxy,
  startDownEndpoint,
  startHungEndpoint,
  startLaggingProxy,
} from '../../harness/rpcFaults'

const CHAIN_A = 31337
/** Long enough that anvil answers within it on a loaded machine; only the hung endpoint ever reaches it. */
const TIMEOUT_MS = '3000'
const account = demoAccount('everywhere').address

let chains: StartChainsReturnType
let anvilA: string
let reference: AaveReference
const endpoints: FaultEndpoint[] = []

const configOf = (urls: readonly string[]) =>
  getChainConfig({ RPC_URLS: JSON.stringify({ [CHAIN_A]: urls }), RPC_TIMEOUT_MS: TIMEOUT_MS })
const started = <endpoint extends FaultEndpoint>(endpoint: endpoint) => {
  endpoints.push(endpoint)
  return endpoint
}
const readUser = async (urls: readonly string[]) => {
  const [result] = await readAaveUsers({
    config: configOf(urls),
    requests: [{ reference, account }],
    assetOverrides: getAssetOverrides({ ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides) } as Env),
  })
  if (!result) throw new Error('no result')
  return result
}
/** The same read straight from anvil, at a given block: what the figures must equal. */
const direct = async (blockNumber: bigint) => {
  const [result] = await readAaveUsers({
    config: configOf([anvilA]),
    requests: [{ reference, account }],
    assetOverrides: getAssetOverrides({ ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides) } as Env),
  })
  if (result?.status !== 'ok' || result.blockNumber !== blockNumber)
    throw new Error(`direct read is not at block ${blockNumber}`)
  return result.snapshot
}

beforeAll(async () => {
  // A still chain: the tests compare the block each read answers at.
  chains = await startChains({ blockTimeSec: false })
  anvilA = chains.chains.a.rpcUrl
  const market = chains.aaveMarkets.find((m) => m.chainId === CHAIN_A)
  if (!market) throw new Error('no market on chain A')
  const [read] = await readAaveReferences({ config: configOf([anvilA]), markets: [market] })
  if (read?.status !== 'ok') throw new Error('no reference')
  reference = read.reference
})

afterAll(async () => {
  await Promise.all(endpoints.map((endpoint) => endpoint.close()))
  await chains?.close()
})

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-05-01T00:00:00Z') })
  forgetEndpointHealth()
  clearAaveReferenceCache()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('a hung primary and a healthy secondary', () => {
  it('costs one request to the primary, then none while it cools down, then it is tried again', async () => {
    const hung = started(await startHungEndpoint())
    const first = await readUser([hung.url, anvilA])
    expect(first.status).toBe('ok')
    if (first.status !== 'ok') return
    expect(first.snapshot).toEqual(await direct(first.blockNumber))
    expect(hung.count()).toBe(1)

    const second = await readUser([hung.url, anvilA])
    expect(second).toMatchObject({ status: 'ok', blockNumber: first.blockNumber })
    expect(hung.count()).toBe(1)

    // After the cool-down the primary takes its place again (and costs one more request while it still hangs).
    vi.setSystemTime(Date.now() + COOL_DOWN_MS + 1)
    const third = await readUser([hung.url, anvilA])
    expect(third).toMatchObject({ status: 'ok', blockNumber: first.blockNumber })
    expect(hung.count()).toBe(2)
  })

  it('a primary that answers 503 goes last as well', async () => {
    const down = started(await startDownEndpoint())
    const proxy = started(await startLaggingProxy({ upstream: anvilA }))
    expect((await readUser([down.url, proxy.url])).status).toBe('ok')
    expect(down.count()).toBe(1)
    const proxied = proxy.count()
    expect((await readUser([down.url, proxy.url])).status).toBe('ok')
    expect(down.count()).toBe(1)
    // Every request of the second read went to the secondary.
    expect(proxy.count()).toBe(2 * proxied)
  })

  it('through the Aave adapter: every source reads, the primary got one request', async () => {
    const hung = started(await startHungEndpoint())
    const env = {
      RPC_URLS: JSON.stringify({ ...chains.rpcUrls, [CHAIN_A]: [hung.url, anvilA] }),
      RPC_TIMEOUT_MS: TIMEOUT_MS,
      AAVE_MARKETS: JSON.stringify(chains.aaveMarkets),
      ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides),
    } as Env
    const sources = aaveV3.sources({ kind: 'evm', address: account }, env)
    // Chain A runs two markets (Sandbox, Origin v3.6), read in the same rounds.
    expect(sources.map((s) => [s.chainId, s.market])).toEqual([
      [CHAIN_A, 'Sandbox'],
      [CHAIN_A, 'Origin'],
      [31338, 'Sandbox'],
    ])
    // The reference round and the user round: two reads in one adapter call.
    const results = await aaveV3.read(sources, { env, fetch, nowMs: Date.now() })
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok'])
    expect(hung.count()).toBe(1)
    const onA = results[0] as Extract<SourceResult, { status: 'ok' }>
    expect(onA.snapshots[0]?.snapshot).toEqual(await direct(onA.blockNumber as bigint))

    const again = await aaveV3.read(sources, { env, fetch, nowMs: Date.now() })
    expect(again.map((r) => r.status)).toEqual(['ok', 'ok', 'ok'])
    expect(hung.count()).toBe(1)
  })
})

describe('a lagging provider', () => {
  let proxy: LaggingProxy
  beforeEach(async () => {
    proxy = started(await startLaggingProxy({ upstream: anvilA }))
  })

  it('answering an older block than already seen is passed over: the figures come from the newer block', async () => {
    const first = await readUser([proxy.url, anvilA])
    if (first.status !== 'ok') throw new Error('first read failed')
    // The proxy served the first read: the chain has shown this block.
    expect(proxy.count()).toBeGreaterThan(0)

    proxy.lagAt(first.blockNumber - 1n)
    await chains.chains.a.client.mine({ blocks: 2 })
    const before = new Map(proxy.requests)
    const second = await readUser([proxy.url, anvilA])
    expect(second).toMatchObject({ status: 'ok', blockNumber: first.blockNumber + 2n })
    if (second.status !== 'ok') return
    expect(second.snapshot).toEqual(await direct(first.blockNumber + 2n))
    // The proxy was asked once, for the read at `latest`: its answer named an older block (Multicall3's
    // getBlockNumber in the same call), so it was passed over; it got no pinned read.
    const since = (method: string) => (proxy.requests.get(method) ?? 0) - (before.get(method) ?? 0)
    expect(since('eth_call')).toBe(1)
    expect(since('eth_getBlockByNumber')).toBe(0)
  })

  it('without a pinned block ("header not found", a null block) is passed over for one that has it', async () => {
    const head = await chains.chains.a.client.getBlockNumber()
    proxy.lagAt(head - 1n)
    const config = configOf([proxy.url, anvilA])
    const client = getChainClient({ config, chainId: CHAIN_A })
    const block = await client.getBlock({ blockNumber: head })
    expect(block.number).toBe(head)
    expect(proxy.requests.get('eth_getBlockByNumber')).toBe(1)

    forgetEndpointHealth()
    const balance = await client.getBalance({ address: account, blockNumber: head })
    expect(balance).toBe(await chains.chains.a.client.getBalance({ address: account, blockNumber: head }))
    expect(proxy.requests.get('eth_getBalance')).toBe(1)
  })

  it('when every provider lags or fails, the chain fails saying so, without URLs', async () => {
    const down = started(await startDownEndpoint())
    const first = await readUser([proxy.url, down.url])
    if (first.status !== 'ok') throw new Error('first read failed')
    proxy.lagAt(first.blockNumber - 1n)

    const second = await readUser([proxy.url, down.url])
    expect(second.status).toBe('error')
    const error = second.status === 'error' ? second.error : undefined
    expect(error).toBeInstanceOf(ChainUnavailableError)
    expect(error).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      shortMessage: `Every RPC endpoint of chain ${CHAIN_A} is behind block ${first.blockNumber} or unreachable (1 behind, 1 answered HTTP 503).`,
    })
    expect((error as ChainUnavailableError).shortMessage).not.toContain('127.0.0.1')
  })
})

describe('every endpoint down', () => {
  it('fails every source of the chain with UPSTREAM_UNAVAILABLE naming the chain and the failures; the other chain reads', async () => {
    const down = started(await startDownEndpoint())
    const refused = started(await startDownEndpoint({ refused: true }))
    const hung = started(await startHungEndpoint())
    const env = {
      RPC_URLS: JSON.stringify({ ...chains.rpcUrls, [CHAIN_A]: [down.url, refused.url, hung.url] }),
      RPC_TIMEOUT_MS: TIMEOUT_MS,
      AAVE_MARKETS: JSON.stringify(chains.aaveMarkets),
      ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides),
    } as Env
    const sources = [
      ...aaveV3.sources({ kind: 'evm', address: account }, env),
      ...aaveV3.sources({ kind: 'evm', address: demoAccount('healthy').address }, env),
    ]
    const results = await aaveV3.read(sources, { env, fetch, nowMs: Date.now() })
    const message = `Every RPC endpoint of chain ${CHAIN_A} failed (1 answered HTTP 503, 1 unreachable, 1 timed out after ${TIMEOUT_MS} ms).`
    for (const result of results) {
      if (result.source.chainId === CHAIN_A)
        expect(result).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE', message } })
      else expect(result.status).toBe('ok')
    }
    // The first failing call ended the chain's read: one request each.
    expect([down.count(), hung.count()]).toEqual([1, 1])
  })
})
