/**
 * Aave v3 margin math: the Pool's own account data and liquidation rules recomputed to the wei
 * from a snapshot, and the risk report built on them.
 */
export {
  AAVE_V3_RULES_VERSIONS,
  type AaveV3Features,
  aaveV3Features,
  aaveV3RulesLabel,
  aaveV3RulesOfRevision,
  NEWEST_PROVEN_POOL_REVISION,
} from './aaveV3Features'
export {
  type ComputeHealthFactorParameters,
  type ComputeHealthFactorReturnType,
  computeHealthFactor,
} from './computeHealthFactor'
export {
  type AaveV3LiquidationRevertReason,
  CLOSE_FACTOR_HF_THRESHOLD,
  type ComputeLiquidationCallParameters,
  type ComputeLiquidationCallReturnType,
  computeLiquidationCall,
  DEFAULT_LIQUIDATION_CLOSE_FACTOR,
  MAX_LIQUIDATION_CLOSE_FACTOR,
  MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD,
} from './computeLiquidationCall'
export { type ComputeLiquidationPriceParameters, computeLiquidationPrice } from './computeLiquidationPrice'
export { type ComputeNormalizedDebtParameters, computeNormalizedDebt } from './computeNormalizedDebt'
export { type ComputeNormalizedIncomeParameters, computeNormalizedIncome } from './computeNormalizedIncome'
export { type ComputeOraclePriceRawParameters, computeOraclePriceRaw } from './computeOraclePriceRaw'
export {
  type ComputeReservePriceRawParameters,
  type ComputeReservePriceRawReturnType,
  computeReservePriceRaw,
} from './computeReservePriceRaw'
export { type ComputeStableDebtParameters, computeStableDebt } from './computeStableDebt'
export {
  type ComputeUserAccountDataParameters,
  type ComputeUserAccountDataReturnType,
  computeUserAccountData,
} from './computeUserAccountData'
export {
  type AaveV3UserReserveState,
  type ComputeUserReservesParameters,
  type ComputeUserReservesReturnType,
  computeUserReserveLtv,
  computeUserReserves,
} from './computeUserReserves'
export {
  type EvaluateAaveV3Parameters,
  type EvaluateAaveV3ReturnType,
  evaluateAaveV3,
  evaluateAaveV3Figures,
} from './evaluateAaveV3'
export { calculateCompoundedInterest, calculateCompoundedInterestV34, calculateLinearInterest } from './mathUtils'
export type {
  AaveV3EModeCategory,
  AaveV3Reserve,
  AaveV3RulesVersion,
  AaveV3Snapshot,
  AaveV3UserReserve,
} from './types'
export {
  HALF_PERCENTAGE_FACTOR,
  HALF_RAY,
  HALF_WAD,
  MAX_UINT256,
  mulDivCeil,
  PERCENTAGE_FACTOR,
  percentDiv,
  percentDivCeil,
  percentMul,
  percentMulFloor,
  RAY,
  rayDiv,
  rayDivCeil,
  rayDivFloor,
  rayMul,
  rayMulCeil,
  rayMulFloor,
  rayToWad,
  WAD,
  WAD_RAY_RATIO,
  wadDiv,
  wadMul,
  wadToRay,
} from './wadRay'
