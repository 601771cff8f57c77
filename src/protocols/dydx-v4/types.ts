/**
 * dYdX v4 indexer (comlink) answers, as documented (every amount a decimal string).
 * @see https://docs.dydx.xyz/indexer-client/http
 * @see https://github.com/dydxprotocol/v4-chain/blob/main/indexer/services/comlink/public/api-documentation.md
 */

export type DydxPerpetualMarketObject = {
  ticker: string
  clobPairId: string
  status: string
  oraclePrice: string
  initialMarginFraction: string
  maintenanceMarginFraction: string
  openInterest: string
  atomicResolution: number
  marketType?: 'CROSS' | 'ISOLATED' | undefined
  openInterestLowerCap?: string | null | undefined
  openInterestUpperCap?: string | null | undefined
}

/** `GET /v4/perpetualMarkets`. */
export type DydxPerpetualMarketsResponse = { markets: Record<string, DydxPerpetualMarketObject> }

export type DydxPerpetualPositionObject = {
  market: string
  status: string
  side: 'LONG' | 'SHORT'
  /** Signed. */
  size: string
  entryPrice: string
  unrealizedPnl: string
  realizedPnl: string
  netFunding: string
  subaccountNumber: number
}

export type DydxAssetPositionObject = {
  symbol: string
  side: 'LONG' | 'SHORT'
  /** Unsigned; the side gives the sign. */
  size: string
  assetId: string
  subaccountNumber: number
}

export type DydxSubaccountObject = {
  address: string
  subaccountNumber: number
  equity: string
  freeCollateral: string
  openPerpetualPositions: Record<string, DydxPerpetualPositionObject>
  assetPositions: Record<string, DydxAssetPositionObject>
  marginEnabled: boolean
  updatedAtHeight: string
  latestProcessedBlockHeight: string
}

/** `GET /v4/addresses/{address}`. */
export type DydxAddressResponse = { subaccounts: DydxSubaccountObject[]; totalTradingRewards?: string | undefined }
