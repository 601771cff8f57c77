/**
 * The domain layer's data: snapshots paired with where they came from, evaluated margin accounts,
 * and the summaries built from them. GraphQL resolves its types from these; the cron measures
 * alert rules on them. Nothing here knows about GraphQL.
 */
import type { AggregateReportsReturnType } from '../engine/aggregate'
import type { D } from '../engine/decimal'
import type { MarginAccountSnapshot } from '../engine/evaluateMarginAccount'
import type { RiskReport } from '../engine/types'
import type { AdapterMap, VenueReportedFigures } from '../protocols/types'
import type { SourceLoader, SourceState } from '../sources/createSourceLoader'

/** What the domain layer needs from its caller (a GraphQL request or a cron tick). */
export type PortfolioContext = {
  env: Env
  adapters: AdapterMap
  /** Reads or reuses sources; a source is read at most once per context. */
  loadSources: SourceLoader
  /** Unix ms of the request or tick: the engine's `nowSec` and cache ages use this one clock. */
  nowMs: number
}

export type PortfolioFilters = {
  /** Cache age a caller accepts, seconds; 0 forces a fresh read. */
  maxAgeSeconds: number
  protocols?: readonly string[] | null | undefined
  chains?: readonly number[] | null | undefined
}

/** One snapshot to evaluate and its source (null for a margin account the caller declared). */
export type Entry = {
  snapshot: MarginAccountSnapshot
  source: SourceState | null
  venueReported?: VenueReportedFigures | undefined
}

/** One evaluated margin account and where it came from (what `MarginAccount` resolves from). */
export type MarginAccountView = {
  /** Stable id: `protocol:chain:market:account:marginAccountId`. */
  id: string
  snapshot: MarginAccountSnapshot
  report: RiskReport
  /** The source it was read from; null for declared margin accounts. */
  source: SourceState | null
  venueReported: VenueReportedFigures | undefined
}

/** What `RiskSummary` resolves from. */
export type SummaryView = {
  asOfMs: number
  aggregate: AggregateReportsReturnType
  /** Risk-ordered (see `byRisk`). */
  marginAccounts: readonly MarginAccountView[]
}

/** What `Account` and `Portfolio` resolve from. */
export type PortfolioView = {
  addresses: string[]
  summary: SummaryView
  marginAccounts: MarginAccountView[]
  sources: SourceState[]
}

/** What `Simulation` resolves from. */
export type SimulationView = {
  before: SummaryView
  after: SummaryView
  marginAccounts: MarginAccountView[]
  sources: SourceState[]
}

/** What `StressResult` resolves from. */
export type StressResultView = {
  name: string
  underlying: string | null
  /** The relative move applied (−0.2: down 20 %). */
  move: D
  summary: SummaryView
  equityChangeUsd: D
}
