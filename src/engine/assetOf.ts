import type { AssetIdentity, PriceQuote } from './types'

/**
 * The asset a price key prices. A quote without an identity (declared prices, snapshots cached
 * before identities existed, test fixtures) prices its own underlying at rate 1, which is what
 * every key meant before assets were told apart from underlyings.
 *
 * @example assetOf({ WETH: quote }, 'WETH').underlying // 'ETH' when the adapter said so
 */
export function assetOf(prices: Record<string, PriceQuote>, key: string): AssetIdentity {
  return prices[key]?.asset ?? { symbol: key, underlying: key, exchangeRate: '1', rateSource: 'own' }
}
