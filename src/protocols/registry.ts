import type { VenueAdapter, VenueId } from './types'

/** The venue adapters this deployment runs; `protocols` and every position query read from here. */
export const adapters: Partial<Record<VenueId, VenueAdapter>> = {}

/** What `protocols` reports for each adapter. */
export type ProtocolInfo = {
  id: string
  name: string
  kind: 'LENDING' | 'PERPETUALS' | 'DECLARED'
  chains: readonly number[]
}
