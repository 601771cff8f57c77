import type { AggregateReportsReturnType } from '../../engine/aggregate'
import type { D } from '../../engine/decimal'
import type { MarginAccountSnapshot } from '../../engine/evaluateMarginAccount'
import type { RiskReport } from '../../engine/types'
import type { VenueReportedFigures } from '../../protocols/types'
import type { SourceState } from '../../sources/createSourceLoader'

/** One evaluated margin account and where it came from (what `MarginAccount` resolves from). */
export type MarginAccountView = {
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
  pct: string
  summary: SummaryView
  equityChangeUsd: D
}
