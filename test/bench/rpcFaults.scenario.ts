/**
 * A hung primary RPC and a healthy secondary on sandbox chain A: what one Aave read of a demo account
 * costs, BEFORE (a viem client configured as the old getChainClient: `fallback` over `http`,
 * retryCount 1, retryDelay 100) and AFTER (getChainClient's failover transport), side by side, for the
 * first and the second read of an isolate (the second one after the order has learned).
 *
 * Both use the same short per-attempt timeout (RPC_FAULTS_BENCH_TIMEOUT_MS, default 1000 ms, instead
 * of the deployed 8000 ms, so the old client's rows take seconds rather than half a minute; its cost
 * scales with the timeout, as the ratio shows). The user read is the chain layer's shape of an Aave
 * read (latest block header, then one multicall pinned to it), with the same client in both columns;
 * the last rows are the real adapter (`aaveV3.read`: reference round, then user round) on the new client.
 */
import { loadavg } from 'node:os'
import { type Chain, createPublicClient, fallback, http, type PublicClient } from 'viem'
import { defineChainById } from '../../src/chains/definitions'
import { forgetEndpointHealth } from '../../src/chains/endpointHealth'
import { getChainClient } from '../../src/chains/getChainClient'
import { getChainConfig } from '../../src/chains/getChainConfig'
import { aaveV3, clearAaveReferenceCache } from '../../src/protocols/aave-v3'
import { planAaveAccount, planAaveMarket } from '../../src/protocols/aave-v3/planAaveUsers'
import { readAaveReferences } from '../../src/protocols/aave-v3/readAaveReferences'
import { resolveAaveAssets } from '../../src/protocols/aave-v3/resolveAaveAssets'
import type { AaveReference } from '../../src/protocols/aave-v3/types'
import { getAssetOverrides } from '../../src/protocols/assets/getAssetOverrides'
import { startChains } from '../harness/chains'
import { demoAccount } from '../harness/demoAccounts'
import { startHungEndpoint } from '../harness/rpcFaults'

const TIMEOUT_MS = Number(process.env.RPC_FAULTS_BENCH_TIMEOUT_MS ?? 1_000)
const CHAIN_A = 31337

/** The old getChainClient's client, verbatim but for the timeout. */
function oldClient(chain: Chain, urls: readonly string[]): PublicClient {
  const transports = urls.map((url) => http(url, { timeout: TIMEOUT_MS, retryCount: 1, retryDelay: 100 }))
  return createPublicClient({
    chain,
    transport: fallback(transports, { retryCount: 0 }),
    batch: { multicall: false },
  }) as PublicClient
}

const uptime = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

export default async function rpcFaults(): Promise<void> {
  const chains = await startChains()
  const hungEndpoints: Awaited<ReturnType<typeof startHungEndpoint>>[] = []
  try {
    const anvil = chains.chains.a.rpcUrl
    const account = demoAccount('everywhere').address
    const overrides = getAssetOverrides({ ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides) } as Env)
    const market = chains.aaveMarkets.find((m) => m.chainId === CHAIN_A)
    const healthy = getChainConfig({ RPC_URLS: JSON.stringify({ [CHAIN_A]: [anvil] }) })
    const [read] = await readAaveReferences({ config: healthy, markets: market ? [market] : [] })
    if (read?.status !== 'ok') throw new Error('no Aave reference on chain A')
    const reference: AaveReference = read.reference
    const contracts = [
      ...planAaveMarket(reference, resolveAaveAssets(reference, overrides)),
      ...planAaveAccount(reference, account),
    ]
    /** One user read: the latest block, then one multicall pinned to it. */
    const readUser = async (client: PublicClient) => {
      const block = await client.getBlock({ blockTag: 'latest' })
      const results = await client.multicall({ contracts, allowFailure: true, blockNumber: block.number })
      if (results.some((r) => r.status !== 'success')) throw new Error('a call failed')
    }
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now()
      await run()
      return performance.now() - started
    }

    console.log(`\nRPC faults: hung primary + healthy secondary, ${TIMEOUT_MS} ms per attempt, load ${uptime()}`)
    console.log('read                          before ms   after ms   ratio   primary requests before / after')
    const row = (name: string, before: number, after: number, primary: [number, number]) =>
      console.log(
        `${name.padEnd(30)}${before.toFixed(0).padStart(9)}${after.toFixed(0).padStart(11)}${(before / after)
          .toFixed(1)
          .padStart(8)}   ${primary[0]} / ${primary[1]}`,
      )

    const oldHung = await startHungEndpoint()
    const newHung = await startHungEndpoint()
    hungEndpoints.push(oldHung, newHung)
    const before = oldClient(defineChainById(CHAIN_A), [oldHung.url, anvil])
    forgetEndpointHealth()
    const after = getChainClient({
      config: getChainConfig({
        RPC_URLS: JSON.stringify({ [CHAIN_A]: [newHung.url, anvil] }),
        RPC_TIMEOUT_MS: String(TIMEOUT_MS),
      }),
      chainId: CHAIN_A,
    })
    for (const name of ['user read, first', 'user read, second']) {
      const [oldCount, newCount] = [oldHung.count(), newHung.count()]
      const beforeMs = await timed(() => readUser(before))
      const afterMs = await timed(() => readUser(after))
      row(name, beforeMs, afterMs, [oldHung.count() - oldCount, newHung.count() - newCount])
    }

    // The real adapter on the new client, in a fresh isolate state.
    const adapterHung = await startHungEndpoint()
    hungEndpoints.push(adapterHung)
    forgetEndpointHealth()
    clearAaveReferenceCache()
    const env = {
      RPC_URLS: JSON.stringify({ [CHAIN_A]: [adapterHung.url, anvil] }),
      RPC_TIMEOUT_MS: String(TIMEOUT_MS),
      AAVE_MARKETS: JSON.stringify(market ? [market] : []),
      ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides),
    } as Env
    const sources = aaveV3.sources({ kind: 'evm', address: account }, env)
    for (const name of ['aaveV3.read (after), first', 'aaveV3.read (after), second']) {
      const count = adapterHung.count()
      let statuses: string[] = []
      const ms = await timed(async () => {
        statuses = (await aaveV3.read(sources, { env, fetch, nowMs: Date.now() })).map((r) => r.status)
      })
      console.log(
        `${name.padEnd(30)}${'-'.padStart(9)}${ms.toFixed(0).padStart(11)}${'-'.padStart(8)}   - / ${adapterHung.count() - count} (${statuses.join(', ')})`,
      )
    }
    console.log(`(load after: ${uptime()})`)
  } finally {
    await Promise.all(hungEndpoints.map((endpoint) => endpoint.close()))
    await chains.close()
  }
}
