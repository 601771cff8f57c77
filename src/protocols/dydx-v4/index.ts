import type { VenueAdapter } from '../types'
import { readDydxV4 } from './readDydxV4'

export type { DecodeDydxMarketsParameters, DydxMarkets } from './decodeDydxMarkets'
export { decodeDydxMarkets } from './decodeDydxMarkets'
export type { DecodeDydxSubaccountsParameters } from './decodeDydxSubaccounts'
export { decodeDydxSubaccounts } from './decodeDydxSubaccounts'
export { readDydxV4 } from './readDydxV4'
export type * from './types'

export type CreateDydxV4AdapterOptions = {
  /** Per request attempt, milliseconds (default 5,000). */
  timeoutMs?: number | undefined
}

const DEFAULT_TIMEOUT_MS = 5_000

/**
 * The dYdX v4 perps adapter: one source per dYdX (`dydx1…`) account, every subaccount of the
 * address read through the indexer at `DYDX_INDEXER_URL`.
 *
 * @see https://docs.dydx.xyz/indexer-client/http
 * @example const adapter = createDydxV4Adapter({ timeoutMs: 2_000 })
 */
export function createDydxV4Adapter(options: CreateDydxV4AdapterOptions = {}): VenueAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return {
    id: 'dydx-v4',
    name: 'dYdX v4',
    kind: 'PERPETUALS',
    accountKinds: ['dydx'],
    sources: (account) => (account.kind === 'dydx' ? [{ venue: 'dydx-v4', account }] : []),
    read: (sources, context) => readDydxV4({ sources, context, timeoutMs }),
  }
}

export const dydxV4 = createDydxV4Adapter()
