import type { D } from './decimal'
import type { LiquidationPrice } from './types'

export type ComputeLiquidationDistanceParameters = {
  /** Liquidation price of the underlying, USD. */
  liquidationPriceUsd: D
  /** Current price of the underlying, USD (> 0). */
  priceUsd: D
}

/**
 * Wraps a liquidation price with its signed distance from the current price:
 * `(liquidation − current) / current`, a signed fraction. The ONE place this formula lives.
 *
 * @example computeLiquidationDistance({ liquidationPriceUsd: dec('90'), priceUsd: dec('100') }) // { kind: 'price', priceUsd: 90, distance: -0.1 }
 */
export function computeLiquidationDistance({
  liquidationPriceUsd,
  priceUsd,
}: ComputeLiquidationDistanceParameters): LiquidationPrice {
  return {
    kind: 'price',
    priceUsd: liquidationPriceUsd,
    distance: liquidationPriceUsd.sub(priceUsd).div(priceUsd),
  }
}
