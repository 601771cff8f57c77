/**
 * The cold path's guard: a cold `account` (`maxAgeSeconds: 0`, every source read upstream) makes ONE
 * JSON-RPC request per chain once the reference data is known (Multicall3's block getters on chain
 * A, the block probe of the deployless multicall on chain B: the reads and their block together),
 * and a fresh isolate, whose reference data comes from D1, no more. Counted by proxies in front of
 * the shared sandbox chains (test/setup/chains.global.ts), never timed.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { clearAaveReferenceCache } from '../../src/protocols/aave-v3'
import { clearMorphoReferenceCache } from '../../src/protocols/morpho-blue'
import { demoAccount } from '../harness/demoAccounts'
import { postWith } from '../helpers/graphql'

const countingRpcUrls = JSON.parse(inject('countingRpcUrls')) as Record<string, [string]>
// Morpho Blue listed on chain A too: its reads share Aave's eth_call (src/chains/multicallBatch.ts).
const vars = { RPC_URLS: JSON.stringify(countingRpcUrls), MORPHO_MARKETS: inject('morphoMarkets') }
type Counts = { requests: number; methods: Record<string, number> }

const countsPath = (chainId: string) => `${countingRpcUrls[chainId]?.[0]}/__counts`
async function resetCounts(): Promise<void> {
  await Promise.all(Object.keys(countingRpcUrls).map((id) => fetch(`${countsPath(id)}/reset`, { method: 'POST' })))
}
async function countsByChain(): Promise<Record<string, Counts>> {
  const entries = await Promise.all(
    Object.keys(countingRpcUrls).map(async (id) => [id, (await (await fetch(countsPath(id))).json()) as Counts]),
  )
  return Object.fromEntries(entries)
}

const coldAccount = async (name: 'everywhere' | 'healthy' | 'morpho') => {
  const { body } = await postWith<{
    account: { sources: { protocol: string; chainId: number | null; status: string }[] }
  }>(
    vars,
    `query ($address: String!) { account(address: $address, maxAgeSeconds: 0) { sources { protocol chainId status } } }`,
    { address: demoAccount(name).address },
  )
  expect(body.errors).toBeUndefined()
  const evmSources = body.data?.account.sources.filter((s) => s.chainId !== null) ?? []
  // Every EVM source was read, on both chains: the counts below are of a complete read.
  expect(new Set(evmSources.map((s) => s.chainId))).toEqual(new Set(Object.keys(countingRpcUrls).map(Number)))
  expect(evmSources.filter((s) => s.status === 'ERROR')).toEqual([])
}

beforeAll(async () => {
  await coldAccount('everywhere') // reference data read and kept (isolate and D1)
}, 600_000)

describe('a cold account', () => {
  it('makes one JSON-RPC request per chain, an eth_call, once the reference data is known (Aave and Morpho together)', async () => {
    await coldAccount('morpho') // its markets' reference data too
    for (const name of ['everywhere', 'healthy', 'morpho'] as const) {
      await resetCounts()
      await coldAccount(name)
      const counts = await countsByChain()
      for (const chainId of Object.keys(countingRpcUrls)) {
        expect(counts[chainId], `${name} on chain ${chainId}`).toEqual({ requests: 1, methods: { eth_call: 1 } })
      }
    }
  })

  it('makes no more in a fresh isolate: the reference data comes from D1', async () => {
    clearAaveReferenceCache()
    clearMorphoReferenceCache()
    await resetCounts()
    await coldAccount('everywhere')
    const counts = await countsByChain()
    for (const chainId of Object.keys(countingRpcUrls)) {
      expect(counts[chainId], `chain ${chainId}`).toEqual({ requests: 1, methods: { eth_call: 1 } })
    }
  })
})
