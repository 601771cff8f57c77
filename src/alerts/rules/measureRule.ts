import {
  compareRatio,
  computeTouchProbability,
  D,
  finite,
  RATIO_INFINITE,
  RATIO_NONE,
  type Ratio,
  type RiskReport,
  ZERO,
} from '../../engine'
import type { AlertRuleKind } from './kinds'

export type MeasureRuleParameters = {
  kind: AlertRuleKind
  /** Every margin account of the subscription's target, evaluated at the tick. */
  reports: readonly RiskReport[]
  /** Probability rules: the horizon. */
  horizonSec?: number | null | undefined
  /** Probability rules: annualised volatility of an underlying from recorded prices, null when too little history. */
  volatilityOf?: ((underlying: string) => D | null) | undefined
}

/**
 * The value a rule compares with its threshold, for a whole target (one address or a portfolio).
 * Liquidation is never netted: the value is the worst margin account's (or position's), except equity,
 * which is the target's total.
 * - MARGIN_RATIO_ABOVE: the highest margin ratio (INFINITE when equity ≤ 0 with exposure); NONE without exposure.
 * - HEALTH_FACTOR_BELOW: the lowest health factor of the lending margin accounts; NONE without debt anywhere.
 * - DISTANCE_TO_LIQUIDATION_BELOW: the smallest |distance| (a fraction) from a price to its liquidation price;
 *   0 for a margin account that is liquidatable now; NONE when no position has a liquidation price.
 * - EQUITY_BELOW: Σ equity, USD.
 * - LIQUIDATION_PROBABILITY_ABOVE: the highest probability, over positions with a liquidation price, that the
 *   price touches it within the horizon (GBM, `computeTouchProbability`, volatility from `volatilityOf`);
 *   1 for a liquidatable margin account; NONE when no position can be measured (no liquidation price or
 *   not enough price history).
 * - PRE_LIQUIDATION_HEALTH_BELOW: the lowest health factor at a pre-liquidation threshold (Morpho Blue's
 *   preLltv, `RiskReport.preLiquidation`); NONE when no margin account has one or none has debt.
 */
export function measureRule({ kind, reports, horizonSec, volatilityOf }: MeasureRuleParameters): Ratio {
  switch (kind) {
    case 'MARGIN_RATIO_ABOVE':
      return highest(reports.map((report) => report.marginRatio))
    case 'HEALTH_FACTOR_BELOW':
      return lowest(reports.map((report) => report.healthFactor ?? RATIO_NONE))
    case 'PRE_LIQUIDATION_HEALTH_BELOW':
      return lowest(reports.map((report) => report.preLiquidation?.healthFactor ?? RATIO_NONE))
    case 'EQUITY_BELOW':
      return finite(reports.reduce((total, report) => total.add(report.equityUsd), ZERO))
    case 'DISTANCE_TO_LIQUIDATION_BELOW':
      return lowest(
        reports.flatMap((report) =>
          report.positions.map((position) => {
            if (position.liquidationPrice.kind !== 'price') return RATIO_NONE
            return finite(report.liquidatable ? ZERO : position.liquidationPrice.distance.abs())
          }),
        ),
      )
    case 'LIQUIDATION_PROBABILITY_ABOVE':
      return highest(
        reports.flatMap((report) =>
          report.positions.map((position): Ratio => {
            const liquidation = position.liquidationPrice
            if (liquidation.kind !== 'price') return RATIO_NONE
            if (report.liquidatable) return finite(new D(1))
            const volatility = volatilityOf?.(position.priceKey) ?? null
            if (volatility === null || !horizonSec || !position.markPriceUsd.gt(0) || !liquidation.priceUsd.gt(0))
              return RATIO_NONE
            return finite(
              computeTouchProbability({
                spot: position.markPriceUsd,
                barrier: liquidation.priceUsd,
                volatility,
                horizonSec,
              }),
            )
          }),
        ),
      )
  }
}

/** The largest ratio (INFINITE beats every finite value); NONE only when every input is NONE. */
function highest(ratios: readonly Ratio[]): Ratio {
  let best: Ratio = RATIO_NONE
  for (const ratio of ratios) if (compareRatio(ratio, best) > 0) best = ratio
  return best
}

/** The smallest ratio that exists (NONE ignored; INFINITE only when nothing is finite). */
function lowest(ratios: readonly Ratio[]): Ratio {
  let best: Ratio = RATIO_NONE
  for (const ratio of ratios) {
    if (ratio.kind === 'none') continue
    if (best.kind === 'none' || compareRatio(ratio, best) < 0) best = ratio
  }
  return best.kind === 'none' && ratios.some((r) => r.kind === 'infinite') ? RATIO_INFINITE : best
}
