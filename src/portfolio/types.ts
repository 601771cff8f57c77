/**
 * The domain layer's data: snapshots paired with where they came from, evaluated margin accounts,
 * and the summaries built from them. GraphQL resolves its types from these; the cron measures
 * alert rules on them. Nothing here knows about GraphQL.
 */
import type {
  AggregateReportsReturnType,
  D,
  MarginAccountSnapshot,
  RiskFigures,
  RiskReport,
  WhatIfFunding,
} from '../engine'
import type { AdapterMap, VenueReportedFigures } from '../protocols/types'
import type { SourceLoader, SourceState } from '../sources/createSourceLoader'
import type { EvaluatedEntry } from './evaluateEntries'

/** What the domain layer needs from its caller (a GraphQL request or a cron tick). */
export type PortfolioContext = {
  env: Env
  adapters: AdapterMap
  /** Reads or reuses sources; a source is read at most once per context. */
  loadSources: SourceLoader
  /** Unix ms of the request or tick: data ages and staleness are judged against this one clock (figures are computed at their own block or venue time). */
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
  /** One row per protocol, by protocol id (see `summarizeByProtocol`), each saying whether all its sources answered. */
  byProtocol: ProtocolRowView[]
  /** Sources that served nothing (ERROR): the summary is incomplete while any is listed. */
  missingSources: SourceState[]
  /** Sources served with a reason not to trust them as current (STALE). */
  staleSources: SourceState[]
  /** false: no margin account could be read and a source is missing, so there are no totals to give (null, never 0). */
  known: boolean
}

/** Equity and maintenance margin of a set of margin accounts, and how many they are. */
export type MarginTotalsView = {
  equityUsd: D
  maintenanceMarginUsd: D
  marginAccountCount: number
}

/** One chain of an on-chain protocol (what `ChainSummary` resolves from). */
export type ChainSummaryView = MarginTotalsView & { chainId: number }

/**
 * One protocol (what `ProtocolSummary` resolves from): its totals, and the same figures per chain
 * for a protocol on EVM chains. Rows never overlap, so a caller may sum them.
 */
export type ProtocolSummaryView = MarginTotalsView & {
  protocol: string
  /** By chain id; the totals are their exact sum. Empty for venues off any EVM chain (Hyperliquid, dYdX, declared). */
  chains: ChainSummaryView[]
}

/** A protocol row of a summary (what `ProtocolSummary` resolves from): false `complete` when a source of the protocol served nothing. */
export type ProtocolRowView = ProtocolSummaryView & { complete: boolean }

/** Machine-readable kinds of `Warning`. */
export type WarningCode = 'NO_SOURCE_SELECTED'

/**
 * Something the caller should know about an answer that is otherwise complete, e.g. a filter value
 * that selected nothing, so an empty answer is never mistaken for an account holding nothing.
 */
export type WarningView = {
  code: WarningCode
  message: string
  /** What the warning is about, when it is one protocol, chain or address. */
  protocol?: string | undefined
  chainId?: number | undefined
  address?: string | undefined
}

/** What `Account` and `Portfolio` resolve from. */
export type PortfolioView = {
  addresses: string[]
  summary: SummaryView
  marginAccounts: MarginAccountView[]
  sources: SourceState[]
  warnings: WarningView[]
}

/** Where the funds of one DEPOSIT or REPAY came from (what `Funding` resolves from). */
export type FundingView = WhatIfFunding & {
  /** Index of the change in the caller's list. */
  change: number
}

/** What `Simulation` resolves from. */
export type SimulationView = {
  before: SummaryView
  after: SummaryView
  marginAccounts: MarginAccountView[]
  sources: SourceState[]
  warnings: WarningView[]
  /** One row per DEPOSIT and REPAY, in the order of the changes. */
  funding: FundingView[]
  /** Σ value of the funds that came from outside the margin accounts, USD. */
  externalFundsUsd: D
}

/** What `StressResult` resolves from. */
export type StressResultView = {
  name: string
  underlying: string | null
  /** The relative move applied (−0.2: down 20 %). */
  move: D
  /** false: no margin account could be read and a source is missing, so there are no totals (as `SummaryView.known`). */
  known: boolean
  /** Σ equity after the shock, summed in risk order as `aggregateReports` sums it. */
  equityUsd: D
  /** `equityUsd` − the same sum before the shock. */
  equityChangeUsd: D
  /**
   * The margin accounts the shock liquidates, risk-ordered, with their figures only: the full reports
   * (positions, liquidation prices) are evaluated when the answer asks for them (`liquidatedViews`).
   */
  liquidated: readonly EvaluatedEntry<RiskFigures>[]
  /** The query's warnings, the same for every scenario. */
  warnings: WarningView[]
}
