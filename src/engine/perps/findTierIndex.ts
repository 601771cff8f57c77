import type { D } from '../decimal'

/**
 * A margin tier table in notional terms (Binance leverage brackets, Bybit risk limits, Hyperliquid
 * margin tiers): tier `i` applies from `floorUsd(i)` (inclusive) up to `floorUsd(i + 1)`
 * (exclusive); the last tier has no cap. Accessors let a caller parse venue strings lazily.
 */
export type TierSchedule = {
  /** Number of tiers, at least 1. */
  count: number
  /** Notional floor of tier `index`, USD; `floorUsd(0)` is 0. Ascending. */
  floorUsd: (index: number) => D
  /** Maintenance-margin rate of tier `index`, fraction of notional. Non-decreasing. */
  rate: (index: number) => D
}

export type FindTierIndexParameters = {
  tiers: TierSchedule
  /** Notional of the position, USD (>= 0). */
  notionalUsd: D
}

/**
 * Index of the tier a notional falls in: the last tier whose floor is <= the notional
 * (a notional exactly on a floor belongs to the higher tier, as Binance's `notionalFloor <=
 * notional < notionalCap` and Hyperliquid's `lowerBound`).
 *
 * @example findTierIndex({ tiers, notionalUsd: dec('50000') }) // 1 when floors are [0, 50000, 250000]
 */
export function findTierIndex({ tiers, notionalUsd }: FindTierIndexParameters): number {
  // Binary search: reads O(log count) floors of a lazily parsed table.
  let low = 0
  let high = tiers.count - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (tiers.floorUsd(middle).lte(notionalUsd)) low = middle
    else high = middle - 1
  }
  return low
}
