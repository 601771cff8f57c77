import { type D, ZERO } from '../decimal'
import type { LiquidationPrice, ModelPositionRisk } from '../types'

export type ComputePerpPositionRiskParameters = {
  /** Stable id within the margin account, e.g. `perp:BTCUSDT`. */
  id: string
  /** Key of the price the position is valued at in `SnapshotHeader.prices`. */
  priceKey: string
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
  /** Where the model defines one (tiered perps). */
  bankruptcyPrice?: LiquidationPrice | undefined
}

/**
 * The position of a linear perpetual: its value moves one for one with the price, so
 * delta = size, deltaUsd = size × mark and gamma = vega = theta = 0 (funding is not theta) (per unit of the priced asset; see `identifyPositions`).
 *
 * @example computePerpPositionRisk({ id: 'perp:ETH', priceKey: 'ETH', size: dec('-2'), markPriceUsd: dec('3000'), ... }).deltaUsd // -6000
 */
export function computePerpPositionRisk({
  id,
  priceKey,
  size,
  markPriceUsd,
  notionalUsd,
  unrealizedPnlUsd,
  initialMarginUsd,
  maintenanceMarginUsd,
  liquidationPrice,
  bankruptcyPrice,
}: ComputePerpPositionRiskParameters): ModelPositionRisk {
  return {
    id,
    kind: 'perp',
    priceKey,
    size,
    markPriceUsd,
    notionalUsd,
    unrealizedPnlUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    liquidationPrice,
    ...(bankruptcyPrice ? { bankruptcyPrice } : {}),
    delta: size,
    deltaUsd: size.mul(markPriceUsd),
    gamma: ZERO,
    gammaUsd: ZERO,
    vegaUsdPerVolatility: ZERO,
    thetaUsdPerDay: ZERO,
  }
}

/**
 * A cross-margined venue's positions, one per line: a line without exposure, or on an account already
 * liquidatable, has no liquidation price; any other is solved by `solve` (the venue's formula).
 *
 * @example
 * computeLinePositionRisks(lines, figures.liquidatable, (line) => ({ id: `perp:${line.coin}`, ... }), solveLine)
 */
export function computeLinePositionRisks<line>(
  lines: readonly line[],
  liquidatable: boolean,
  describe: (line: line) => Omit<ComputePerpPositionRiskParameters, 'liquidationPrice' | 'bankruptcyPrice'>,
  solve: (line: line) => LiquidationPrice,
): ModelPositionRisk[] {
  return lines.map((line) => {
    const position = describe(line)
    const liquidationPrice: LiquidationPrice = position.size.isZero()
      ? { kind: 'none', reason: 'no-exposure' }
      : liquidatable
        ? { kind: 'none', reason: 'already-liquidatable' }
        : solve(line)
    return computePerpPositionRisk({ ...position, liquidationPrice })
  })
}
