import { type D, ONE } from '../../decimal'

export type ComputeDydxInitialMarginFractionParameters = {
  /** Base IMF of the market. */
  initialMarginFraction: D
  /** Market open interest, units of the underlying. */
  openInterest: D
  /** Oracle price, USD. */
  oraclePriceUsd: D
  /** Lower cap of open notional, USDC. */
  openInterestLowerCap: D
  /** Upper cap of open notional, USDC; 0 disables the scaling. */
  openInterestUpperCap: D
}

/**
 * dYdX v4 open-interest-based initial margin fraction:
 *
 * ```
 * open_notional = open_interest × oracle_price
 * scaling_factor = (open_notional − lower_cap) / (upper_cap − lower_cap)
 * IMF_increase = scaling_factor × (1 − base_IMF)
 * effective_IMF = min(base_IMF + max(IMF_increase, 0), 100%)
 * ```
 *
 * The maintenance margin fraction does not scale. An upper cap of 0 disables the scaling
 * (v4-chain `LiquidityTier.GetInitialMarginQuoteQuantums`).
 *
 * @see https://docs.dydx.xyz/concepts/trading/margin
 * @see https://github.com/dydxprotocol/v4-chain/blob/main/protocol/x/perpetuals/types/liquidity_tier.go
 * @example
 * // base 5%, caps 500k / 1M, 750k open notional: 0.05 + 0.5 × 0.95 = 0.525
 * computeDydxInitialMarginFraction({ initialMarginFraction: dec('0.05'), openInterest: dec('250'), oraclePriceUsd: dec('3000'), openInterestLowerCap: dec('500000'), openInterestUpperCap: dec('1000000') })
 */
export function computeDydxInitialMarginFraction({
  initialMarginFraction,
  openInterest,
  oraclePriceUsd,
  openInterestLowerCap,
  openInterestUpperCap,
}: ComputeDydxInitialMarginFractionParameters): D {
  if (openInterestUpperCap.isZero()) return initialMarginFraction
  const openNotional = openInterest.mul(oraclePriceUsd)
  if (openNotional.lte(openInterestLowerCap)) return initialMarginFraction
  if (openNotional.gte(openInterestUpperCap)) return ONE
  const scalingFactor = openNotional.sub(openInterestLowerCap).div(openInterestUpperCap.sub(openInterestLowerCap))
  // Strictly between the caps the increase is in (0, 1 − base IMF): no clamping left to do.
  return initialMarginFraction.add(scalingFactor.mul(ONE.sub(initialMarginFraction)))
}
