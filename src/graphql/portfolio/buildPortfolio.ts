/**
 * From sources and declared positions to evaluated margin accounts: the ONE place a GraphQL
 * request runs the engine. Each margin account is evaluated with its own venue's snapshot and
 * rules; the summary aggregates without netting liquidation across venues.
 */
import { getChainConfig } from '../../chains/getChainConfig'
import { aggregateReports } from '../../engine/aggregate'
import { compareRatio } from '../../engine/decimal'
import { EngineInputError } from '../../engine/errors'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../../engine/evaluateMarginAccount'
import { InvalidInputError } from '../../errors/input'
import type { AccountRef, SourceRef, VenueAdapter, VenueReportedFigures } from '../../protocols/types'
import type { SourceState } from '../../sources/createSourceLoader'
import type { GraphQLContext } from '../context'
import type { MarginAccountView, PortfolioView, SummaryView } from './views'

export type PortfolioFilters = {
  maxAgeSeconds: number
  protocols?: readonly string[] | null | undefined
  chains?: readonly number[] | null | undefined
}

/** Longest cache age a caller may accept: older data would be misleading for liquidation risk. */
export const MAX_AGE_SECONDS_LIMIT = 86_400

export type Entry = {
  snapshot: MarginAccountSnapshot
  source: SourceState | null
  venueReported?: VenueReportedFigures | undefined
}

/** Every source (venue × chain × market) where the accounts may hold positions, narrowed by protocol and chain. */
export function sourcesOfAccounts(
  accounts: readonly AccountRef[],
  adapters: readonly VenueAdapter[],
  env: Env,
  { protocols, chains }: Pick<PortfolioFilters, 'protocols' | 'chains'>,
): SourceRef[] {
  const refs: SourceRef[] = []
  for (const account of accounts) {
    for (const adapter of adapters) {
      if (protocols && !protocols.includes(adapter.id)) continue
      if (!adapter.accountKinds.includes(account.kind)) continue
      for (const source of adapter.sources(account, env)) {
        if (chains && (source.chainId === undefined || !chains.includes(source.chainId))) continue
        refs.push(source)
      }
    }
  }
  return refs
}

/** Reads (or reuses) every source of the accounts and returns one entry per margin account found. */
export async function loadEntries(
  context: GraphQLContext,
  accounts: readonly AccountRef[],
  { maxAgeSeconds, protocols, chains }: PortfolioFilters,
): Promise<{ entries: Entry[]; sources: SourceState[] }> {
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0 || maxAgeSeconds > MAX_AGE_SECONDS_LIMIT) {
    throw new InvalidInputError(`maxAgeSeconds must be an integer from 0 to ${MAX_AGE_SECONDS_LIMIT}.`)
  }
  const adapters = Object.values(context.adapters)
  for (const protocol of protocols ?? []) {
    if (!adapters.some((adapter) => adapter.id === protocol)) {
      throw new InvalidInputError(`Unknown protocol "${protocol}".`, {
        metaMessages: [`Known: ${adapters.map((a) => a.id).join(', ')}.`],
      })
    }
  }
  const known = getChainConfig(context.env)
  for (const chain of chains ?? []) {
    if (!known.has(chain))
      throw new InvalidInputError(`Unknown chain ${chain}: it has no RPC endpoint in this deployment.`)
  }
  const refs = sourcesOfAccounts(accounts, adapters, context.env, { protocols, chains })
  const sources = await context.loadSources(refs, maxAgeSeconds)
  const entries = sources.flatMap((source) =>
    source.snapshots.map((item) => ({ snapshot: item.snapshot, source, venueReported: item.venueReported })),
  )
  return { entries, sources }
}

export function marginAccountId(snapshot: MarginAccountSnapshot, source: SourceState | null): string {
  const market = source?.source.market ?? ''
  return [snapshot.venue, snapshot.chainId ?? '', market, snapshot.account, snapshot.marginAccountId].join(':')
}

/** Evaluates every entry at `nowSec`; an entry the engine cannot evaluate is the caller's input error (declared) or a source error. */
export function evaluateEntries(entries: readonly Entry[], nowSec: number): MarginAccountView[] {
  return entries.map((entry) => ({
    id: marginAccountId(entry.snapshot, entry.source),
    snapshot: entry.snapshot,
    report: evaluateOrThrow(entry.snapshot, nowSec),
    source: entry.source,
    venueReported: entry.venueReported,
  }))
}

export function evaluateOrThrow(snapshot: MarginAccountSnapshot, nowSec: number) {
  try {
    return evaluateMarginAccount({ snapshot, nowSec })
  } catch (error) {
    if (error instanceof EngineInputError) throw new InvalidInputError(error.message, { cause: error })
    throw error
  }
}

export function summarize(views: readonly MarginAccountView[], asOfMs: number): SummaryView {
  return { asOfMs, aggregate: aggregateReports(views.map((view) => view.report)), marginAccounts: views }
}

/** Nearest to liquidation first (liquidatable, then highest margin ratio), then by id: a stable order for pagination. */
export function byRisk(a: MarginAccountView, b: MarginAccountView): number {
  if (a.report.liquidatable !== b.report.liquidatable) return a.report.liquidatable ? -1 : 1
  return compareRatio(b.report.marginRatio, a.report.marginRatio) || a.id.localeCompare(b.id)
}

export function buildPortfolio(
  addresses: string[],
  views: MarginAccountView[],
  sources: SourceState[],
  nowMs: number,
): PortfolioView {
  const sorted = [...views].sort(byRisk)
  return { addresses, summary: summarize(sorted, nowMs), marginAccounts: sorted, sources }
}
