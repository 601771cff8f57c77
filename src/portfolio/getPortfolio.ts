import type { MarginAccountSnapshot } from '../engine'
import type { AccountRef } from '../protocols/types'
import { evaluateEntries } from './evaluateEntries'
import { type LoadEntriesReturnType, loadEntries } from './loadEntries'
import { summarize } from './summarize'
import type { PortfolioContext, PortfolioFilters, PortfolioView } from './types'

export type GetPortfolioParameters = {
  /** The accounts to read, validated (EVM checksummed, dYdX lower case), without duplicates. */
  accounts: readonly AccountRef[]
  /** Margin accounts the caller states, as engine snapshots. */
  declared?: readonly MarginAccountSnapshot[] | undefined
  filters: PortfolioFilters
}

/**
 * Reads every source of the accounts, adds the declared margin accounts and evaluates each at its
 * own time (`computedAtSec`): the portfolio, risk-ordered, with one status per source.
 *
 * @example
 * const view = await getPortfolio(context, { accounts: [parseAccount('0x…')], filters: { maxAgeSeconds: 30 } })
 * view.summary.aggregate.nearestToLiquidation?.marginRatio
 */
export async function getPortfolio(
  context: PortfolioContext,
  { accounts, declared = [], filters }: GetPortfolioParameters,
): Promise<PortfolioView> {
  const { entries, sources, warnings } = await getEntries(context, { accounts, declared, filters })
  const evaluated = evaluateEntries(entries, sources)
  const summary = summarize(evaluated.views, context.nowMs, evaluated.sources)
  return {
    addresses: accounts.map((account) => account.address),
    summary,
    marginAccounts: [...summary.marginAccounts],
    sources: evaluated.sources,
    warnings,
  }
}

/** The entries a query evaluates: every source's margin accounts, then the declared ones. */
export async function getEntries(
  context: PortfolioContext,
  { accounts, declared = [], filters }: GetPortfolioParameters,
): Promise<LoadEntriesReturnType> {
  const { entries, sources, warnings } = await loadEntries(context, accounts, filters)
  for (const snapshot of declared) entries.push({ snapshot, source: null })
  return { entries, sources, warnings }
}

export const nowSecOf = (context: Pick<PortfolioContext, 'nowMs'>): number => Math.floor(context.nowMs / 1000)
