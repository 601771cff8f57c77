import { getChainConfig } from '../chains/getChainConfig'
import { InvalidInputError } from '../errors/input'
import type { AccountRef, SourceRef, VenueAdapter } from '../protocols/types'
import type { SourceState } from '../sources/createSourceLoader'
import { computeSelectionWarnings } from './computeSelectionWarnings'
import type { Entry, PortfolioContext, PortfolioFilters, WarningView } from './types'

/** Longest cache age a caller may accept: older data would be misleading for liquidation risk. */
export const MAX_AGE_SECONDS_LIMIT = 86_400

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

/**
 * The filters of a query, checked without I/O (also before execution, by the request budget).
 *
 * @throws {InvalidInputError} for a `maxAgeSeconds` out of range, an unknown protocol or a chain this
 * deployment has no RPC endpoint for.
 */
export function checkPortfolioFilters(
  adapters: readonly VenueAdapter[],
  env: Env,
  { maxAgeSeconds, protocols, chains }: PortfolioFilters,
): void {
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0 || maxAgeSeconds > MAX_AGE_SECONDS_LIMIT) {
    throw new InvalidInputError(`maxAgeSeconds must be an integer from 0 to ${MAX_AGE_SECONDS_LIMIT}.`)
  }
  for (const protocol of protocols ?? []) {
    if (!adapters.some((adapter) => adapter.id === protocol)) {
      throw new InvalidInputError(`Unknown protocol "${protocol}".`, {
        metaMessages: [`Known: ${adapters.map((a) => a.id).join(', ')}.`],
      })
    }
  }
  const known = getChainConfig(env)
  for (const chain of chains ?? []) {
    if (!known.has(chain))
      throw new InvalidInputError(`Unknown chain ${chain}: it has no RPC endpoint in this deployment.`)
  }
}

export type LoadEntriesReturnType = {
  entries: Entry[]
  sources: SourceState[]
  /** A chain, protocol or address of the query that selected no source (see `computeSelectionWarnings`). */
  warnings: WarningView[]
}

/**
 * Reads (or reuses) every source of the accounts and returns one entry per margin account found,
 * with a warning for each filter value or address that selected nothing.
 *
 * @throws {InvalidInputError} for a `maxAgeSeconds` out of range, an unknown protocol or a chain this
 * deployment has no RPC endpoint for.
 */
export async function loadEntries(
  context: PortfolioContext,
  accounts: readonly AccountRef[],
  { maxAgeSeconds, protocols, chains }: PortfolioFilters,
): Promise<LoadEntriesReturnType> {
  const adapters = Object.values(context.adapters)
  checkPortfolioFilters(adapters, context.env, { maxAgeSeconds, protocols, chains })
  const refs = sourcesOfAccounts(accounts, adapters, context.env, { protocols, chains })
  const warnings = computeSelectionWarnings({
    accounts,
    adapters,
    env: context.env,
    filters: { protocols, chains },
    selected: refs,
  })
  const sources = await context.loadSources(refs, maxAgeSeconds)
  return { entries: entriesOf(sources), sources, warnings }
}

/** One entry per margin account the sources yielded. */
export function entriesOf(sources: readonly SourceState[]): Entry[] {
  return sources.flatMap((source) =>
    source.snapshots.map((item) => ({ snapshot: item.snapshot, source, venueReported: item.venueReported })),
  )
}
