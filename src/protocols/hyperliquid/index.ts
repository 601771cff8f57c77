import type { VenueAdapter } from '../types'
import { readHyperliquid } from './readHyperliquid'

export { fetchVenueJson } from '../fetchVenueJson'
export type { DecodeHyperliquidMarketParameters, HyperliquidMarket } from './decodeHyperliquidMarket'
export { decodeHyperliquidMarket } from './decodeHyperliquidMarket'
export type { DecodeHyperliquidStateParameters } from './decodeHyperliquidState'
export { decodeHyperliquidState } from './decodeHyperliquidState'
export { readHyperliquid } from './readHyperliquid'
export type * from './types'

export type CreateHyperliquidAdapterOptions = {
  /** Per request attempt, milliseconds (default 5,000). */
  timeoutMs?: number | undefined
}

/** Default per-attempt timeout: Hyperliquid answers info requests in well under a second. */
const DEFAULT_TIMEOUT_MS = 5_000

/**
 * The Hyperliquid perps adapter: one source per EVM account (the user's main perp dex), read
 * through the public info endpoint at `HYPERLIQUID_API_URL`.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
 * @example const adapter = createHyperliquidAdapter({ timeoutMs: 2_000 })
 */
export function createHyperliquidAdapter(options: CreateHyperliquidAdapterOptions = {}): VenueAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return {
    id: 'hyperliquid',
    name: 'Hyperliquid',
    kind: 'PERPETUALS',
    accountKinds: ['evm'],
    sources: (account) => (account.kind === 'evm' ? [{ venue: 'hyperliquid', account }] : []),
    read: (sources, context) => readHyperliquid({ sources, context, timeoutMs }),
  }
}

export const hyperliquid = createHyperliquidAdapter()
