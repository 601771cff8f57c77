import { createPublicClient, fallback, http, type PublicClient } from 'viem'
import { ChainUnavailableError } from './errors'
import type { ChainEndpoint, GetChainConfigReturnType } from './getChainConfig'

/** Per RPC attempt. */
export const RPC_TIMEOUT_MS = 8_000
/** Retries per endpoint before the fallback moves on. */
export const RPC_RETRY_COUNT = 1

export type GetChainClientParameters = {
  config: GetChainConfigReturnType
  chainId: number
  /** The fetch the transport uses (the Worker's, or a test's counting wrapper). */
  fetch?: typeof fetch | undefined
}

export type GetChainClientReturnType = PublicClient

const clients = new WeakMap<typeof fetch, Map<string, PublicClient>>()

/**
 * The chain's viem client: a `fallback` over `http` transports (one per RPC URL, in order, each
 * with a timeout and retries). One client per chain, endpoints and fetch per isolate.
 *
 * @throws {ChainUnavailableError} when the deployment has no endpoint for the chain.
 * @see https://viem.sh/docs/clients/transports/fallback
 * @example
 * const client = getChainClient({ config: getChainConfig(env), chainId: 1, fetch })
 */
export function getChainClient({ config, chainId, fetch: fetchFn = fetch }: GetChainClientParameters): PublicClient {
  const endpoint = config.get(chainId)
  if (!endpoint || endpoint.rpcUrls.length === 0) {
    throw new ChainUnavailableError({ chainId, cause: new Error(`No RPC URL for chain ${chainId}.`) })
  }
  let byKey = clients.get(fetchFn)
  if (!byKey) {
    byKey = new Map()
    clients.set(fetchFn, byKey)
  }
  const key = `${chainId}|${endpoint.rpcUrls.join(' ')}`
  const cached = byKey.get(key)
  if (cached) return cached
  const client = createClient(endpoint, fetchFn)
  byKey.set(key, client)
  return client
}

function createClient({ chain, rpcUrls }: ChainEndpoint, fetchFn: typeof fetch): PublicClient {
  const transports = rpcUrls.map((url) =>
    http(url, { timeout: RPC_TIMEOUT_MS, retryCount: RPC_RETRY_COUNT, retryDelay: 100, fetchFn }),
  )
  return createPublicClient({
    chain,
    // Each http transport retries on its own; the fallback only moves on to the next endpoint.
    transport: fallback(transports, { retryCount: 0 }),
    // Batching is explicit (src/chains/multicall.ts): never let viem split or merge calls on its own.
    batch: { multicall: false },
  }) as PublicClient
}
