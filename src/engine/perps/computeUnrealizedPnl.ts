import type { D } from '../decimal'

export type ComputeUnrealizedPnlParameters = {
  /** Signed size in units of the underlying (positive long, negative short). */
  size: D
  /** Average entry price, USD per unit. */
  entryPriceUsd: D
  /** Mark (or oracle) price the venue margins with, USD per unit. */
  markPriceUsd: D
}

/**
 * Unrealized PnL of a linear (USD-quoted, USD-settled) perpetual: `size × (mark − entry)`, USD.
 * Binance's `Side × Position × (mark − EP)`, Hyperliquid's `szi × (markPx − entryPx)` and dYdX's
 * `S × (P − entryPrice)` are this formula.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/entry-price-and-pnl
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 * @example computeUnrealizedPnl({ size: dec('-3'), entryPriceUsd: dec('3000'), markPriceUsd: dec('3100') }) // -300
 */
export function computeUnrealizedPnl({ size, entryPriceUsd, markPriceUsd }: ComputeUnrealizedPnlParameters): D {
  return size.mul(markPriceUsd.sub(entryPriceUsd))
}
