import type { DecimalString } from '../../decimal'
import type { SnapshotHeader } from '../../types'

/** A row of a margin table (`meta.marginTables[id].marginTiers`): from `lowerBound` of notional on, at most `maxLeverage`. */
export type HyperliquidMarginTier = {
  /** Notional position value where the tier starts, USDC. The first tier starts at "0". */
  lowerBound: DecimalString
  maxLeverage: number
}

/** What `meta` / `metaAndAssetCtxs` say about one perp (its mark price goes in `snapshot.prices[coin]`). */
export type HyperliquidAssetParams = {
  /** `universe[].maxLeverage`. */
  maxLeverage: number
  /**
   * The tiers of `universe[].marginTableId`, ascending. Omit for a table id below 50, which is a
   * single tier at that max leverage.
   */
  marginTiers?: HyperliquidMarginTier[] | undefined
  /** The asset's index in `meta.universe` (an order's `a`); absent in snapshots read before it was recorded. */
  index?: number | undefined
  /** `universe[].szDecimals`: order sizes are multiples of 10^−szDecimals. */
  szDecimals?: number | undefined
}

/** `clearinghouseState.assetPositions[].position`, the fields the margin engine reads. */
export type HyperliquidPosition = {
  /** Asset name, also its price key in `snapshot.prices` (mark price). */
  coin: string
  /** Signed size. */
  szi: DecimalString
  entryPx: DecimalString
  /** `leverage.value`: initial margin = position value / leverage. */
  leverage: number
}

/**
 * One Hyperliquid margin account of a user: the cross account (all cross positions) or one
 * isolated position.
 *
 * `rawUsd` is the USDC ledger of that account after paying for its positions, so its account
 * value is `rawUsd + Σ szi × markPx`: cross = `crossMarginSummary.totalRawUsd`; isolated = the
 * position's `leverage.rawUsd`. Funding is paid hourly into it (`cumFunding.sinceOpen` is
 * already included), so nothing accrues.
 */
export type HyperliquidSnapshot = SnapshotHeader & {
  model: 'hyperliquid'
  marginMode: 'cross' | 'isolated'
  rawUsd: DecimalString
  /** Isolated: exactly one. At most one per coin. */
  positions: HyperliquidPosition[]
  params: { assets: Record<string, HyperliquidAssetParams> }
}
