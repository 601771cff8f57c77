import {
  type AggregateReportsReturnType,
  aggregateReports,
  compareRatio,
  type MarginAccountSnapshot,
  type RiskFigures,
  type RiskReport,
  ZERO,
} from '../engine'
import { deepFreeze, IdentityMemo } from '../lib/isolateCache'
import type { SourceState } from '../sources/createSourceLoader'
import type { ChainSummaryView, MarginAccountView, MarginTotalsView, ProtocolSummaryView, SummaryView } from './types'

/** What `byRisk` reads of an evaluated margin account (its full report or its figures). */
export type RiskOrderItem = { id: string; report: Pick<RiskFigures, 'liquidatable' | 'marginRatio'> }

/** Nearest to liquidation first (liquidatable, then highest margin ratio), then by id: a stable order for pagination. */
export function byRisk(a: RiskOrderItem, b: RiskOrderItem): number {
  if (a.report.liquidatable !== b.report.liquidatable) return a.report.liquidatable ? -1 : 1
  return compareRatio(b.report.marginRatio, a.report.marginRatio) || a.id.localeCompare(b.id)
}

/**
 * The summary of a set of evaluated margin accounts, which it keeps in risk order, and of the
 * sources they were read from: the sources that served nothing make it incomplete, those served
 * with a reason make it stale. Totals cover the margin accounts read; a summary that read none and
 * is missing a source has no totals at all (never an equity of 0 for an account nobody could read).
 */
export function summarize(
  views: readonly MarginAccountView[],
  asOfMs: number,
  sources: readonly SourceState[],
): SummaryView {
  const sorted = inRiskOrder(views)
  const missing = sources.filter((source) => source.status === 'error')
  const incomplete = new Set<string>(missing.map((source) => source.source.venue))
  return {
    asOfMs,
    aggregate: aggregateOf(sorted.map((view) => view.report)),
    marginAccounts: sorted,
    byProtocol: byProtocolOf(sorted).map((row) => ({ ...row, complete: !incomplete.has(row.protocol) })),
    missingSources: missing,
    staleSources: sources.filter((source) => source.status === 'stale'),
    known: sorted.length > 0 || missing.length === 0,
  }
}

/**
 * The aggregate and the protocol rows of reports the engine memoised (frozen: cached snapshots'), per
 * isolate: pure functions of those reports in that order, so a warm query sums them once. Anything
 * else (a fresh read, a what-if) is summed every time.
 */
const aggregates = new IdentityMemo<AggregateReportsReturnType>()
const protocolRows = new IdentityMemo<ProtocolSummaryView[]>()

const riskOrders = new IdentityMemo<readonly number[]>()

/** `views` sorted by `byRisk`; for frozen snapshots and reports, the order is kept (a permutation of the positions). */
function inRiskOrder(views: readonly MarginAccountView[]): MarginAccountView[] {
  if (!views.every((view) => Object.isFrozen(view.report) && Object.isFrozen(view.snapshot)))
    return [...views].sort(byRisk)
  const keys = views.flatMap((view) => [view.report, view.snapshot])
  const order = riskOrders.get(keys, () =>
    Object.freeze(
      views
        .map((view, index) => ({ view, index }))
        .sort((a, b) => byRisk(a.view, b.view))
        .map(({ index }) => index),
    ),
  )
  return order.map((index) => views[index] as MarginAccountView)
}

function aggregateOf(reports: readonly RiskReport[]): AggregateReportsReturnType {
  if (!reports.every(Object.isFrozen)) return aggregateReports(reports)
  return aggregates.get(reports, () => deepFreeze(aggregateReports(reports)))
}

function byProtocolOf(views: readonly MarginAccountView[]): ProtocolSummaryView[] {
  if (!views.every((view) => Object.isFrozen(view.report) && Object.isFrozen(view.snapshot)))
    return summarizeByProtocol(views)
  const keys = views.flatMap((view) => [view.report, view.snapshot])
  return protocolRows.get(keys, () => deepFreeze(summarizeByProtocol(views)))
}

/** What `summarizeByProtocol` reads of an evaluated margin account. */
export type SummarizeByProtocolItem = {
  snapshot: Pick<MarginAccountSnapshot, 'venue' | 'chainId'>
  report: Pick<RiskReport, 'equityUsd' | 'maintenanceMarginUsd'>
}

/**
 * One row per protocol with its per-chain breakdown nested, so that no row counts a margin account
 * another row counts too: an integrator summing the rows (or a protocol's chains) gets the right
 * total. A protocol's totals are computed from its chains' subtotals (plus any margin account off a
 * chain), so for an on-chain protocol they equal the sum of its chains exactly. Protocols come in
 * id order, chains in chain-id order.
 */
export function summarizeByProtocol(views: readonly SummarizeByProtocolItem[]): ProtocolSummaryView[] {
  const protocols = new Map<string, { offChain: MarginTotalsView; chains: Map<number, MarginTotalsView> }>()
  for (const view of views) {
    const protocol = view.snapshot.venue
    let group = protocols.get(protocol)
    if (!group) {
      group = { offChain: emptyTotals(), chains: new Map() }
      protocols.set(protocol, group)
    }
    const chainId = view.snapshot.chainId
    let totals = group.offChain
    if (chainId !== undefined) {
      totals = group.chains.get(chainId) ?? emptyTotals()
      group.chains.set(chainId, totals)
    }
    addTo(totals, view)
  }
  return [...protocols.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([protocol, group]) => {
      const chains: ChainSummaryView[] = [...group.chains.entries()]
        .sort(([a], [b]) => a - b)
        .map(([chainId, totals]) => ({ chainId, ...totals }))
      return { protocol, ...sumTotals([group.offChain, ...chains]), chains }
    })
}

const emptyTotals = (): MarginTotalsView => ({ equityUsd: ZERO, maintenanceMarginUsd: ZERO, marginAccountCount: 0 })

function addTo(totals: MarginTotalsView, view: SummarizeByProtocolItem): void {
  totals.equityUsd = totals.equityUsd.add(view.report.equityUsd)
  totals.maintenanceMarginUsd = totals.maintenanceMarginUsd.add(view.report.maintenanceMarginUsd)
  totals.marginAccountCount++
}

function sumTotals(parts: readonly MarginTotalsView[]): MarginTotalsView {
  const total = emptyTotals()
  for (const part of parts) {
    total.equityUsd = total.equityUsd.add(part.equityUsd)
    total.maintenanceMarginUsd = total.maintenanceMarginUsd.add(part.maintenanceMarginUsd)
    total.marginAccountCount += part.marginAccountCount
  }
  return total
}
