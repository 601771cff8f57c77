import { type D, ZERO } from '../../decimal'

export type ComputeMaintenanceAmountsParameters = {
  /** Each bracket's floor (ascending, the first 0), in the bracket table's unit (USD, or the coin for inverse). */
  floors: readonly D[]
  /** Each bracket's maintenance margin rate (non-decreasing). */
  rates: readonly D[]
  /** Amounts the venue states for some brackets: kept, and the recursion continues from them. */
  given?: readonly (D | undefined)[] | undefined
}

/**
 * Maintenance amounts (Binance `cum`, Bybit "MM deduction") from the brackets' floors and rates, by
 * the recursion both venues publish: `cum_0 = 0`, `cum_n = cum_n−1 + floor_n × (MMR_n − MMR_n−1)`.
 * It makes `notional × MMR_n − cum_n` continuous at every floor, so maintenance margin has no jump
 * when a position crosses into the next bracket.
 *
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-coin-m-futures-contracts-ceccfcfb4e3a45e3b48b0b1bb1a8ae46
 *   ("How to Calculate Liquidation Price of COIN-M Futures Contracts", Maintenance Amount:
 *   "[Floor of Position Bracket on Level n × (MMR on Level n − MMR on Level n−1)] + Maintenance Amount on Level n−1")
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 * @example computeMaintenanceAmounts({ floors: [0, 50000, 250000].map(dec), rates: ['0.004', '0.005', '0.01'].map(dec) }) // [0, 50, 1300]
 */
export function computeMaintenanceAmounts({ floors, rates, given = [] }: ComputeMaintenanceAmountsParameters): D[] {
  const amounts: D[] = []
  let previousRate = ZERO
  let previousAmount = ZERO
  for (const [index, floor] of floors.entries()) {
    const rate = rates[index] as D
    const amount = given[index] ?? (index === 0 ? ZERO : previousAmount.add(floor.mul(rate.sub(previousRate))))
    amounts.push(amount)
    previousRate = rate
    previousAmount = amount
  }
  return amounts
}
