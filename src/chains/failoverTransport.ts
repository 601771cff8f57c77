/**
 * The transport of every chain client: each JSON-RPC request goes to ONE endpoint at a time, in the
 * order `orderEndpoints` gives (configured order, endpoints that failed lately last), and moves to
 * the next endpoint when one fails: once, never retried on the same endpoint, so a hung provider
 * costs one timeout and the request's later calls go elsewhere first.
 *
 * Why not viem's `fallback`: it restarts every request at the first transport (the `rank` option
 * re-sorts only by pinging `net_listening` on a timer, i.e. background subrequests from an isolate
 * between requests, and by latency rather than by the configured order), it cannot tell a lagging
 * provider from a healthy one, and its inner `http` transports retry a timeout on the same endpoint
 * (8 s twice per call with the old settings). What this needs on top of one HTTP JSON-RPC call
 * (./requestJsonRpc.ts, the same errors as viem's `http`) is small: an order that learns from failures
 * (./endpointHealth.ts) and a check of the block each answer is at. `failoverRequest` is that request
 * without a viem client, for the reads that need none (src/chains/multicall.ts).
 *
 * Lagging providers: an answer for the latest block (`eth_blockNumber`, `eth_getBlockByNumber("latest")`,
 * an `aggregate3` at `latest` whose first call is Multicall3's `getBlockNumber()`)
 * older than the highest block the chain has shown is refused, and the request goes to the next
 * endpoint. A read pinned to a block (`eth_call` at N, `eth_getBlockByNumber(N)`) is sent first to the
 * endpoints not known to be below N, and an endpoint answering it without that block ("header not
 * found", a null block) is passed over the same way.
 *
 * @see https://viem.sh/docs/clients/transports/fallback (what this replaces)
 * @see https://ethereum.org/en/developers/docs/apis/json-rpc/#default-block (block parameters)
 */

import {
  BaseError,
  createTransport,
  type EIP1193RequestFn,
  HttpRequestError,
  hexToBigInt,
  RpcRequestError,
  TimeoutError,
  type Transport,
} from 'viem'
import { blockNumberOfAggregate3 } from './aggregate3'
import {
  chainKeyOf,
  type EndpointFailure,
  getEndpointHead,
  orderEndpoints,
  recordEndpointFailure,
  recordEndpointHead,
  recordEndpointSuccess,
} from './endpointHealth'
import { RpcEndpointsFailedError } from './errors'
import { requestJsonRpc } from './requestJsonRpc'

export type FailoverTransportOptions = {
  chainId: number
  /** The chain's endpoints in configured order (`RPC_URLS`). */
  urls: readonly string[]
  /** One attempt's timeout on one endpoint. */
  timeoutMs: number
  fetchFn: typeof fetch
  /** The clock cool-downs are measured with. Default `Date.now`. */
  nowMs?: (() => number) | undefined
}

/**
 * @example
 * createPublicClient({ chain, transport: failoverTransport({ chainId: 1, urls, timeoutMs: 8_000, fetchFn: fetch }) })
 */
export function failoverTransport(options: FailoverTransportOptions): Transport<'failover'> {
  return () =>
    createTransport({
      key: 'failover',
      name: 'Failover',
      type: 'failover',
      retryCount: 0,
      timeout: options.timeoutMs,
      request: ((args: { method: string; params?: unknown }) => failoverRequest(options, args)) as EIP1193RequestFn,
    })
}

export type FailoverRequestParameters = { method: string; params?: unknown }

/**
 * One JSON-RPC request through the chain's endpoints, as `failoverTransport` sends it, without a viem
 * client around it (src/chains/multicall.ts sends its `eth_call`s this way, with each request's own
 * `fetch`). What it learns about endpoints is module memory (./endpointHealth.ts), whatever the caller.
 *
 * @throws {RpcEndpointsFailedError} when no endpoint gave a usable answer; a revert as the node answered it.
 * @example
 * const data = await failoverRequest({ chainId: 1, urls, timeoutMs: 8_000, fetchFn: fetch }, { method: 'eth_call', params: [{ to, data }, 'latest'] })
 */
export async function failoverRequest(
  { chainId, urls, timeoutMs, fetchFn, nowMs = Date.now }: FailoverTransportOptions,
  { method, params }: FailoverRequestParameters,
): Promise<unknown> {
  const args = (params ?? []) as unknown[]
  const pinned = pinnedBlock(method, args)
  const readsHead = readsLatestBlock(method, args)
  let order = orderEndpoints(urls, nowMs())
  if (pinned !== undefined) {
    // Endpoints known to be below the pinned block go last: they would answer "header not found".
    const below = (url: string) => (getEndpointHead(url) ?? pinned) < pinned
    order = [...order.filter((url) => !below(url)), ...order.filter(below)]
  }
  const failures: EndpointFailure[] = []
  let lastError: unknown
  for (const url of order) {
    let answer: unknown
    try {
      // retryCount 0: a failed attempt moves on to the next endpoint instead of waiting on this one again.
      answer = await requestJsonRpc({ url, method, params: params as unknown[] | undefined, timeoutMs, fetchFn })
    } catch (error) {
      if (isRevert(error)) {
        // The node answered: the call itself reverts, on any endpoint.
        recordEndpointSuccess(url)
        throw error
      }
      const failure = classify(error, pinned, timeoutMs)
      failures.push(failure)
      lastError = error
      if (coolsDown(failure)) recordEndpointFailure(url, failure, nowMs())
      continue
    }
    if (readsHead) {
      const head = headOf(method, args, answer)
      if (head !== undefined) {
        const seen = recordEndpointHead(chainKeyOf(chainId, urls), url, head)
        if (seen.status === 'behind') {
          const failure: EndpointFailure = { kind: 'behind', blockNumber: seen.chainHead }
          failures.push(failure)
          recordEndpointFailure(url, failure, nowMs())
          continue
        }
      }
    } else if (pinned !== undefined && method === 'eth_getBlockByNumber' && answer === null) {
      // No such block here yet: a lagging provider (a node at the block would have it).
      const failure: EndpointFailure = { kind: 'behind', blockNumber: pinned }
      failures.push(failure)
      recordEndpointFailure(url, failure, nowMs())
      continue
    }
    recordEndpointSuccess(url)
    return answer
  }
  throw new RpcEndpointsFailedError({
    chainId,
    method,
    failures,
    cause: lastError instanceof Error ? lastError : undefined,
  })
}

/** Methods whose last parameter (or the one at this index) is a block: number, tag, or EIP-1898 object. */
const BLOCK_PARAMETER: Record<string, number> = {
  eth_call: 1,
  eth_getBalance: 1,
  eth_getCode: 1,
  eth_getTransactionCount: 1,
  eth_getStorageAt: 2,
  eth_getProof: 2,
  eth_getBlockByNumber: 0,
}

/** The block number a request is pinned to, or undefined for a tag (`latest`, …) or no block. */
function pinnedBlock(method: string, params: readonly unknown[]): bigint | undefined {
  const index = BLOCK_PARAMETER[method]
  if (index === undefined) return undefined
  const block = params[index]
  const hex =
    typeof block === 'object' && block !== null && 'blockNumber' in block
      ? (block as { blockNumber: unknown }).blockNumber
      : block
  return typeof hex === 'string' && /^0x[0-9a-fA-F]+$/.test(hex) ? hexToBigInt(hex as `0x${string}`) : undefined
}

/** The request asks for the chain's latest block: its answer tells the endpoint's head. */
function readsLatestBlock(method: string, params: readonly unknown[]): boolean {
  if (method === 'eth_blockNumber') return true
  if (method === 'eth_call') return params[1] === 'latest' || params[1] === undefined
  return method === 'eth_getBlockByNumber' && (params[0] === 'latest' || params[0] === undefined)
}

function headOf(method: string, params: readonly unknown[], answer: unknown): bigint | undefined {
  // A read at `latest` that asks Multicall3 for its block (multicallByChain's) says the endpoint's head.
  if (method === 'eth_call')
    return blockNumberOfAggregate3((params[0] ?? {}) as { to?: unknown; data?: unknown }, answer)
  const hex =
    method === 'eth_blockNumber'
      ? answer
      : typeof answer === 'object' && answer !== null
        ? (answer as { number?: unknown }).number
        : undefined
  return typeof hex === 'string' && /^0x[0-9a-fA-F]+$/.test(hex) ? hexToBigInt(hex as `0x${string}`) : undefined
}

/** What geth, erigon, nethermind, reth and anvil answer for a block they do not have (yet). */
const MISSING_BLOCK =
  /header not found|unknown block|block not found|missing trie node|BlockOutOfRange|block number .* (exceeds|is greater)|not yet available|requested block .* (not|is in the future)/i

/** JSON-RPC codes of a provider-side fault (rate limits, internal errors), as viem's own retry treats them. */
const SERVER_FAULT_CODES = new Set([-1, -32603, -32005, -32007, 429])

function classify(error: unknown, pinned: bigint | undefined, timeoutMs: number): EndpointFailure {
  const walk = (test: (e: unknown) => boolean) => (error instanceof BaseError ? error.walk(test) : null)
  if (walk((e) => e instanceof TimeoutError)) return { kind: 'timeout', timeoutMs }
  const httpError = walk((e) => e instanceof HttpRequestError) as HttpRequestError | null
  if (httpError && !walk((e) => e instanceof RpcRequestError)) {
    return httpError.status ? { kind: 'http', status: httpError.status } : { kind: 'unreachable' }
  }
  const message = error instanceof Error ? `${error.message} ${(error as BaseError).details ?? ''}` : String(error)
  if (pinned !== undefined && MISSING_BLOCK.test(message)) return { kind: 'behind', blockNumber: pinned }
  const rpcError = walk((e) => e instanceof RpcRequestError) as RpcRequestError | null
  if (rpcError) return { kind: 'rpc', code: rpcError.code }
  if (httpError) return { kind: 'unreachable' }
  return { kind: 'unreachable' }
}

/** Failures that send an endpoint to the back of the order: the provider's, not the request's. */
function coolsDown(failure: EndpointFailure): boolean {
  return failure.kind !== 'rpc' || (failure.code !== undefined && SERVER_FAULT_CODES.has(failure.code))
}

/** `execution reverted` (JSON-RPC 3): an answer, the same from every endpoint. */
function isRevert(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return Boolean(
    error.walk(
      (e) =>
        (e instanceof RpcRequestError && e.code === 3) ||
        (e instanceof Error && /execution reverted/i.test((e as BaseError).details ?? e.message)),
    ),
  )
}
