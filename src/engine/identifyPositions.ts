import { assetOf } from './assetOf'
import { dec } from './decimal'
import { EngineInputError } from './errors'
import type { ModelPositionRisk, PositionRisk, PriceQuote } from './types'

export type IdentifyPositionsParameters = {
  prices: Record<string, PriceQuote>
  positions: readonly ModelPositionRisk[]
}

/**
 * Puts a margin model's positions in underlying terms, the ONE place every model's report goes
 * through (each evaluator calls it on its way out):
 *
 * - `asset`: the held asset (its own key's identity and price; `assetKey` when the venue prices it
 *   at another key, as Aave v3.0–3.1 e-mode does);
 * - `underlying`: the underlying of the key the venue prices the position at, so a wstETH
 *   collateral that an e-mode Pool values at the WETH price carries WETH's risk: ETH at rate 1;
 * - `delta` × r and `gamma` × r², with r the priced key's exchange rate: the value is
 *   V(P_key) with P_key = r × P_underlying, so dV/dP_u = r × dV/dP_key and d²V/dP_u² = r² × d²V/dP_key².
 *   `deltaUsd` and `gammaUsd` do not change (the USD value of a 1 % move is the same whichever
 *   price it is expressed in).
 *
 * @example identifyPositions({ prices, positions: [perp] })[0].underlying // 'ETH'
 */
export function identifyPositions({ prices, positions }: IdentifyPositionsParameters): PositionRisk[] {
  return positions.map(({ assetKey, ...position }) => {
    const priced = assetOf(prices, position.priceKey)
    const key = assetKey ?? position.priceKey
    const held = prices[key]
    if (!held) throw new EngineInputError(`No price for "${key}" in the snapshot.`)
    const rate = dec(priced.exchangeRate)
    return {
      ...position,
      underlying: priced.underlying,
      asset: { ...assetOf(prices, key), key, priceUsd: dec(held.priceUsd) },
      delta: position.delta.mul(rate),
      gamma: position.gamma.mul(rate).mul(rate),
    }
  })
}
