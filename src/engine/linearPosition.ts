import { type D, finite, RATIO_INFINITE, type Ratio, ZERO } from './decimal'
import type { ModelPositionRisk } from './types'

export type LinearPositionParameters = Omit<
  ModelPositionRisk,
  | 'notionalUsd'
  | 'unrealizedPnlUsd'
  | 'delta'
  | 'deltaUsd'
  | 'gamma'
  | 'gammaUsd'
  | 'vegaUsdPerVolatility'
  | 'thetaUsdPerDay'
>

/**
 * A position linear in its price (lending collateral, a supply, a debt): delta = size, no gamma, no
 * unrealized PnL (the balance is the value); no vega (no volatility in its value) and no theta
 * (interest accrual is not theta, see `PositionRisk.thetaUsdPerDay`).
 *
 * @example
 * linearPosition({ id: 'debt:USDC', kind: 'debt', priceKey: 'USDC', size: dec('-100'), markPriceUsd: ONE, … }).deltaUsd // -100
 */
export function linearPosition({ size, markPriceUsd, ...rest }: LinearPositionParameters): ModelPositionRisk {
  const deltaUsd = size.mul(markPriceUsd)
  return {
    ...rest,
    size,
    markPriceUsd,
    notionalUsd: deltaUsd.abs(),
    unrealizedPnlUsd: ZERO,
    delta: size,
    deltaUsd,
    gamma: ZERO,
    gammaUsd: ZERO,
    vegaUsdPerVolatility: ZERO,
    thetaUsdPerDay: ZERO,
  }
}

/** numerator / denominator, `infinite` when the denominator is not positive (a margin ratio or leverage). */
export function ratioOrInfinite(numerator: D, denominator: D): Ratio {
  return denominator.lte(0) ? RATIO_INFINITE : finite(numerator.div(denominator))
}
