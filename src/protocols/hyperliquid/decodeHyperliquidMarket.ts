import type { HyperliquidAssetParams } from '../../engine'
import { hyperliquidFormatError as formatError, isDecimal, isObject, isPositiveInt } from './guards'
import type { HyperliquidMetaAndAssetCtxs } from './types'

export type DecodeHyperliquidMarketParameters = {
  /** The JSON answer of `{"type":"metaAndAssetCtxs"}`. */
  raw: unknown
}

/** What every account of one read shares: margin parameters and mark prices per coin. */
export type HyperliquidMarket = {
  assets: Record<string, HyperliquidAssetParams>
  /** `assetCtxs[i].markPx` by coin: the price Hyperliquid margins with. */
  markPx: Record<string, string>
}

export type DecodeHyperliquidMarketReturnType = HyperliquidMarket

/** Margin table ids below this are not tables: the id is the max leverage of a single tier. */
const FIRST_TIERED_TABLE_ID = 50

/**
 * Decodes `metaAndAssetCtxs` into the engine's per-asset parameters (`maxLeverage`, the tiers of
 * `marginTableId` when it names a table, 50 and up) and the mark prices. Pure.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers
 * @throws {SolventError} `UPSTREAM_UNAVAILABLE` when the answer is not in the documented shape.
 * @example const market = decodeHyperliquidMarket({ raw: await response.json() })
 */
export function decodeHyperliquidMarket({ raw }: DecodeHyperliquidMarketParameters): DecodeHyperliquidMarketReturnType {
  if (!Array.isArray(raw) || raw.length < 2 || !isObject(raw[0]) || !Array.isArray(raw[1])) {
    throw formatError('metaAndAssetCtxs is not [meta, assetCtxs]')
  }
  const [meta, ctxs] = raw as HyperliquidMetaAndAssetCtxs
  if (!Array.isArray(meta.universe)) throw formatError('meta.universe is missing')
  const tables = new Map<number, { lowerBound: string; maxLeverage: number }[]>()
  for (const entry of meta.marginTables ?? []) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Array.isArray(entry[1]?.marginTiers)) {
      throw formatError('meta.marginTables has an entry that is not [id, { marginTiers }]')
    }
    tables.set(
      entry[0],
      entry[1].marginTiers.map((tier) => {
        if (!isDecimal(tier.lowerBound) || !isPositiveInt(tier.maxLeverage)) throw formatError('bad margin tier')
        return { lowerBound: tier.lowerBound, maxLeverage: tier.maxLeverage }
      }),
    )
  }
  const assets: Record<string, HyperliquidAssetParams> = {}
  const markPx: Record<string, string> = {}
  meta.universe.forEach((asset, i) => {
    const ctx = ctxs[i]
    if (!isObject(asset) || typeof asset.name !== 'string' || !isPositiveInt(asset.maxLeverage)) {
      throw formatError(`universe[${i}] has no name or maxLeverage`)
    }
    const tableId = asset.marginTableId
    const tiers = tableId !== undefined && tableId >= FIRST_TIERED_TABLE_ID ? tables.get(tableId) : undefined
    if (tableId !== undefined && tableId >= FIRST_TIERED_TABLE_ID && !tiers) {
      throw formatError(`${asset.name} names margin table ${tableId}, which meta.marginTables does not list`)
    }
    // The index and size step an order on the asset needs (`order` action: `a`, `s` in szDecimals).
    const order = { index: i, ...(Number.isInteger(asset.szDecimals) ? { szDecimals: asset.szDecimals } : {}) }
    assets[asset.name] = tiers
      ? { maxLeverage: asset.maxLeverage, marginTiers: tiers, ...order }
      : { maxLeverage: asset.maxLeverage, ...order }
    if (isObject(ctx) && isDecimal(ctx.markPx)) markPx[asset.name] = ctx.markPx
  })
  return { assets, markPx }
}
