import { evaluateAaveV3, evaluateAaveV3Figures } from './aave-v3/evaluateAaveV3'
import type { AaveV3Snapshot } from './aave-v3/types'
import { evaluateMorphoBlue } from './morpho-blue/evaluateMorphoBlue'
import type { MorphoBlueSnapshot } from './morpho-blue/types'
import { evaluatePortfolioMargin, evaluatePortfolioMarginFigures } from './options/evaluatePortfolioMargin'
import type { PortfolioMarginSnapshot } from './options/types'
import { evaluateDydxV4, evaluateDydxV4Figures } from './perps/dydx-v4/evaluateDydxV4'
import type { DydxV4Snapshot } from './perps/dydx-v4/types'
import { evaluateHyperliquid, evaluateHyperliquidFigures } from './perps/hyperliquid/evaluateHyperliquid'
import type { HyperliquidSnapshot } from './perps/hyperliquid/types'
import { evaluateTieredPerp } from './perps/tiered-perp/evaluateTieredPerp'
import type { TieredPerpSnapshot } from './perps/tiered-perp/types'
import type { MarginModelId, RiskFigures, RiskReport } from './types'

/** A snapshot of one margin account, whatever its venue's margin model. */
export type MarginAccountSnapshot =
  | TieredPerpSnapshot
  | HyperliquidSnapshot
  | DydxV4Snapshot
  | AaveV3Snapshot
  | MorphoBlueSnapshot
  | PortfolioMarginSnapshot

export type EvaluateMarginAccountParameters = {
  snapshot: MarginAccountSnapshot
  /** Evaluation time, unix seconds (interest accrual, option time to expiry). */
  nowSec: number
}

export type EvaluateMarginAccountReturnType = RiskReport

type Evaluators = {
  [model in MarginModelId]: (parameters: {
    snapshot: Extract<MarginAccountSnapshot, { model: model }>
    nowSec: number
  }) => RiskReport
}

/** One evaluator per margin model: the ONE place a snapshot's model picks its formulas. */
const evaluators = {
  'tiered-perp': evaluateTieredPerp,
  hyperliquid: evaluateHyperliquid,
  'dydx-v4': evaluateDydxV4,
  'aave-v3': evaluateAaveV3,
  'morpho-blue': evaluateMorphoBlue,
  'portfolio-margin': evaluatePortfolioMargin,
} satisfies Evaluators

/**
 * Evaluates one margin account with its own venue's prices and rules. Pure: the same snapshot
 * and `nowSec` give the same report, in Workers, Node or a browser.
 *
 * @example
 * const report = evaluateMarginAccount({ snapshot, nowSec: 1_764_000_000 })
 * report.marginRatio // { kind: 'finite', value: D('0.42') }
 */
export function evaluateMarginAccount({ snapshot, nowSec }: EvaluateMarginAccountParameters): RiskReport {
  const evaluate = evaluators[snapshot.model] as (parameters: EvaluateMarginAccountParameters) => RiskReport
  return evaluate({ snapshot, nowSec })
}

type FigureEvaluators = {
  [model in MarginModelId]: (parameters: {
    snapshot: Extract<MarginAccountSnapshot, { model: model }>
    nowSec: number
  }) => RiskFigures
}

/** The figures of a full report: for the models whose positions are not (yet) worth skipping. */
const figuresOfReport =
  <parameters>(evaluate: (parameters: parameters) => RiskReport) =>
  (parameters: parameters): RiskFigures => {
    const { positions: _positions, preLiquidation: _preLiquidation, ...figures } = evaluate(parameters)
    return figures
  }

/**
 * One figures evaluator per margin model: Aave, Hyperliquid, dYdX and portfolio margin skip their
 * positions (Aave's liquidation price searches, the perps' tier walks, the options book's
 * revaluations at trial prices: most of a report's cost); tiered perps and Morpho Blue evaluate
 * their full report and leave its positions out.
 */
const figureEvaluators = {
  'tiered-perp': figuresOfReport(evaluateTieredPerp),
  hyperliquid: evaluateHyperliquidFigures,
  'dydx-v4': evaluateDydxV4Figures,
  'aave-v3': evaluateAaveV3Figures,
  'morpho-blue': figuresOfReport(evaluateMorphoBlue),
  'portfolio-margin': evaluatePortfolioMarginFigures,
} satisfies FigureEvaluators

/**
 * The account-level figures of `evaluateMarginAccount`'s report (equity, margins, ratios,
 * `liquidatable`), computed by the same formulas but without the positions and their liquidation
 * prices: for callers that evaluate many what-if snapshots and read only whether, and by how much,
 * each one hurts (stress scenarios). Pure, and equal field for field to the full report's.
 *
 * @example
 * const figures = evaluateMarginFigures({ snapshot: applyChanges({ snapshot, nowSec, changes }), nowSec })
 * figures.liquidatable
 */
export function evaluateMarginFigures({ snapshot, nowSec }: EvaluateMarginAccountParameters): RiskFigures {
  const evaluate = figureEvaluators[snapshot.model] as (parameters: EvaluateMarginAccountParameters) => RiskFigures
  return evaluate({ snapshot, nowSec })
}
