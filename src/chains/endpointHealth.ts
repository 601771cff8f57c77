/**
 * What this isolate has learned about RPC endpoints: which ones failed lately (they are tried last
 * for `COOL_DOWN_MS`) and the highest block each chain has shown (a provider answering an older
 * one is lagging). Module memory, shared by every request the isolate serves; nothing here does I/O.
 *
 * Endpoints are keyed by URL, chains by `chainKey` (the chain id and its endpoint list: one key per
 * chain in a deployment, whose `RPC_URLS` is fixed; two local chains that share a chain id, as the
 * tests run, keep apart).
 */

/** How long an endpoint that failed is tried after the others. Then it is tried in its place again. */
export const COOL_DOWN_MS = 60_000

/**
 * Why an endpoint did not give a usable answer. `behind` is a provider at an older block than the chain
 * has already shown (or without the block a read is pinned to).
 */
export type EndpointFailure =
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'http'; status: number }
  | { kind: 'unreachable' }
  | { kind: 'behind'; blockNumber: bigint }
  | { kind: 'rpc'; code: number | undefined }

const failures = new Map<string, { atMs: number; failure: EndpointFailure }>()
const chainHeads = new Map<string, bigint>()
const endpointHeads = new Map<string, bigint>()

/** The chain's key: its id and its endpoints, in configured order. */
export const chainKeyOf = (chainId: number, urls: readonly string[]) => `${chainId}|${urls.join(' ')}`

/**
 * The order to try `urls` in: the configured order, except that endpoints which failed in the last
 * `COOL_DOWN_MS` come after the others (oldest failure first, as the likeliest to have recovered).
 * Every endpoint stays in the list: when all of them failed lately, all are still tried.
 */
export function orderEndpoints(urls: readonly string[], nowMs: number): string[] {
  const cooling = (url: string) => {
    const failed = failures.get(url)
    return failed !== undefined && nowMs - failed.atMs < COOL_DOWN_MS ? failed.atMs : undefined
  }
  const fresh = urls.filter((url) => cooling(url) === undefined)
  const last = urls
    .filter((url) => cooling(url) !== undefined)
    .sort((a, b) => (cooling(a) as number) - (cooling(b) as number))
  return [...fresh, ...last]
}

/** The endpoint failed: it goes to the back of the order for `COOL_DOWN_MS` from `nowMs`. */
export function recordEndpointFailure(url: string, failure: EndpointFailure, nowMs: number): void {
  failures.set(url, { atMs: nowMs, failure })
}

/** The endpoint answered: it takes its configured place again. */
export function recordEndpointSuccess(url: string): void {
  failures.delete(url)
}

/** The highest block the chain has shown in this isolate (never goes down), if any. */
export function getChainHead(chainKey: string): bigint | undefined {
  return chainHeads.get(chainKey)
}

/** The latest block the endpoint answered, if it answered one. */
export function getEndpointHead(url: string): bigint | undefined {
  return endpointHeads.get(url)
}

/**
 * An endpoint answered `blockNumber` as its latest block. Returns `behind` with the chain's highest
 * block when that is newer (the answer must not be used), else `ok` (and the chain's head moves up).
 */
export function recordEndpointHead(
  chainKey: string,
  url: string,
  blockNumber: bigint,
): { status: 'ok' } | { status: 'behind'; chainHead: bigint } {
  endpointHeads.set(url, blockNumber)
  const head = chainHeads.get(chainKey)
  if (head !== undefined && blockNumber < head) return { status: 'behind', chainHead: head }
  chainHeads.set(chainKey, blockNumber)
  return { status: 'ok' }
}

/**
 * Forgets everything learned. For tests and local harnesses that rewind a chain on purpose (anvil
 * `evm_revert`): after a rewind every endpoint is honestly "behind" the block seen before it.
 */
export function forgetEndpointHealth(): void {
  failures.clear()
  chainHeads.clear()
  endpointHeads.clear()
}
