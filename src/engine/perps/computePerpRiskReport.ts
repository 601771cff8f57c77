import { type D, finite, RATIO_INFINITE, RATIO_NONE, type Ratio } from '../decimal'
import { identifyPositions } from '../identifyPositions'
import { computeMarginRatio } from '../marginRatio'
import { reportIdentity } from '../reportIdentity'
import type {
  MarginModelId,
  ModelPositionRisk,
  RiskFigures,
  RiskReport,
  SettlementFigures,
  SnapshotHeader,
} from '../types'

export type ComputePerpRiskReportParameters = {
  model: MarginModelId
  snapshot: SnapshotHeader
  /** Collateral + uPnL − accrued funding, USD, before haircuts. */
  equityUsd: D
  /** Equity with collateral haircuts: what the venue margins against. */
  haircutEquityUsd: D
  initialMarginUsd: D
  maintenanceMarginUsd: D
  /** Σ |size| × mark over the perp positions, USD. */
  grossNotionalUsd: D
  /** The venue's own liquidation test (each venue states whether equality already liquidates). */
  liquidatable: boolean
  positions: ModelPositionRisk[]
  /** Coin-margined accounts: the same figures in the coin. */
  settlement?: SettlementFigures | undefined
}

/**
 * Assembles a perp margin account's `RiskReport`: its figures (`computePerpRiskFigures`) and its
 * positions in underlying terms (`identifyPositions`).
 */
export function computePerpRiskReport({ positions, ...parameters }: ComputePerpRiskReportParameters): RiskReport {
  const { settlement, ...figures } = computePerpRiskFigures(parameters)
  return {
    ...figures,
    positions: identifyPositions({ prices: parameters.snapshot.prices, positions }),
    ...(settlement ? { settlement } : {}),
  }
}

export type ComputePerpRiskFiguresParameters = Omit<ComputePerpRiskReportParameters, 'positions'>

/**
 * A perp margin account's figures: margin ratio = MM / haircut equity (`computeMarginRatio`), free
 * collateral = haircut equity − IM, leverage = gross notional / equity (`none` without exposure,
 * `infinite` when equity <= 0 with exposure), no health factor.
 */
export function computePerpRiskFigures({
  model,
  snapshot,
  equityUsd,
  haircutEquityUsd,
  initialMarginUsd,
  maintenanceMarginUsd,
  grossNotionalUsd,
  liquidatable,
  settlement,
}: ComputePerpRiskFiguresParameters): RiskFigures {
  return {
    ...reportIdentity(model, snapshot),
    equityUsd,
    haircutEquityUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    marginRatio: computeMarginRatio({ maintenanceMarginUsd, equityUsd: haircutEquityUsd }),
    freeCollateralUsd: haircutEquityUsd.sub(initialMarginUsd),
    leverage: leverageOf(grossNotionalUsd, equityUsd),
    grossNotionalUsd,
    healthFactor: null,
    liquidatable,
    ...(settlement ? { settlement } : {}),
  }
}

function leverageOf(grossNotionalUsd: D, equityUsd: D): Ratio {
  if (grossNotionalUsd.isZero()) return RATIO_NONE
  if (equityUsd.lte(0)) return RATIO_INFINITE
  return finite(grossNotionalUsd.div(equityUsd))
}
