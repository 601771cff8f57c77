import { type Chain, createPublicClient, type PublicClient } from 'viem'
import { ChainUnavailableError } from './errors'
import { failoverRequest, failoverTransport } from './failoverTransport'
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
  const endpoint = endpointOf(config, chainId)
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

/** The chain's endpoints. @throws {ChainUnavailableError} when the deployment has none. */
function endpointOf(config: GetChainConfigReturnType, chainId: number): ChainEndpoint {
  const endpoint = config.get(chainId)
  if (!endpoint || endpoint.rpcUrls.length === 0) {
    throw new ChainUnavailableError({ chainId, reason: `Chain ${chainId} has no RPC endpoint configured.` })
  }
  return endpoint
}

export type GetChainRpcReturnType = {
  chain: Chain
  /** One JSON-RPC request through the chain's endpoints (`failoverRequest`): its `result`. */
  request(method: string, params: readonly unknown[]): Promise<unknown>
}

/**
 * The chain's JSON-RPC requests without a viem client: the same endpoints, order, timeout and checks
 * as `getChainClient`'s transport, with this `fetch`, and nothing built per call but the request
 * (a client is built per `fetch`, i.e. per request, and its actions format and wrap each call). For
 * reads that encode and decode their own calls (src/chains/multicall.ts).
 *
 * @throws {ChainUnavailableError} when the deployment has no endpoint for the chain.
 * @example
 * const data = await getChainRpc({ config, chainId: 1, fetch }).request('eth_call', [{ to, data }, 'latest'])
 */
export function getChainRpc({
  config,
  chainId,
  fetch: fetchFn = fetch,
}: GetChainClientParameters): GetChainRpcReturnType {
  const { chain, rpcUrls, timeoutMs } = endpointOf(config, chainId)
  const options = { chainId: chain.id, urls: rpcUrls, timeoutMs, fetchFn }
  return { chain, request: (method, params) => failoverRequest(options, { method, params }) }
}
