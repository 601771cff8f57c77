/**
 * The venue adapter contract: I/O at the edge, decoding pure. An adapter turns "these accounts on
 * this venue" into normalized snapshots the engine evaluates. One folder per venue under
 * src/protocols/, each exporting one adapter object from its index.ts.
 */

import type { Multicall } from '../chains/multicallBatch'
import type { DecimalString, MarginAccountSnapshot } from '../engine'

export type VenueId = 'aave-v3' | 'morpho-blue' | 'hyperliquid' | 'dydx-v4'

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

/**
 * One price feed a source's figures depend on, read in the same block as the figures
 * (Aave: `AaveOracle.getSourceOfAsset(asset)`, then its Chainlink `latestRoundData()`).
 * Judged against its heartbeat by `assessFreshness`; the adapter only reports what it read.
 */
export type FeedReading = {
  /** The asset the feed prices, as the venue names it (Aave: the reserve's symbol). */
  asset: string
  /** The feed contract. */
  feed: `0x${string}`
  /** `latestRoundData().answer`, integer string; null when the feed has no `latestRoundData`. */
  answer: string | null
  /** `latestRoundData().updatedAt`, unix seconds; null when the feed has no `latestRoundData`. */
  updatedAtSec: number | null
}

/**
 * A chain's L2 sequencer as its Chainlink uptime feed reports it, read in the same block, and the
 * grace period a market waits after it comes back before liquidations are allowed again.
 *
 * @see https://docs.chain.link/data-feeds/l2-sequencer-feeds
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/configuration/PriceOracleSentinel.sol
 */
export type SequencerReading = {
  /** The uptime feed (`latestRoundData().answer`: 0 up, 1 down). */
  feed: `0x${string}`
  up: boolean
  /** `latestRoundData().startedAt`: when the status last changed, unix seconds. */
  sinceSec: number
  /** Seconds after coming back during which liquidations stay disabled (the sentinel's `getGracePeriod()`, else a default). */
  gracePeriodSec: number
  /** The market's PriceOracleSentinel, when the PoolAddressesProvider has one. */
  sentinel: `0x${string}` | null
}

/** What a source's figures rest on besides its own block, read with it: judged by `assessFreshness`. */
export type SourceInputs = {
  /** Every price feed the figures depend on (empty or absent: the venue's prices are its own). */
  feeds?: FeedReading[] | undefined
  /** The L2 sequencer, on chains with an uptime feed. */
  sequencer?: SequencerReading | undefined
}

export type SourceResult =
  | {
      source: SourceRef
      status: 'ok'
      snapshots: SourceSnapshot[]
      /** Unix seconds of the venue state (block timestamp or venue time): the figures are computed at this time. */
      asOfSec: number
      blockNumber?: bigint | undefined
      inputs?: SourceInputs | undefined
      latencyMs: number
    }
  | {
      source: SourceRef
      status: 'error'
      error: SourceError
      /** What could be read although the figures could not (e.g. a feed answering zero made the prices revert). */
      inputs?: SourceInputs | undefined
      latencyMs: number
    }

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
  /**
   * The multicall an EVM adapter's first round goes through: the loader's batch, so every EVM adapter of
   * one read shares ONE `eth_call` per chain (src/chains/multicallBatch.ts). Absent: `multicallByChain`.
   */
  multicall?: Multicall | undefined
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
