import { type D, ZERO } from '../decimal'

export type TradeAtPriceParameters = {
  /** Signed size before, units. */
  size: D
  /** Average entry price before, USD (ignored when `size` is 0). */
  entryPriceUsd: D
  /** Signed size after, units. */
  targetSize: D
  /** The price the difference trades at, USD. */
  priceUsd: D
}

export type TradeAtPriceReturnType = {
  /** Average entry price after: unchanged when reducing, volume-weighted when adding, the trade price when opening or flipping. */
  entryPriceUsd: D
  /** PnL realized by the reduced part, USD. */
  realizedPnlUsd: D
}

/**
 * The one rule for resizing a linear position at a price: adding averages the entry, reducing
 * realizes PnL on the reduced part, flipping closes everything and opens the rest at the price.
 *
 * @example tradeAtPrice({ size: D(2), entryPriceUsd: D(100), targetSize: D(1), priceUsd: D(110) }) // entry 100, realized 10
 */
export function tradeAtPrice({
  size,
  entryPriceUsd,
  targetSize,
  priceUsd,
}: TradeAtPriceParameters): TradeAtPriceReturnType {
  if (size.isZero()) return { entryPriceUsd: priceUsd, realizedPnlUsd: ZERO }
  const sameSide = targetSize.isZero() || size.isPositive() === targetSize.isPositive()
  if (!sameSide) return { entryPriceUsd: priceUsd, realizedPnlUsd: size.mul(priceUsd.sub(entryPriceUsd)) }
  if (targetSize.abs().gte(size.abs())) {
    const added = targetSize.sub(size)
    return {
      entryPriceUsd: targetSize.isZero() ? priceUsd : size.mul(entryPriceUsd).add(added.mul(priceUsd)).div(targetSize),
      realizedPnlUsd: ZERO,
    }
  }
  return { entryPriceUsd, realizedPnlUsd: size.sub(targetSize).mul(priceUsd.sub(entryPriceUsd)) }
}
