import { dec, toRaw } from '../decimal'
import { EngineInputError } from '../errors'
import type { AaveV3Snapshot } from './types'

export type ComputeOraclePriceRawParameters = {
  snapshot: Pick<AaveV3Snapshot, 'prices' | 'oracle'>
  /** Key in `snapshot.prices`. */
  priceKey: string
}

/**
 * The Aave oracle's answer (`AaveOracle.getAssetPrice`, base currency units per whole token)
 * that `snapshot.prices[priceKey].priceUsd` stands for: `priceUsd × 10^baseCurrencyDecimals`,
 * truncated. Adapters write `priceUsd = priceRaw / 10^baseCurrencyDecimals`, so an unchanged
 * price round-trips to the identical integer and a what-if price maps to what the oracle would say.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/misc/AaveOracle.sol
 * @example computeOraclePriceRaw({ snapshot: { prices: { ETH: { priceUsd: '3012.5', source: 'aave-oracle', timestampSec: 0, class: 'crypto' } }, oracle: { baseCurrencyUnit: '100000000', baseCurrencyDecimals: 8 } }, priceKey: 'ETH' }) // 301250000000n
 */
export function computeOraclePriceRaw({ snapshot, priceKey }: ComputeOraclePriceRawParameters): bigint {
  const quote = snapshot.prices[priceKey]
  if (!quote) throw new EngineInputError(`No price for "${priceKey}" in the snapshot.`)
  return toRaw(dec(quote.priceUsd), snapshot.oracle.baseCurrencyDecimals)
}
