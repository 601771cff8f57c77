import { D } from '../decimal'
import type { LiquidationPrice } from '../types'

export type ComputeLiquidationDistanceParameters = {
  /** Liquidation price of the underlying, USD. */
  liquidationPriceUsd: D
  /** Current price of the underlying, USD (> 0). */
  priceUsd: D
}

const HUNDRED = new D(100)

/**
 * Wraps a liquidation price with its signed distance from the current price:
 * `(liquidation − current) / current × 100`.
 *
 * @example computeLiquidationDistance({ liquidationPriceUsd: dec('90'), priceUsd: dec('100') }) // { kind: 'price', priceUsd: 90, distancePct: -10 }
 */
export function computeLiquidationDistance({
  liquidationPriceUsd,
  priceUsd,
}: ComputeLiquidationDistanceParameters): LiquidationPrice {
  return {
    kind: 'price',
    priceUsd: liquidationPriceUsd,
    distancePct: liquidationPriceUsd.sub(priceUsd).div(priceUsd).mul(HUNDRED),
  }
}
