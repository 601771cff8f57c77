export { type ComputeLiquidationDistanceParameters, computeLiquidationDistance } from '../computeLiquidationDistance'
export { type ComputeAccruedFundingParameters, computeAccruedFunding } from './computeAccruedFunding'
export { type ComputePerpPositionRiskParameters, computePerpPositionRisk } from './computePerpPositionRisk'
export {
  type ComputePerpRiskFiguresParameters,
  type ComputePerpRiskReportParameters,
  computePerpRiskFigures,
  computePerpRiskReport,
} from './computePerpRiskReport'
export {
  type ComputeTieredLiquidationPriceParameters,
  computeTieredLiquidationPrice,
  type TierLeg,
} from './computeTieredLiquidationPrice'
export { type ComputeUnrealizedPnlParameters, computeUnrealizedPnl } from './computeUnrealizedPnl'
export {
  type ComputeDydxInitialMarginFractionParameters,
  computeDydxInitialMarginFraction,
} from './dydx-v4/computeDydxInitialMarginFraction'
export {
  type ComputeDydxLiquidationPriceParameters,
  computeDydxLiquidationPrice,
} from './dydx-v4/computeDydxLiquidationPrice'
export {
  type EvaluateDydxV4Parameters,
  type EvaluateDydxV4ReturnType,
  evaluateDydxV4,
  evaluateDydxV4Figures,
} from './dydx-v4/evaluateDydxV4'
export type { DydxV4Market, DydxV4Position, DydxV4Snapshot } from './dydx-v4/types'
export { type FindTierIndexParameters, findTierIndex, type TierSchedule } from './findTierIndex'
export {
  type ComputeHyperliquidLiquidationPriceParameters,
  computeHyperliquidLiquidationPrice,
} from './hyperliquid/computeHyperliquidLiquidationPrice'
export {
  type ComputeHyperliquidMarginTiersParameters,
  computeHyperliquidMarginTiers,
  type HyperliquidMarginSchedule,
} from './hyperliquid/computeHyperliquidMarginTiers'
export {
  type ComputeHyperliquidVenueFiguresParameters,
  type ComputeHyperliquidVenueFiguresReturnType,
  computeHyperliquidVenueFigures,
  type HyperliquidMarginSummaryFigures,
  type HyperliquidPositionFigures,
} from './hyperliquid/computeHyperliquidVenueFigures'
export {
  type EvaluateHyperliquidParameters,
  type EvaluateHyperliquidReturnType,
  evaluateHyperliquid,
  evaluateHyperliquidFigures,
} from './hyperliquid/evaluateHyperliquid'
export type {
  HyperliquidAssetParams,
  HyperliquidMarginTier,
  HyperliquidPosition,
  HyperliquidSnapshot,
} from './hyperliquid/types'
export {
  type BinanceCoinMLiquidationLeg,
  type ComputeBinanceCoinMLiquidationPriceParameters,
  computeBinanceCoinMLiquidationPrice,
} from './tiered-perp/computeBinanceCoinMLiquidationPrice'
export {
  type BinanceLiquidationLeg,
  type ComputeBinanceLiquidationPriceParameters,
  computeBinanceLiquidationPrice,
} from './tiered-perp/computeBinanceLiquidationPrice'
export {
  type ComputeMaintenanceAmountsParameters,
  computeMaintenanceAmounts,
} from './tiered-perp/computeMaintenanceAmounts'
export {
  BYBIT_CLASSIC_INVERSE_TAKER_FEE,
  DEFAULT_TIERED_PERP_RULES,
  type DefineTieredPerpRulesParameters,
  defineTieredPerpRules,
  type TieredPerpVenue,
} from './tiered-perp/defineTieredPerpRules'
export {
  type EvaluateInverseTieredPerpParameters,
  evaluateInverseTieredPerp,
} from './tiered-perp/evaluateInverseTieredPerp'
export {
  type EvaluateTieredPerpParameters,
  type EvaluateTieredPerpReturnType,
  evaluateTieredPerp,
} from './tiered-perp/evaluateTieredPerp'
export type {
  TieredPerpBracket,
  TieredPerpPosition,
  TieredPerpRules,
  TieredPerpSnapshot,
} from './tiered-perp/types'
