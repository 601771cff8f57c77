import { type D, ZERO } from '../decimal'
import type { LiquidationPrice, PositionRisk } from '../types'

export type ComputePerpPositionRiskParameters = {
  /** Stable id within the margin account, e.g. `perp:BTCUSDT`. */
  id: string
  /** Price key of the underlying. */
  underlying: string
  /** Signed size in units of the underlying. */
  size: D
  /** USD per unit. */
  markPriceUsd: D
  /** |size| × mark, USD. */
  notionalUsd: D
  unrealizedPnlUsd: D
  initialMarginUsd: D
  maintenanceMarginUsd: D
  liquidationPrice: LiquidationPrice
}

/**
 * The `PositionRisk` of a linear perpetual: its value moves one for one with the price, so
 * delta = size, deltaUsd = size × mark and gamma = 0.
 *
 * @example computePerpPositionRisk({ id: 'perp:ETH', underlying: 'ETH', size: dec('-2'), markPriceUsd: dec('3000'), ... }).deltaUsd // -6000
 */
export function computePerpPositionRisk({
  id,
  underlying,
  size,
  markPriceUsd,
  notionalUsd,
  unrealizedPnlUsd,
  initialMarginUsd,
  maintenanceMarginUsd,
  liquidationPrice,
}: ComputePerpPositionRiskParameters): PositionRisk {
  return {
    id,
    kind: 'perp',
    underlying,
    size,
    markPriceUsd,
    notionalUsd,
    unrealizedPnlUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    liquidationPrice,
    delta: size,
    deltaUsd: size.mul(markPriceUsd),
    gamma: ZERO,
    gammaUsd: ZERO,
  }
}
