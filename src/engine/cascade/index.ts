/**
 * Liquidation cascades: forced sales move prices, which liquidate more accounts. Pure: snapshots,
 * shocks and depth models in; rounds, the price path, bad debt and the toxic zone out.
 */
export { computeCascade, MAX_CASCADE_ROUNDS } from './computeCascade'
export {
  createDepthState,
  type DepthState,
  type FillInDepthModelParameters,
  type FillInDepthModelReturnType,
  fillInDepthModel,
} from './fillInDepthModel'
export {
  DYDX_V4_MAX_LIQUIDATION_FEE,
  HYPERLIQUID_BACKSTOP_FRACTION,
  HYPERLIQUID_PARTIAL_LIQUIDATION_FRACTION,
  HYPERLIQUID_PARTIAL_LIQUIDATION_NOTIONAL_USD,
} from './liquidateVenues'
export type * from './types'
