/**
 * The venue adapter contract: I/O at the edge, decoding pure. An adapter turns "these accounts on
 * this venue" into normalized snapshots the engine evaluates. One folder per venue under
 * src/protocols/, each exporting one adapter object from its index.ts.
 */

import type { DecimalString, MarginAccountSnapshot } from '../engine'

export type VenueId = 'aave-v3' | 'hyperliquid' | 'dydx-v4'

/** An account as the caller gave it, already validated: EVM (checksummed) or dYdX (bech32 `dydx1…`). */
export type AccountRef = { kind: 'evm'; address: `0x${string}` } | { kind: 'dydx'; address: string }

/**
 * One source: what one adapter reads for one account in one place (an Aave market on one chain,
 * a Hyperliquid user, a dYdX address). It yields zero or more margin accounts.
 */
export type SourceRef = {
  venue: VenueId
  /** EVM chain id for on-chain venues. */
  chainId?: number | undefined
  /** Market within the venue where it has several (Aave: `Core`, `Prime`, `Sandbox`). */
  market?: string | undefined
  account: AccountRef
}

/** Figures the venue itself reports for a margin account, shown next to the engine's (`venueReported`). */
export type VenueReportedFigures = Record<string, DecimalString>

export type SourceSnapshot = {
  snapshot: MarginAccountSnapshot
  venueReported?: VenueReportedFigures | undefined
}

export type SourceError = {
  code: 'UPSTREAM_UNAVAILABLE' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'INTERNAL'
  message: string
}

export type SourceResult =
  | {
      source: SourceRef
      status: 'ok'
      snapshots: SourceSnapshot[]
      /** Unix seconds of the venue state (block timestamp or venue time). */
      asOfSec: number
      blockNumber?: bigint | undefined
      latencyMs: number
    }
  | { source: SourceRef; status: 'error'; error: SourceError; latencyMs: number }

/**
 * Reference data (market parameters, reserve lists) that changes rarely: cached longer than
 * balances and shared across isolates (D1 `reference_data`). Values must be JSON-safe.
 */
export type ReferenceCache = {
  /** The unexpired entries among `keys`. */
  getMany(keys: readonly string[], nowMs: number): Promise<Map<string, unknown>>
  set(key: string, value: unknown, nowMs: number, ttlMs: number): Promise<void>
}

/** What an adapter may use to reach the outside world; everything comes from config, nothing from globals. */
export type ReadContext = {
  env: Env
  /** The Worker's fetch (tests may wrap it to count requests). */
  fetch: typeof fetch
  /** Unix milliseconds when the request started (one clock per request). */
  nowMs: number
  /** Where adapters keep reference data between requests; absent = isolate memory only. */
  referenceCache?: ReferenceCache | undefined
}

/** The adapters a request or tick may read from, by venue. */
export type AdapterMap = Partial<Record<VenueId, VenueAdapter>>

export type VenueAdapter = {
  id: VenueId
  name: string
  kind: 'LENDING' | 'PERPETUALS'
  /** Which account kinds the venue understands. */
  accountKinds: readonly AccountRef['kind'][]
  /** The EVM chains the venue is read on with this configuration (empty or absent for off-chain venues). */
  chains?(env: Env): number[]
  /** The sources this deployment reads for an account (Aave: one per configured chain and market). */
  sources(account: AccountRef, env: Env): SourceRef[]
  /**
   * Reads many sources at once, batching by the venue's natural unit (EVM: ONE multicall per chain
   * per call, pinned to one block; HTTP: one request per account). Never throws for a source's
   * failure: that source gets `status: 'error'` and the others are intact.
   */
  read(sources: readonly SourceRef[], context: ReadContext): Promise<SourceResult[]>
}
