import type { D } from '../../decimal'

export type ComputeHyperliquidLiquidationPriceParameters = {
  /** `price`: the current mark price, USD. */
  priceUsd: D
  /** `side`: 1 long, −1 short. */
  side: 1 | -1
  /** `position_size`: |szi|. */
  positionSize: D
  /**
   * `margin_available`, USD: cross = account_value − maintenance_margin_required; isolated =
   * isolated_margin − maintenance_margin_required, the position's own requirement taken in the
   * tier of the liquidation price.
   */
  marginAvailableUsd: D
  /** `l = 1 / MAINTENANCE_LEVERAGE`: the maintenance margin rate of the tier at the liquidation price. */
  maintenanceMarginRate: D
}

/**
 * Hyperliquid's liquidation price:
 * `liq_price = price − side × margin_available / position_size / (1 − l × side)`.
 * Returns `null` when `1 − l × side` is zero; a result <= 0 means no liquidation price (the API
 * then returns `liquidationPx: null`).
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
 * @example
 * // 0.0335 ETH isolated long at mark 2985.9, isolated margin 4.967826, 50x max leverage (l = 1%):
 * // margin_available = 4.967826 − 100.02765 × 0.01 → liq_price ≈ 2866.26936529
 * computeHyperliquidLiquidationPrice({ priceUsd: dec('2985.9'), side: 1, positionSize: dec('0.0335'), marginAvailableUsd: dec('3.9675495'), maintenanceMarginRate: dec('0.01') })
 */
export function computeHyperliquidLiquidationPrice({
  priceUsd,
  side,
  positionSize,
  marginAvailableUsd,
  maintenanceMarginRate,
}: ComputeHyperliquidLiquidationPriceParameters): D | null {
  const correction = side === 1 ? maintenanceMarginRate.neg().add(1) : maintenanceMarginRate.add(1)
  if (correction.isZero()) return null
  const move = marginAvailableUsd.div(positionSize.mul(correction))
  return side === 1 ? priceUsd.sub(move) : priceUsd.add(move)
}
