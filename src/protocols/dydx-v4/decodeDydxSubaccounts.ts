import type { DydxV4Position, DydxV4Snapshot, PriceQuote } from '../../engine'
import { identifyAsset, toAssetIdentity } from '../assets/identifyAsset'
import type { SourceSnapshot } from '../types'
import type { DydxMarkets } from './decodeDydxMarkets'
import { dydxFormatError, isDecimal, isObject } from './guards'
import type { DydxSubaccountObject } from './types'

export type DecodeDydxSubaccountsParameters = {
  /** The bech32 address as Solvent names it. */
  address: string
  /** The JSON answer of `GET /v4/addresses/{address}`. */
  raw: unknown
  /** The shared `perpetualMarkets` of the same read. */
  markets: DydxMarkets
  /** Unix seconds of the indexer's latest block (`GET /v4/height`; the subaccounts carry heights, not a time). */
  asOfSec: number
}

export type DecodeDydxSubaccountsReturnType = SourceSnapshot[]

/** The quote asset of every dYdX v4 subaccount. */
const QUOTE_SYMBOL = 'USDC'

/**
 * Decodes the subaccounts of one address, one `DydxV4Snapshot` per subaccount
 * (`subaccount:<n>`; 0–127 cross, 128+ isolated children, margined alike):
 *
 * - quote balance = the USDC asset position, negative when its side is `SHORT` (the indexer has
 *   already settled funding into it, so no funding index is passed on);
 * - positions from `openPerpetualPositions` (size signed by `side`), priced at the market's
 *   oracle price (class crypto), with the market's parameters; each price names the market base's
 *   underlying from the asset registry (`ETH-USD` prices ETH);
 * - `venueReported`: `equity` and `freeCollateral` as the indexer computed them. The indexer's
 *   free collateral uses the base IMF; the engine also applies the open-interest scaling, so the
 *   two differ only for markets whose open notional is past `openInterestLowerCap`.
 *
 * Subaccounts with neither a balance nor a position are kept (they are real, empty accounts).
 *
 * @see https://docs.dydx.xyz/indexer-client/http#get-address
 * @see https://docs.dydx.xyz/concepts/trading/margin
 * @see https://docs.dydx.xyz/concepts/trading/isolated-positions
 * @throws {SolventError} `UPSTREAM_UNAVAILABLE` when the answer is not in the documented shape.
 * @example const snapshots = decodeDydxSubaccounts({ address, raw, markets, asOfSec })
 */
export function decodeDydxSubaccounts({
  address,
  raw,
  markets,
  asOfSec,
}: DecodeDydxSubaccountsParameters): DecodeDydxSubaccountsReturnType {
  if (!isObject(raw) || !Array.isArray(raw.subaccounts)) throw dydxFormatError('addresses has no subaccounts array')
  return raw.subaccounts.map((value: unknown) => {
    const sub = checkSubaccount(value)
    const positions: DydxV4Position[] = Object.values(sub.openPerpetualPositions)
      .filter((p) => p.status === undefined || p.status === 'OPEN')
      .map((p) => ({ market: p.market, size: signed(p.size, p.side), entryPrice: p.entryPrice }))
      .filter((p) => !/^-?0*(\.0*)?$/.test(p.size))
    const tickers = positions.map((p) => p.market)
    const params: DydxV4Snapshot['params'] = { markets: {} }
    const prices: Record<string, PriceQuote> = {
      [QUOTE_SYMBOL]: {
        priceUsd: '1',
        source: 'dydx-quote',
        timestampSec: asOfSec,
        class: 'stable',
        asset: toAssetIdentity(identifyAsset({ symbol: QUOTE_SYMBOL })),
      },
    }
    for (const ticker of tickers) {
      const market = markets.markets[ticker]
      const oraclePrice = markets.oraclePrice[ticker]
      if (!market || oraclePrice === undefined) throw dydxFormatError(`position in ${ticker}, an unknown market`)
      params.markets[ticker] = market
      prices[market.underlying] = {
        priceUsd: oraclePrice,
        source: 'dydx-oracle',
        timestampSec: asOfSec,
        class: 'crypto',
        asset: toAssetIdentity(identifyAsset({ symbol: market.underlying })),
      }
    }
    const quote = sub.assetPositions[QUOTE_SYMBOL]
    const snapshot: DydxV4Snapshot = {
      venue: 'dydx-v4',
      account: address,
      marginAccountId: `subaccount:${sub.subaccountNumber}`,
      asOfSec,
      blockNumber: sub.latestProcessedBlockHeight,
      prices,
      model: 'dydx-v4',
      quoteBalance: quote ? signed(quote.size, quote.side) : '0',
      positions,
      params,
    }
    return { snapshot, venueReported: { equity: sub.equity, freeCollateral: sub.freeCollateral } }
  })
}

/** The indexer signs perpetual sizes and not asset sizes; take the magnitude and let `side` decide. */
function signed(size: string, side: 'LONG' | 'SHORT'): string {
  const magnitude = size.startsWith('-') ? size.slice(1) : size
  return side === 'SHORT' ? `-${magnitude}` : magnitude
}

function checkSubaccount(value: unknown): DydxSubaccountObject {
  if (!isObject(value) || !Number.isSafeInteger(value.subaccountNumber)) {
    throw dydxFormatError('a subaccount has no subaccountNumber')
  }
  const n = value.subaccountNumber as number
  if (!isDecimal(value.equity) || !isDecimal(value.freeCollateral)) throw dydxFormatError(`subaccount ${n}: equity`)
  if (!isObject(value.openPerpetualPositions) || !isObject(value.assetPositions)) {
    throw dydxFormatError(`subaccount ${n}: positions`)
  }
  if (typeof value.latestProcessedBlockHeight !== 'string' || !/^\d+$/.test(value.latestProcessedBlockHeight)) {
    throw dydxFormatError(`subaccount ${n}: latestProcessedBlockHeight`)
  }
  for (const p of Object.values(value.openPerpetualPositions)) {
    if (!isObject(p) || typeof p.market !== 'string' || !isDecimal(p.size) || !isDecimal(p.entryPrice)) {
      throw dydxFormatError(`subaccount ${n}: a perpetual position`)
    }
    if (p.side !== 'LONG' && p.side !== 'SHORT') throw dydxFormatError(`subaccount ${n}: ${p.market} side`)
  }
  for (const a of Object.values(value.assetPositions)) {
    if (!isObject(a) || !isDecimal(a.size) || (a.side !== 'LONG' && a.side !== 'SHORT')) {
      throw dydxFormatError(`subaccount ${n}: an asset position`)
    }
  }
  return value as DydxSubaccountObject
}
