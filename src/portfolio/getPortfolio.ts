import type { MarginAccountSnapshot } from '../engine/evaluateMarginAccount'
import type { AccountRef } from '../protocols/types'
import type { SourceState } from '../sources/createSourceLoader'
import { evaluateEntries } from './evaluateEntries'
import { loadEntries } from './loadEntries'
import { summarize } from './summarize'
import type { Entry, PortfolioContext, PortfolioFilters, PortfolioView } from './types'

export type GetPortfolioParameters = {
  /** The accounts to read, validated (EVM checksummed, dYdX lower case), without duplicates. */
  accounts: readonly AccountRef[]
  /** Margin accounts the caller states, as engine snapshots. */
  declared?: readonly MarginAccountSnapshot[] | undefined
  filters: PortfolioFilters
}

/**
 * Reads every source of the accounts, adds the declared margin accounts and evaluates them all at
 * the context's clock: the portfolio, risk-ordered, with one status per source.
 *
 * @example
 * const view = await getPortfolio(context, { accounts: [parseAccount('0x…')], filters: { maxAgeSeconds: 30 } })
 * view.summary.aggregate.nearestToLiquidation?.marginRatio
 */
export async function getPortfolio(
  context: PortfolioContext,
  { accounts, declared = [], filters }: GetPortfolioParameters,
): Promise<PortfolioView> {
  const { entries, sources } = await getEntries(context, { accounts, declared, filters })
  const evaluated = evaluateEntries(entries, sources, nowSecOf(context))
  const summary = summarize(evaluated.views, context.nowMs)
  return {
    addresses: accounts.map((account) => account.address),
    summary,
    marginAccounts: [...summary.marginAccounts],
    sources: evaluated.sources,
  }
}

/** The entries a query evaluates: every source's margin accounts, then the declared ones. */
export async function getEntries(
  context: PortfolioContext,
  { accounts, declared = [], filters }: GetPortfolioParameters,
): Promise<{ entries: Entry[]; sources: SourceState[] }> {
  const { entries, sources } = await loadEntries(context, accounts, filters)
  for (const snapshot of declared) entries.push({ snapshot, source: null })
  return { entries, sources }
}

export const nowSecOf = (context: Pick<PortfolioContext, 'nowMs'>): number => Math.floor(context.nowMs / 1000)
