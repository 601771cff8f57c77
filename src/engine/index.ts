/**
 * Solvent's margin engine: pure TypeScript over decimal.js. Snapshots in (JSON-safe), risk
 * reports out; the time is always an argument. See ../../../shared/DESIGN.md for the vocabulary.
 */
export * from './aave-v3/index'
export {
  type AggregateReportsReturnType,
  aggregateReports,
  computeExposures,
  computeGreekTotals,
  type UnderlyingExposure,
} from './aggregate'
export { assetOf } from './assetOf'
export * from './cascade/index'
export * from './decimal'
export { EngineInputError } from './errors'
export {
  type EvaluateMarginAccountParameters,
  type EvaluateMarginAccountReturnType,
  evaluateMarginAccount,
  evaluateMarginFigures,
  type MarginAccountSnapshot,
} from './evaluateMarginAccount'
export {
  type CollateralBalance,
  type ComputeCollateralParameters,
  type ComputeCollateralReturnType,
  computeCollateral,
} from './haircut'
export { type IdentifyPositionsParameters, identifyPositions } from './identifyPositions'
export { type ComputeMarginRatioParameters, computeMarginRatio } from './marginRatio'
export * from './math/index'
export * from './morpho-blue/index'
export * from './options/index'
export * from './perps/index'
export * from './predictive/index'
export {
  type SolveDepositParameters,
  type SolveLiquidationBandParameters,
  type SolveLiquidationBandReturnType,
  type SolveMinimalAmountParameters,
  type SolveMinimalAmountReturnType,
  type SolveReductionParameters,
  type SolveResult,
  type SolverTarget,
  type SolveUniformMoveParameters,
  type SolveUniformMoveReturnType,
  solveDeposit,
  solveLiquidationBand,
  solveMinimalAmount,
  solveReduction,
  solveUniformMove,
} from './solvers'
export type * from './types'
export {
  type ApplyChangesParameters,
  type ApplyChangesWithFundingReturnType,
  applyChanges,
  applyChangesWithFunding,
} from './whatIf/applyChanges'
export { type TradeAtPriceParameters, type TradeAtPriceReturnType, tradeAtPrice } from './whatIf/tradeAtPrice'
export type { AaveV3RateMode, WhatIfChange, WhatIfChangeKind, WhatIfFunding } from './whatIf/types'
