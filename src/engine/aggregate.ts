/**
 * Portfolio view over several margin accounts. Sums what adds up (equity, exposure) and never
 * nets liquidation across venues: each margin account keeps its own health, and the portfolio
 * reports the one closest to liquidation instead of a blended ratio.
 */
import { compareRatio, type D, ZERO } from './decimal'
import type { PositionRisk, RiskReport } from './types'

export type UnderlyingExposure = {
  /** `ETH`, `BTC`, `USD`, ...: every asset on it (WETH, wstETH, ETH perps, on any venue and chain) nets into one row. */
  underlying: string
  /** Σ delta in units of the underlying (each asset's delta × its exchange rate), across every margin account. */
  delta: D
  deltaUsd: D
  gamma: D
  gammaUsd: D
  /** Σ vega, USD per +1.00 of volatility (each position's own; see `PositionRisk.vegaUsdPerVolatility`). */
  vegaUsdPerVolatility: D
  /** Σ theta, USD per calendar day (options' time decay; see `PositionRisk.thetaUsdPerDay`). */
  thetaUsdPerDay: D
  /** Σ |notional| of the positions on this underlying. */
  grossNotionalUsd: D
}

export type AggregateReportsReturnType = {
  equityUsd: D
  haircutEquityUsd: D
  initialMarginUsd: D
  maintenanceMarginUsd: D
  freeCollateralUsd: D
  grossNotionalUsd: D
  /** One entry per underlying, sorted by |deltaUsd| descending, then by name. */
  exposures: UnderlyingExposure[]
  /** The margin account closest to liquidation (highest margin ratio; liquidatable first); `null` when there is none. */
  nearestToLiquidation: RiskReport | null
  liquidatableCount: number
  marginAccountCount: number
}

/**
 * @example
 * const portfolio = aggregateReports(snapshots.map((snapshot) => evaluateMarginAccount({ snapshot, nowSec })))
 * portfolio.nearestToLiquidation?.marginRatio
 */
export function aggregateReports(reports: readonly RiskReport[]): AggregateReportsReturnType {
  let equityUsd = ZERO
  let haircutEquityUsd = ZERO
  let initialMarginUsd = ZERO
  let maintenanceMarginUsd = ZERO
  let freeCollateralUsd = ZERO
  let grossNotionalUsd = ZERO
  let liquidatableCount = 0
  let nearest: RiskReport | null = null

  for (const report of reports) {
    equityUsd = equityUsd.add(report.equityUsd)
    haircutEquityUsd = haircutEquityUsd.add(report.haircutEquityUsd)
    initialMarginUsd = initialMarginUsd.add(report.initialMarginUsd)
    maintenanceMarginUsd = maintenanceMarginUsd.add(report.maintenanceMarginUsd)
    freeCollateralUsd = freeCollateralUsd.add(report.freeCollateralUsd)
    grossNotionalUsd = grossNotionalUsd.add(report.grossNotionalUsd)
    if (report.liquidatable) liquidatableCount++
    if (nearest === null || closerToLiquidation(report, nearest)) nearest = report
  }

  return {
    equityUsd,
    haircutEquityUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    freeCollateralUsd,
    grossNotionalUsd,
    exposures: computeExposures(reports.flatMap((report) => report.positions)),
    nearestToLiquidation: nearest,
    liquidatableCount,
    marginAccountCount: reports.length,
  }
}

/**
 * Net exposure per underlying over positions of any margin accounts: Σ delta, gamma, vega, theta
 * and |notional| on each underlying, sorted by |deltaUsd| descending, then by name. The ONE place
 * these sums are made (the portfolio's exposures and each margin account's).
 *
 * @example computeExposures(report.positions).find((e) => e.underlying === 'ETH')?.vegaUsdPerVolatility
 */
export function computeExposures(positions: readonly PositionRisk[]): UnderlyingExposure[] {
  const exposures = new Map<string, UnderlyingExposure>()
  for (const position of positions) {
    const exposure = exposures.get(position.underlying) ?? {
      underlying: position.underlying,
      delta: ZERO,
      deltaUsd: ZERO,
      gamma: ZERO,
      gammaUsd: ZERO,
      vegaUsdPerVolatility: ZERO,
      thetaUsdPerDay: ZERO,
      grossNotionalUsd: ZERO,
    }
    exposure.delta = exposure.delta.add(position.delta)
    exposure.deltaUsd = exposure.deltaUsd.add(position.deltaUsd)
    exposure.gamma = exposure.gamma.add(position.gamma)
    exposure.gammaUsd = exposure.gammaUsd.add(position.gammaUsd)
    exposure.vegaUsdPerVolatility = exposure.vegaUsdPerVolatility.add(position.vegaUsdPerVolatility)
    exposure.thetaUsdPerDay = exposure.thetaUsdPerDay.add(position.thetaUsdPerDay)
    exposure.grossNotionalUsd = exposure.grossNotionalUsd.add(position.notionalUsd)
    exposures.set(position.underlying, exposure)
  }
  return [...exposures.values()].sort(
    (a, b) => b.deltaUsd.abs().comparedTo(a.deltaUsd.abs()) || a.underlying.localeCompare(b.underlying),
  )
}

/** Σ vega (USD per +1.00 of volatility) and Σ theta (USD per day) over positions, e.g. one margin account's. */
export function computeGreekTotals(positions: readonly PositionRisk[]): { vegaUsdPerVolatility: D; thetaUsdPerDay: D } {
  let vegaUsdPerVolatility = ZERO
  let thetaUsdPerDay = ZERO
  for (const position of positions) {
    vegaUsdPerVolatility = vegaUsdPerVolatility.add(position.vegaUsdPerVolatility)
    thetaUsdPerDay = thetaUsdPerDay.add(position.thetaUsdPerDay)
  }
  return { vegaUsdPerVolatility, thetaUsdPerDay }
}

/** Liquidatable beats not; then the higher margin ratio; then the lower free collateral. */
function closerToLiquidation(a: RiskReport, b: RiskReport): boolean {
  if (a.liquidatable !== b.liquidatable) return a.liquidatable
  const byRatio = compareRatio(a.marginRatio, b.marginRatio)
  if (byRatio !== 0) return byRatio > 0
  return a.freeCollateralUsd.lt(b.freeCollateralUsd)
}
