import { evaluateAaveV3 } from './aave-v3/evaluateAaveV3'
import type { AaveV3Snapshot } from './aave-v3/types'
import { evaluateMorphoBlue } from './morpho-blue/evaluateMorphoBlue'
import type { MorphoBlueSnapshot } from './morpho-blue/types'
import { evaluatePortfolioMargin } from './options/evaluatePortfolioMargin'
import type { PortfolioMarginSnapshot } from './options/types'
import { evaluateDydxV4 } from './perps/dydx-v4/evaluateDydxV4'
import type { DydxV4Snapshot } from './perps/dydx-v4/types'
import { evaluateHyperliquid } from './perps/hyperliquid/evaluateHyperliquid'
import type { HyperliquidSnapshot } from './perps/hyperliquid/types'
import { evaluateTieredPerp } from './perps/tiered-perp/evaluateTieredPerp'
import type { TieredPerpSnapshot } from './perps/tiered-perp/types'
import type { MarginModelId, RiskReport } from './types'

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
