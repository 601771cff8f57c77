export {
  type ComputeEwmaVolatilityParameters,
  type ComputeEwmaVolatilityReturnType,
  computeEwmaVolatility,
} from './computeEwmaVolatility'
export {
  type ComputeExpectedTimeToLiquidationParameters,
  type ComputeExpectedTimeToLiquidationReturnType,
  computeExpectedTimeToLiquidation,
  type FirstPassageTime,
} from './computeExpectedTimeToLiquidation'
export {
  type ComputeLiquidationOutlookParameters,
  type ComputeLiquidationOutlookReturnType,
  computeLiquidationOutlook,
  intersectBands,
  type LiquidationFactor,
} from './computeLiquidationOutlook'
export {
  type ComputeTouchProbabilityParameters,
  type ComputeTouchProbabilityReturnType,
  computeTouchProbability,
} from './computeTouchProbability'
