/**
 * Hyperliquid `POST /info` answers, as documented (every amount a decimal string).
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
 */

export type HyperliquidMarginSummary = {
  accountValue: string
  totalNtlPos: string
  totalRawUsd: string
  totalMarginUsed: string
}

export type HyperliquidApiPosition = {
  coin: string
  szi: string
  entryPx: string
  positionValue: string
  unrealizedPnl: string
  returnOnEquity: string
  liquidationPx: string | null
  marginUsed: string
  maxLeverage: number
  leverage: { type: 'cross'; value: number } | { type: 'isolated'; value: number; rawUsd: string }
  cumFunding?: { allTime: string; sinceOpen: string; sinceChange: string } | undefined
}

/** `{"type":"clearinghouseState","user":"0x…"}`. */
export type HyperliquidClearinghouseState = {
  marginSummary: HyperliquidMarginSummary
  crossMarginSummary: HyperliquidMarginSummary
  crossMaintenanceMarginUsed: string
  withdrawable: string
  assetPositions: { type: string; position: HyperliquidApiPosition }[]
  /** Unix milliseconds. */
  time: number
}

export type HyperliquidUniverseAsset = {
  name: string
  szDecimals: number
  maxLeverage: number
  marginTableId?: number | undefined
  onlyIsolated?: boolean | undefined
  isDelisted?: boolean | undefined
}

export type HyperliquidMarginTable = {
  description: string
  marginTiers: { lowerBound: string; maxLeverage: number }[]
}

export type HyperliquidMeta = {
  universe: HyperliquidUniverseAsset[]
  marginTables?: [number, HyperliquidMarginTable][] | undefined
}

export type HyperliquidAssetCtx = {
  markPx: string
  oraclePx: string
  midPx?: string | null | undefined
  funding: string
  openInterest: string
}

/** `{"type":"metaAndAssetCtxs"}`: the universe and, index for index, each asset's context. */
export type HyperliquidMetaAndAssetCtxs = [HyperliquidMeta, HyperliquidAssetCtx[]]
