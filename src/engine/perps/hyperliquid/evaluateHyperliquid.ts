import { computeLiquidationDistance } from '../../computeLiquidationDistance'
import { type D, dec, ONE, ZERO } from '../../decimal'
import { EngineInputError } from '../../errors'
import { priceOf } from '../../haircut'
import type { LiquidationPrice, RiskFigures, RiskReport } from '../../types'
import { computeLinePositionRisks } from '../computePerpPositionRisk'
import {
  type ComputePerpRiskFiguresParameters,
  computePerpRiskFigures,
  computePerpRiskReport,
} from '../computePerpRiskReport'
import { computeTieredLiquidationPrice } from '../computeTieredLiquidationPrice'
import { computeUnrealizedPnl } from '../computeUnrealizedPnl'
import { findTierIndex } from '../findTierIndex'
import { computeHyperliquidLiquidationPrice } from './computeHyperliquidLiquidationPrice'
import { computeHyperliquidMarginTiers, type HyperliquidMarginSchedule } from './computeHyperliquidMarginTiers'
import type { HyperliquidPosition, HyperliquidSnapshot } from './types'

export type EvaluateHyperliquidParameters = {
  snapshot: HyperliquidSnapshot
  /** Evaluation time, unix seconds. Unused: funding is paid hourly into `rawUsd`. */
  nowSec: number
}

export type EvaluateHyperliquidReturnType = RiskReport

/**
 * Risk of a Hyperliquid margin account (the cross account, or one isolated position):
 *
 * - account value = rawUsd + Σ szi × markPx (the equity; no haircuts);
 * - initial margin = |szi| × markPx / leverage (the position's leverage setting);
 * - maintenance margin = notional × rate − deduction of the notional's margin tier, rate =
 *   1 / (2 × max leverage of the tier);
 * - liquidatable when the account value falls below the maintenance margin;
 * - liquidation price by the documented formula, l taken in the margin tier of the position value
 *   at the liquidation price.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margining
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers
 * @example const report = evaluateHyperliquid({ snapshot, nowSec })
 */
export function evaluateHyperliquid(parameters: EvaluateHyperliquidParameters): EvaluateHyperliquidReturnType {
  const { lines, accountValueUsd, maintenanceMarginUsd, figures } = evaluate(parameters)
  const positions = computeLinePositionRisks(
    lines,
    figures.liquidatable,
    (line) => ({
      id: `perp:${line.position.coin}`,
      priceKey: line.position.coin,
      size: line.szi,
      markPriceUsd: line.markPriceUsd,
      notionalUsd: line.notionalUsd,
      unrealizedPnlUsd: line.unrealizedPnlUsd,
      initialMarginUsd: line.initialMarginUsd,
      maintenanceMarginUsd: line.maintenanceMarginUsd,
    }),
    (line) => solveLine(line, accountValueUsd, maintenanceMarginUsd.sub(line.maintenanceMarginUsd)),
  )
  return computePerpRiskReport({ ...figures, positions })
}

/**
 * `evaluateHyperliquid`'s figures without its positions: no liquidation price is solved (see
 * `evaluateMarginFigures`).
 *
 * @example evaluateHyperliquidFigures({ snapshot, nowSec }).liquidatable
 */
export function evaluateHyperliquidFigures(parameters: EvaluateHyperliquidParameters): RiskFigures {
  return computePerpRiskFigures(evaluate(parameters).figures)
}

/** The account's lines (one per position) and totals, shared by the report and its figures. */
function evaluate({ snapshot }: EvaluateHyperliquidParameters) {
  if (snapshot.marginMode === 'isolated' && snapshot.positions.length !== 1) {
    throw new EngineInputError('An isolated Hyperliquid margin account holds exactly one position.')
  }
  if (new Set(snapshot.positions.map((p) => p.coin)).size !== snapshot.positions.length) {
    throw new EngineInputError('A Hyperliquid margin account holds at most one position per coin.')
  }
  const lines = snapshot.positions.map((position) => toLine(position, snapshot))

  let accountValueUsd = dec(snapshot.rawUsd)
  let maintenanceMarginUsd = ZERO
  let initialMarginUsd = ZERO
  let grossNotionalUsd = ZERO
  for (const line of lines) {
    accountValueUsd = accountValueUsd.add(line.szi.mul(line.markPriceUsd))
    maintenanceMarginUsd = maintenanceMarginUsd.add(line.maintenanceMarginUsd)
    initialMarginUsd = initialMarginUsd.add(line.initialMarginUsd)
    grossNotionalUsd = grossNotionalUsd.add(line.notionalUsd)
  }
  const hasExposure = lines.some((line) => !line.szi.isZero())
  const liquidatable = hasExposure && accountValueUsd.lt(maintenanceMarginUsd)

  return {
    lines,
    accountValueUsd,
    maintenanceMarginUsd,
    figures: {
      model: 'hyperliquid',
      snapshot,
      equityUsd: accountValueUsd,
      haircutEquityUsd: accountValueUsd,
      initialMarginUsd,
      maintenanceMarginUsd,
      grossNotionalUsd,
      liquidatable,
    } satisfies ComputePerpRiskFiguresParameters,
  }
}

type Line = {
  position: HyperliquidPosition
  schedule: HyperliquidMarginSchedule
  szi: D
  /** |szi|. */
  absSize: D
  /** Margin tier of the current notional. */
  tier: number
  markPriceUsd: D
  notionalUsd: D
  unrealizedPnlUsd: D
  maintenanceMarginUsd: D
  initialMarginUsd: D
}

/**
 * Many perps share a margin table and a leverage, and every evaluation of a margin account (each
 * request, each stress scenario) the same ones: each schedule and 1 / leverage is built once, keyed by
 * what it is computed from. Bounded: cleared when full.
 */
const schedules = new Map<string, HyperliquidMarginSchedule>()
const inverses = new Map<number, D>()
const MEMO_LIMIT = 1_000

function toLine(position: HyperliquidPosition, snapshot: HyperliquidSnapshot): Line {
  const asset = snapshot.params.assets[position.coin]
  if (!asset) throw new EngineInputError(`No asset parameters for "${position.coin}" in the snapshot.`)
  const key = `${asset.maxLeverage}|${(asset.marginTiers ?? []).map((t) => `${t.lowerBound}:${t.maxLeverage}`).join()}`
  let schedule = schedules.get(key)
  if (!schedule) {
    schedule = computeHyperliquidMarginTiers(asset)
    if (schedules.size >= MEMO_LIMIT) schedules.clear()
    schedules.set(key, schedule)
  }
  let inverseLeverage = inverses.get(position.leverage)
  if (inverseLeverage === undefined) {
    inverseLeverage = ONE.div(position.leverage)
    if (inverses.size >= MEMO_LIMIT) inverses.clear()
    inverses.set(position.leverage, inverseLeverage)
  }
  const szi = dec(position.szi)
  const markPriceUsd = priceOf(snapshot.prices, position.coin)
  const absSize = szi.abs()
  const notionalUsd = absSize.mul(markPriceUsd)
  const tier = findTierIndex({ tiers: schedule, notionalUsd })
  return {
    position,
    schedule,
    szi,
    absSize,
    tier,
    markPriceUsd,
    notionalUsd,
    unrealizedPnlUsd: computeUnrealizedPnl({ size: szi, entryPriceUsd: dec(position.entryPx), markPriceUsd }),
    maintenanceMarginUsd: notionalUsd.mul(schedule.rate(tier)).sub(schedule.deductionUsd(tier)),
    initialMarginUsd: notionalUsd.mul(inverseLeverage),
  }
}

/** The documented formula per margin tier; the tier walk picks the one at the liquidation price. */
function solveLine(line: Line, accountValueUsd: D, otherMaintenanceMarginUsd: D): LiquidationPrice {
  const side = line.szi.isNegative() ? -1 : 1
  const positionSize = line.absSize
  // account_value − other requirements does not depend on the tier; the own requirement in the
  // current tier is the line's maintenance margin.
  const availableBeforeOwnUsd = accountValueUsd.sub(otherMaintenanceMarginUsd)
  const liquidationPriceUsd = computeTieredLiquidationPrice({
    priceUsd: line.markPriceUsd,
    legs: [{ side, absSize: positionSize, tiers: line.schedule }],
    currentTierIndexes: [line.tier],
    solve: ([tier = 0]) => {
      const ownRequirementUsd =
        tier === line.tier
          ? line.maintenanceMarginUsd
          : line.notionalUsd.mul(line.schedule.rate(tier)).sub(line.schedule.deductionUsd(tier))
      return computeHyperliquidLiquidationPrice({
        priceUsd: line.markPriceUsd,
        side,
        positionSize,
        marginAvailableUsd: availableBeforeOwnUsd.sub(ownRequirementUsd),
        maintenanceMarginRate: line.schedule.rate(tier),
      })
    },
  })
  return liquidationPriceUsd === null
    ? { kind: 'none', reason: 'unreachable' }
    : computeLiquidationDistance({ liquidationPriceUsd, priceUsd: line.markPriceUsd })
}
