import { aaveV3 } from './aave-v3'
import { dydxV4 } from './dydx-v4'
import { hyperliquid } from './hyperliquid'
import { morphoBlue } from './morpho-blue'
import type { VenueAdapter, VenueId } from './types'

/** The venue adapters this deployment runs; `protocols` and every position query read from here. */
export const adapters = {
  'aave-v3': aaveV3,
  'morpho-blue': morphoBlue,
  hyperliquid,
  'dydx-v4': dydxV4,
} satisfies Record<VenueId, VenueAdapter>

/** What `protocols` reports for each adapter. */
export type ProtocolInfo = {
  id: string
  name: string
  kind: 'LENDING' | 'PERPETUALS' | 'DECLARED'
  chains: readonly number[]
}
