import { type D, finite, RATIO_INFINITE, RATIO_NONE, type Ratio } from './decimal'

export type ComputeMarginRatioParameters = {
  /** Maintenance margin, USD (>= 0). Zero means no exposure. */
  maintenanceMarginUsd: D
  /** Equity the venue margins against (haircut equity), USD. */
  equityUsd: D
}

/**
 * Margin ratio = MM / equity; 1 or more means liquidatable.
 * - `none` when there is no exposure (MM = 0),
 * - `infinite` when equity <= 0 with exposure (never a division error),
 * - otherwise `finite`.
 *
 * @example computeMarginRatio({ maintenanceMarginUsd: new D(50), equityUsd: new D(1000) }) // finite 0.05
 */
export function computeMarginRatio({ maintenanceMarginUsd, equityUsd }: ComputeMarginRatioParameters): Ratio {
  if (maintenanceMarginUsd.isZero()) return RATIO_NONE
  if (equityUsd.lte(0)) return RATIO_INFINITE
  return finite(maintenanceMarginUsd.div(equityUsd))
}
