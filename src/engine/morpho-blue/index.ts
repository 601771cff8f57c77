/**
 * Morpho Blue margin math: the Morpho contract's interest accrual, health check and liquidation
 * recomputed to the wei from a snapshot, and the risk report built on them.
 */
export { type ApplyMorphoBlueChangeParameters, applyMorphoBlueChange } from './applyMorphoBlueChange'
export {
  type ComputeAccruedMarketParameters,
  type ComputeAccruedMarketReturnType,
  computeAccruedMarket,
  toMarketRaw,
} from './computeAccruedMarket'
export {
  type ComputeHealthParameters,
  type ComputeHealthReturnType,
  type ComputeMaxBorrowParameters,
  computeHealth,
  computeMaxBorrow,
} from './computeHealth'
export {
  type ComputeLiquidationParameters,
  type ComputeLiquidationReturnType,
  computeLiquidation,
  type MorphoBlueLiquidationRevertReason,
} from './computeLiquidation'
export { computeLiquidationIncentiveFactor } from './computeLiquidationIncentiveFactor'
export {
  type ComputeLiquidationOraclePriceParameters,
  type ComputeLiquidationOraclePriceReturnType,
  computeLiquidationOraclePrice,
} from './computeLiquidationOraclePrice'
export {
  type ComputeCollateralPriceUsdParameters,
  type ComputeOraclePriceParameters,
  computeCollateralPriceUsd,
  computeOraclePrice,
  oraclePriceDecimals,
} from './computeOraclePrice'
export { type ComputePreLiquidationParameters, computePreLiquidation } from './computePreLiquidation'
export {
  type EvaluateMorphoBlueParameters,
  type EvaluateMorphoBlueReturnType,
  evaluateMorphoBlue,
} from './evaluateMorphoBlue'
export * as morphoBlueMath from './mathLib'
export type {
  MorphoBlueMarketParams,
  MorphoBlueMarketRaw,
  MorphoBlueMarketState,
  MorphoBluePosition,
  MorphoBluePositionRaw,
  MorphoBluePreLiquidation,
  MorphoBlueSnapshot,
  MorphoBlueToken,
} from './types'
