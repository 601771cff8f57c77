import { createPublicClient, type PublicClient } from 'viem'
import { ChainUnavailableError } from './errors'
import { failoverTransport } from './failoverTransport'
import type { ChainEndpoint, GetChainConfigReturnType } from './getChainConfig'

export { DEFAULT_RPC_TIMEOUT_MS } from './getChainConfig'

export type GetChainClientParameters = {
  config: GetChainConfigReturnType
  chainId: number
  /** The fetch the transport uses (the Worker's, or a test's counting wrapper). */
  fetch?: typeof fetch | undefined
}

export type GetChainClientReturnType = PublicClient

const clients = new WeakMap<typeof fetch, Map<string, PublicClient>>()

/**
 * The chain's viem client over `failoverTransport`: one endpoint at a time, each attempt bounded by the
 * chain's `timeoutMs` (`RPC_TIMEOUT_MS`) and never repeated on the same endpoint, endpoints that failed
 * lately tried last, lagging ones passed over. One client per chain, endpoints, timeout and fetch per
 * isolate; what the transport learns about endpoints is per isolate whatever the fetch.
 *
 * @throws {ChainUnavailableError} when the deployment has no endpoint for the chain.
 * @example
 * const client = getChainClient({ config: getChainConfig(env), chainId: 1, fetch })
 */
export function getChainClient({ config, chainId, fetch: fetchFn = fetch }: GetChainClientParameters): PublicClient {
  const endpoint = config.get(chainId)
  if (!endpoint || endpoint.rpcUrls.length === 0) {
    throw new ChainUnavailableError({ chainId, reason: `Chain ${chainId} has no RPC endpoint configured.` })
  }
  let byKey = clients.get(fetchFn)
  if (!byKey) {
    byKey = new Map()
    clients.set(fetchFn, byKey)
  }
  const key = `${chainId}|${endpoint.timeoutMs}|${endpoint.rpcUrls.join(' ')}`
  const cached = byKey.get(key)
  if (cached) return cached
  const client = createClient(endpoint, fetchFn)
  byKey.set(key, client)
  return client
}

function createClient({ chain, rpcUrls, timeoutMs }: ChainEndpoint, fetchFn: typeof fetch): PublicClient {
  return createPublicClient({
    chain,
    transport: failoverTransport({ chainId: chain.id, urls: rpcUrls, timeoutMs, fetchFn }),
    // Batching is explicit (src/chains/multicall.ts): never let viem split or merge calls on its own.
    batch: { multicall: false },
  }) as PublicClient
}
