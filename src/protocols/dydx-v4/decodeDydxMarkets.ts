import type { DydxV4Market } from '../../engine'
import { dydxFormatError, isDecimal, isObject } from './guards'

export type DecodeDydxMarketsParameters = {
  /** The JSON answer of `GET /v4/perpetualMarkets`. */
  raw: unknown
}

/** What every subaccount of one read shares: market parameters and oracle prices by ticker. */
export type DydxMarkets = {
  markets: Record<string, DydxV4Market>
  /** `oraclePrice` by ticker. */
  oraclePrice: Record<string, string>
}

export type DecodeDydxMarketsReturnType = DydxMarkets

/**
 * Decodes `GET /v4/perpetualMarkets` into the engine's market parameters: base IMF, MMF, open
 * interest and its caps (the IMF scales between them), and the oracle price the protocol margins
 * with. The underlying's price key is the ticker's base (`ETH-USD` → `ETH`). Pure.
 *
 * @see https://docs.dydx.xyz/indexer-client/http#get-perpetual-markets
 * @see https://docs.dydx.xyz/concepts/trading/margin
 * @throws {SolventError} `UPSTREAM_UNAVAILABLE` when the answer is not in the documented shape.
 * @example const { markets } = decodeDydxMarkets({ raw: await response.json() })
 */
export function decodeDydxMarkets({ raw }: DecodeDydxMarketsParameters): DecodeDydxMarketsReturnType {
  if (!isObject(raw) || !isObject(raw.markets)) throw dydxFormatError('perpetualMarkets has no markets object')
  const markets: Record<string, DydxV4Market> = {}
  const oraclePrice: Record<string, string> = {}
  for (const [ticker, value] of Object.entries(raw.markets)) {
    if (!isObject(value)) throw dydxFormatError(`market ${ticker} is not an object`)
    for (const key of ['oraclePrice', 'initialMarginFraction', 'maintenanceMarginFraction', 'openInterest']) {
      if (!isDecimal(value[key])) throw dydxFormatError(`${ticker}.${key} is not a decimal string`)
    }
    const cap = (key: string) => (isDecimal(value[key]) ? { [key]: value[key] } : {})
    markets[ticker] = {
      underlying: underlyingOf(ticker),
      initialMarginFraction: value.initialMarginFraction as string,
      maintenanceMarginFraction: value.maintenanceMarginFraction as string,
      openInterest: value.openInterest as string,
      ...cap('openInterestLowerCap'),
      ...cap('openInterestUpperCap'),
    }
    oraclePrice[ticker] = value.oraclePrice as string
  }
  return { markets, oraclePrice }
}

/** `BTC-USD` → `BTC`: the price key of the underlying. */
function underlyingOf(ticker: string): string {
  const dash = ticker.lastIndexOf('-')
  return dash > 0 ? ticker.slice(0, dash) : ticker
}
