export {
  type ComputeBlack76Parameters,
  type ComputeBlack76ReturnType,
  computeBlack76,
} from './computeBlack76'
export {
  type ComputeBlackScholesParameters,
  type ComputeBlackScholesReturnType,
  computeBlackScholes,
} from './computeBlackScholes'
export {
  type ComputeImpliedVolatilityParameters,
  type ComputeImpliedVolatilityReturnType,
  computeImpliedVolatility,
} from './computeImpliedVolatility'
export {
  type ComputePortfolioMarginScenariosParameters,
  type ComputePortfolioMarginScenariosReturnType,
  computePortfolioMarginScenarios,
} from './computePortfolioMarginScenarios'
export {
  type ComputeTimeToExpiryParameters,
  computeTimeToExpiry,
} from './computeTimeToExpiry'
export { DERIBIT_PORTFOLIO_MARGIN_PARAMS } from './deribitPortfolioMarginParams'
export {
  type EvaluatePortfolioMarginParameters,
  type EvaluatePortfolioMarginReturnType,
  evaluatePortfolioMargin,
  evaluatePortfolioMarginFigures,
} from './evaluatePortfolioMargin'
export type {
  LinearPerpPosition,
  OptionPosition,
  OptionPricingModel,
  OptionRight,
  OptionValuation,
  PortfolioMarginParams,
  PortfolioMarginSnapshot,
  PortfolioScenario,
  UnderlyingScenarioRisk,
} from './types'
