/**
 * Chains without Multicall3 (viem's deployless multicall) read in ONE JSON-RPC request too: the
 * block probe placed by the `eth_call`'s state override gives the block number and timestamp with
 * the reads. Where the nodes refuse state overrides, the read still succeeds the two-round way
 * (block header first), and the probe is not tried again on that chain.
 *
 * A bare anvil with a chain id the app does not predefine (so no Multicall3) and one tiny contract
 * (`anvil_setCode`) that answers 42 to any call. Assertions count requests, never time.
 */
import { createTestClient, http, publicActions } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import { getChainConfig } from '../../../src/chains/getChainConfig'
import { type EvmCall, multicallByChain } from '../../../src/chains/multicall'
import { type Anvil, startAnvil } from '../../harness/aave/startAnvil'
import { type FaultEndpoint, startLaggingProxy, startNoStateOverrideProxy } from '../../harness/rpcFaults'

const CHAIN_ID = 31_351
/** PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: 42 for any call. */
const ANSWER_CODE = '0x602a60005260206000f3'
const ANSWER = '0x00000000000000000000000000000000000a4a4a' as const
const answerCall = {
  address: ANSWER,
  abi: [{ type: 'function', name: 'answer', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] }],
  functionName: 'answer',
} as EvmCall

let anvil: Anvil
const proxies: FaultEndpoint[] = []

const read = (url: string, blockNumber?: bigint) =>
  multicallByChain({
    config: getChainConfig({ RPC_URLS: JSON.stringify({ [CHAIN_ID]: [url] }), RPC_TIMEOUT_MS: '60000' }),
    plans: [{ chainId: CHAIN_ID, calls: [answerCall, answerCall] }],
    ...(blockNumber === undefined ? {} : { blockNumbers: new Map([[CHAIN_ID, blockNumber]]) }),
  })

beforeAll(async () => {
  anvil = await startAnvil({ chainId: CHAIN_ID })
  const client = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) }).extend(publicActions)
  await client.setCode({ address: ANSWER, bytecode: ANSWER_CODE })
  await client.mine({ blocks: 3, interval: 12 })
}, 120_000)

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()))
  await anvil?.stop()
})

const blockOf = async (tag: 'latest' | bigint) => {
  const client = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) }).extend(publicActions)
  return await client.getBlock(tag === 'latest' ? { blockTag: 'latest' } : { blockNumber: tag })
}

describe('a deployless multicall', () => {
  it('reads at the latest block in one request, with that block number and timestamp', async () => {
    forgetEndpointHealth()
    const proxy = await startLaggingProxy({ upstream: anvil.rpcUrl }) // forwards as is until told to lag
    proxies.push(proxy)
    const latest = await blockOf('latest')
    const [result] = await read(proxy.url)
    expect(result).toMatchObject({ status: 'ok', blockNumber: latest.number, blockTimestamp: latest.timestamp })
    if (result?.status !== 'ok') return
    expect(result.results).toEqual([
      { status: 'success', result: 42n },
      { status: 'success', result: 42n },
    ])
    expect(Object.fromEntries(proxy.requests)).toEqual({ eth_call: 1 })
  })

  it('reads at a pinned block in one request, with that block timestamp', async () => {
    forgetEndpointHealth()
    const proxy = await startLaggingProxy({ upstream: anvil.rpcUrl })
    proxies.push(proxy)
    const latest = await blockOf('latest')
    const older = await blockOf(latest.number - 2n)
    const [result] = await read(proxy.url, older.number)
    expect(result).toMatchObject({ status: 'ok', blockNumber: older.number, blockTimestamp: older.timestamp })
    expect(Object.fromEntries(proxy.requests)).toEqual({ eth_call: 1 })
  })

  it('falls back to the block header first where the nodes refuse state overrides, and remembers it', async () => {
    forgetEndpointHealth()
    const proxy = await startNoStateOverrideProxy({ upstream: anvil.rpcUrl })
    proxies.push(proxy)
    const latest = await blockOf('latest')
    const [first] = await read(proxy.url)
    expect(first).toMatchObject({ status: 'ok', blockNumber: latest.number, blockTimestamp: latest.timestamp })
    if (first?.status !== 'ok') return
    expect(first.results.map((r) => r.status === 'success' && r.result)).toEqual([42n, 42n])
    // The refused probe, then the header and the read pinned to it.
    expect(Object.fromEntries(proxy.requests)).toEqual({ eth_call: 2, eth_getBlockByNumber: 1 })
    const [second] = await read(proxy.url)
    expect(second?.status).toBe('ok')
    // No probe again on this chain: header and read only.
    expect(Object.fromEntries(proxy.requests)).toEqual({ eth_call: 3, eth_getBlockByNumber: 2 })
  })
})
