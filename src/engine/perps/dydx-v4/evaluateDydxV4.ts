import { computeLiquidationDistance } from '../../computeLiquidationDistance'
import { type D, dec, ZERO } from '../../decimal'
import { EngineInputError } from '../../errors'
import { priceOf } from '../../haircut'
import type { LiquidationPrice, RiskFigures, RiskReport } from '../../types'
import { computeAccruedFunding } from '../computeAccruedFunding'
import { computeLinePositionRisks } from '../computePerpPositionRisk'
import {
  type ComputePerpRiskFiguresParameters,
  computePerpRiskFigures,
  computePerpRiskReport,
} from '../computePerpRiskReport'
import { computeTieredLiquidationPrice } from '../computeTieredLiquidationPrice'
import { computeUnrealizedPnl } from '../computeUnrealizedPnl'
import { computeDydxInitialMarginFraction } from './computeDydxInitialMarginFraction'
import { computeDydxLiquidationPrice } from './computeDydxLiquidationPrice'
import type { DydxV4Market, DydxV4Position, DydxV4Snapshot } from './types'

export type EvaluateDydxV4Parameters = {
  snapshot: DydxV4Snapshot
  /** Evaluation time, unix seconds. Unused: unsettled funding is given by funding indexes, not by time. */
  nowSec: number
}

export type EvaluateDydxV4ReturnType = RiskReport

/**
 * Risk of a dYdX v4 subaccount (cross, or an isolated child subaccount):
 *
 * - total account value (equity, TNC) = Q + Σ S × P − unsettled funding, P the oracle price;
 * - initial margin = Σ |S × P × IMF| with the open-interest-scaled IMF; maintenance margin =
 *   Σ |S × P × MMF|; free collateral = TNC − total IM;
 * - liquidatable when TNC falls below the total maintenance requirement;
 * - liquidation price `p' = (e − s × p − MMR_o) / (|s| × MMF − s)` (isolated: MMR_o = 0).
 *
 * @see https://docs.dydx.xyz/concepts/trading/margin
 * @see https://docs.dydx.xyz/concepts/trading/liquidations
 * @see https://docs.dydx.xyz/concepts/trading/isolated-positions
 * @example const report = evaluateDydxV4({ snapshot, nowSec })
 */
export function evaluateDydxV4(parameters: EvaluateDydxV4Parameters): EvaluateDydxV4ReturnType {
  const { lines, equityUsd, maintenanceMarginUsd, figures } = evaluate(parameters)
  const positions = computeLinePositionRisks(
    lines,
    figures.liquidatable,
    (line) => ({
      id: `perp:${line.position.market}`,
      priceKey: line.market.underlying,
      size: line.size,
      markPriceUsd: line.oraclePriceUsd,
      notionalUsd: line.notionalUsd,
      unrealizedPnlUsd: line.unrealizedPnlUsd,
      initialMarginUsd: line.initialMarginUsd,
      maintenanceMarginUsd: line.maintenanceMarginUsd,
    }),
    (line) => solveLine(line, equityUsd, maintenanceMarginUsd.sub(line.maintenanceMarginUsd)),
  )
  return computePerpRiskReport({ ...figures, positions })
}

/**
 * `evaluateDydxV4`'s figures without its positions: no liquidation price is solved (see
 * `evaluateMarginFigures`).
 *
 * @example evaluateDydxV4Figures({ snapshot, nowSec }).liquidatable
 */
export function evaluateDydxV4Figures(parameters: EvaluateDydxV4Parameters): RiskFigures {
  return computePerpRiskFigures(evaluate(parameters).figures)
}

/** The subaccount's lines (one per position) and totals, shared by the report and its figures. */
function evaluate({ snapshot }: EvaluateDydxV4Parameters) {
  // Markets mostly repeat the same parameter strings: parse each distinct string once.
  const parsed = new Map<string, D>()
  const parse = (value: string): D => {
    let result = parsed.get(value)
    if (result === undefined) {
      result = dec(value)
      parsed.set(value, result)
    }
    return result
  }
  const lines = snapshot.positions.map((position) => toLine(position, snapshot, parse))
  if (new Set(lines.map((line) => line.market.underlying)).size !== lines.length) {
    throw new EngineInputError('A dYdX subaccount holds at most one position per underlying.')
  }

  let equityUsd = dec(snapshot.quoteBalance)
  let maintenanceMarginUsd = ZERO
  let initialMarginUsd = ZERO
  let grossNotionalUsd = ZERO
  for (const line of lines) {
    equityUsd = equityUsd.add(line.size.mul(line.oraclePriceUsd)).sub(line.accruedFundingUsd)
    maintenanceMarginUsd = maintenanceMarginUsd.add(line.maintenanceMarginUsd)
    initialMarginUsd = initialMarginUsd.add(line.initialMarginUsd)
    grossNotionalUsd = grossNotionalUsd.add(line.notionalUsd)
  }
  const hasExposure = lines.some((line) => !line.size.isZero())
  const liquidatable = hasExposure && equityUsd.lt(maintenanceMarginUsd)

  return {
    lines,
    equityUsd,
    maintenanceMarginUsd,
    figures: {
      model: 'dydx-v4',
      snapshot,
      equityUsd,
      haircutEquityUsd: equityUsd,
      initialMarginUsd,
      maintenanceMarginUsd,
      grossNotionalUsd,
      liquidatable,
    } satisfies ComputePerpRiskFiguresParameters,
  }
}

type Line = {
  position: DydxV4Position
  market: DydxV4Market
  size: D
  /** |size|. */
  absSize: D
  oraclePriceUsd: D
  notionalUsd: D
  maintenanceMarginFraction: D
  unrealizedPnlUsd: D
  accruedFundingUsd: D
  maintenanceMarginUsd: D
  initialMarginUsd: D
}

function toLine(position: DydxV4Position, snapshot: DydxV4Snapshot, parse: (value: string) => D): Line {
  const market = snapshot.params.markets[position.market]
  if (!market) throw new EngineInputError(`No market parameters for "${position.market}" in the snapshot.`)
  const size = dec(position.size)
  const oraclePriceUsd = priceOf(snapshot.prices, market.underlying)
  const absSize = size.abs()
  const notionalUsd = absSize.mul(oraclePriceUsd)
  const maintenanceMarginFraction = parse(market.maintenanceMarginFraction)
  const initialMarginFraction = computeDydxInitialMarginFraction({
    initialMarginFraction: parse(market.initialMarginFraction),
    openInterest: parse(market.openInterest),
    oraclePriceUsd,
    openInterestLowerCap: parse(market.openInterestLowerCap ?? '0'),
    openInterestUpperCap: parse(market.openInterestUpperCap ?? '0'),
  })
  const accruedFundingUsd =
    market.fundingIndexUsd !== undefined && position.fundingIndexUsd !== undefined
      ? computeAccruedFunding({
          size,
          fundingIndexUsd: dec(market.fundingIndexUsd),
          settledFundingIndexUsd: dec(position.fundingIndexUsd),
        })
      : ZERO
  return {
    position,
    market,
    size,
    absSize,
    oraclePriceUsd,
    notionalUsd,
    maintenanceMarginFraction,
    unrealizedPnlUsd: computeUnrealizedPnl({
      size,
      entryPriceUsd: dec(position.entryPrice),
      markPriceUsd: oraclePriceUsd,
    }),
    accruedFundingUsd,
    maintenanceMarginUsd: notionalUsd.mul(maintenanceMarginFraction),
    initialMarginUsd: notionalUsd.mul(initialMarginFraction),
  }
}

/** One maintenance fraction at every size: a single segment, solved by the documented formula. */
function solveLine(line: Line, equityUsd: D, otherMaintenanceMarginUsd: D): LiquidationPrice {
  const liquidationPriceUsd = computeTieredLiquidationPrice({
    priceUsd: line.oraclePriceUsd,
    legs: [
      {
        side: line.size.isNegative() ? -1 : 1,
        absSize: line.absSize,
        tiers: { count: 1, floorUsd: () => ZERO, rate: () => line.maintenanceMarginFraction },
      },
    ],
    currentTierIndexes: [0],
    solve: () =>
      computeDydxLiquidationPrice({
        equityUsd,
        size: line.size,
        priceUsd: line.oraclePriceUsd,
        maintenanceMarginFraction: line.maintenanceMarginFraction,
        otherMaintenanceMarginUsd,
      }),
  })
  return liquidationPriceUsd === null
    ? { kind: 'none', reason: 'unreachable' }
    : computeLiquidationDistance({ liquidationPriceUsd, priceUsd: line.oraclePriceUsd })
}
