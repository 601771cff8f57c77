import type { AccountRef, SourceRef, VenueAdapter } from '../protocols/types'
import type { PortfolioFilters, WarningView } from './types'

export type ComputeSelectionWarningsParameters = {
  accounts: readonly AccountRef[]
  adapters: readonly VenueAdapter[]
  env: Env
  filters: Pick<PortfolioFilters, 'protocols' | 'chains'>
  /** The sources the accounts and filters selected. */
  selected: readonly SourceRef[]
}

const KIND_NAMES: Record<AccountRef['kind'], string> = { evm: 'EVM (0x…)', dydx: 'dYdX (dydx1…)' }

/**
 * `NO_SOURCE_SELECTED` for every chain, protocol and address of a query that selects no source,
 * with the reason. Such values are valid (a chain this deployment has an RPC endpoint for, a
 * protocol it reads) yet select nothing, and without a warning the answer would read as an account
 * that holds nothing: equity 0 and no source. Values that are truly invalid (an unknown protocol,
 * a chain without an RPC endpoint) are refused before this, and a query without addresses (only
 * declared margin accounts) has nothing to select, so it gets no warning.
 */
export function computeSelectionWarnings({
  accounts,
  adapters,
  env,
  filters: { protocols, chains },
  selected,
}: ComputeSelectionWarningsParameters): WarningView[] {
  if (accounts.length === 0) return []
  const chosen = protocols ? adapters.filter((adapter) => protocols.includes(adapter.id)) : adapters
  const kinds = [...new Set(accounts.map((account) => account.kind))]
  const warnings: WarningView[] = []

  for (const chainId of new Set(chains ?? [])) {
    if (selected.some((source) => source.chainId === chainId)) continue
    const onChain = adapters.filter((adapter) => adapter.chains?.(env).includes(chainId))
    const onChainChosen = onChain.filter((adapter) => chosen.includes(adapter))
    const message =
      onChain.length === 0
        ? `No venue this deployment reads runs on chain ${chainId}.`
        : onChainChosen.length === 0
          ? `None of the selected protocols runs on chain ${chainId} (${ids(onChain)} ${onChain.length === 1 ? 'does' : 'do'}).`
          : `No selected venue on chain ${chainId} reads these addresses (${ids(onChainChosen)} ${readsKinds(onChainChosen)}).`
    warnings.push({ code: 'NO_SOURCE_SELECTED', message, chainId })
  }

  for (const adapter of chosen) {
    if (!protocols || selected.some((source) => source.venue === adapter.id)) continue
    const readable = kinds.filter((kind) => adapter.accountKinds.includes(kind))
    const adapterChains = adapter.chains?.(env) ?? []
    const message =
      readable.length === 0
        ? `Protocol ${adapter.id} does not read ${kinds.map((kind) => KIND_NAMES[kind]).join(' or ')} addresses (it ${readsKinds([adapter])}).`
        : chains && adapterChains.length === 0
          ? `Protocol ${adapter.id} is not on an EVM chain, so the chains filter leaves it out.`
          : chains && !adapterChains.some((chainId) => chains.includes(chainId))
            ? `Protocol ${adapter.id} runs on no chain in the chains filter (it runs on ${adapterChains.join(', ')}).`
            : `Protocol ${adapter.id} has no source for these addresses in this deployment.`
    warnings.push({ code: 'NO_SOURCE_SELECTED', message, protocol: adapter.id })
  }

  for (const account of accounts) {
    if (selected.some((source) => source.account.address === account.address)) continue
    // A chain venue this deployment configures on no chain (e.g. Morpho without markets) reads nobody.
    const readers = chosen.filter(
      (adapter) => adapter.accountKinds.includes(account.kind) && (adapter.chains?.(env) ?? [0]).length > 0,
    )
    const message =
      readers.length === 0
        ? `Nothing is read for ${account.address}: no selected protocol reads ${KIND_NAMES[account.kind]} addresses.`
        : `Nothing is read for ${account.address}: the filters leave out every venue that reads it (${ids(readers)}).`
    warnings.push({ code: 'NO_SOURCE_SELECTED', message, address: account.address })
  }
  return warnings
}

const ids = (adapters: readonly VenueAdapter[]): string => adapters.map((adapter) => adapter.id).join(', ')

function readsKinds(adapters: readonly VenueAdapter[]): string {
  const kinds = [...new Set(adapters.flatMap((adapter) => adapter.accountKinds))]
  return `${adapters.length === 1 ? 'reads' : 'read'} ${kinds.map((kind) => KIND_NAMES[kind]).join(' and ')} addresses`
}
