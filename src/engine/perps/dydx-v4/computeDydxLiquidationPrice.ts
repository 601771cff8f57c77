import type { D } from '../../decimal'

export type ComputeDydxLiquidationPriceParameters = {
  /** e: the subaccount's equity (total account value), USD. */
  equityUsd: D
  /** s: signed size of the position. */
  size: D
  /** p: the price the equity was computed at (the current oracle price), USD. */
  priceUsd: D
  /** MMF: the market's maintenance margin fraction. */
  maintenanceMarginFraction: D
  /** MMR_o: maintenance margin requirement of the subaccount's other positions, USD (isolated: 0). */
  otherMaintenanceMarginUsd: D
}

/**
 * dYdX v4 liquidation price of one position, other prices fixed:
 * cross `p' = (e − s × p − MMR_o) / (|s| × MMF − s)`; isolated is the same with `MMR_o = 0`,
 * `p' = (e − s × p) / (|s| × MMF − s)`. Returns `null` when the denominator is zero.
 *
 * @see https://docs.dydx.xyz/concepts/trading/liquidations
 * @example
 * // Isolated example of the docs: e = 1000, short 3 ETH at 3000, MMF 5%: 10000 / 3.15 ≈ 3174.60
 * computeDydxLiquidationPrice({ equityUsd: dec('1000'), size: dec('-3'), priceUsd: dec('3000'), maintenanceMarginFraction: dec('0.05'), otherMaintenanceMarginUsd: dec('0') })
 */
export function computeDydxLiquidationPrice({
  equityUsd,
  size,
  priceUsd,
  maintenanceMarginFraction,
  otherMaintenanceMarginUsd,
}: ComputeDydxLiquidationPriceParameters): D | null {
  const denominator = size.abs().mul(maintenanceMarginFraction).sub(size)
  if (denominator.isZero()) return null
  return equityUsd.sub(size.mul(priceUsd)).sub(otherMaintenanceMarginUsd).div(denominator)
}
