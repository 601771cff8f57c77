import { type D, dec, fromRaw, toRaw } from '../decimal'
import { EngineInputError } from '../errors'
import type { PriceQuote } from '../types'
import type { MorphoBlueSnapshot } from './types'

/** Decimals of `IOracle.price()`: 36 + loan decimals − collateral decimals. */
export function oraclePriceDecimals(loanDecimals: number, collateralDecimals: number): number {
  return 36 + loanDecimals - collateralDecimals
}

export type ComputeCollateralPriceUsdParameters = {
  /** `IOracle.price()`. */
  oraclePrice: bigint
  /** USD per whole loan token. */
  loanPriceUsd: D
  loanDecimals: number
  collateralDecimals: number
}

/**
 * USD per whole collateral token implied by the market's oracle: oraclePrice / 10^(36 + loan
 * decimals − collateral decimals) loan tokens, times the loan token's USD price. Exact (no
 * rounding), so `computeOraclePrice` gives back the same integer. Adapters write the collateral's
 * quote with it.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IOracle.sol (price scale)
 */
export function computeCollateralPriceUsd({
  oraclePrice,
  loanPriceUsd,
  loanDecimals,
  collateralDecimals,
}: ComputeCollateralPriceUsdParameters): D {
  return fromRaw(oraclePrice, oraclePriceDecimals(loanDecimals, collateralDecimals)).mul(loanPriceUsd)
}

export type ComputeOraclePriceParameters = {
  snapshot: Pick<MorphoBlueSnapshot, 'loanToken' | 'collateralToken' | 'prices'>
}

/**
 * The oracle's integer price from the snapshot's USD prices: collateralUsd / loanUsd ×
 * 10^(36 + loan decimals − collateral decimals), rounded down. The inverse of
 * `computeCollateralPriceUsd` for an unchanged price; a what-if move of either key moves it.
 */
export function computeOraclePrice({ snapshot }: ComputeOraclePriceParameters): bigint {
  const { loanToken, collateralToken } = snapshot
  if (loanToken.priceKey === collateralToken.priceKey) {
    throw new EngineInputError(`Morpho Blue market prices loan and collateral at the same key "${loanToken.priceKey}".`)
  }
  const loanPriceUsd = quote(snapshot.prices, loanToken.priceKey)
  if (loanPriceUsd.lte(0)) throw new EngineInputError(`Price of "${loanToken.priceKey}" is not positive.`)
  const collateralPriceUsd = quote(snapshot.prices, collateralToken.priceKey)
  return toRaw(collateralPriceUsd.div(loanPriceUsd), oraclePriceDecimals(loanToken.decimals, collateralToken.decimals))
}

/** USD price of a key, as the snapshot states it. */
export function quote(prices: Record<string, PriceQuote>, key: string): D {
  const found = prices[key]
  if (!found) throw new EngineInputError(`No price for "${key}" in the snapshot.`)
  return dec(found.priceUsd)
}
