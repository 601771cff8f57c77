import { aggregateReports } from '../engine/aggregate'
import { compareRatio } from '../engine/decimal'
import type { MarginAccountView, SummaryView } from './types'

/** Nearest to liquidation first (liquidatable, then highest margin ratio), then by id: a stable order for pagination. */
export function byRisk(a: MarginAccountView, b: MarginAccountView): number {
  if (a.report.liquidatable !== b.report.liquidatable) return a.report.liquidatable ? -1 : 1
  return compareRatio(b.report.marginRatio, a.report.marginRatio) || a.id.localeCompare(b.id)
}

/** The summary of a set of evaluated margin accounts, which it keeps in risk order. */
export function summarize(views: readonly MarginAccountView[], asOfMs: number): SummaryView {
  const sorted = [...views].sort(byRisk)
  return { asOfMs, aggregate: aggregateReports(sorted.map((view) => view.report)), marginAccounts: sorted }
}
