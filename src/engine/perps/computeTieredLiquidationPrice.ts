import { D, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import { findTierIndex, type TierSchedule } from './findTierIndex'

/** One exposure to the moving underlying, as the venue's liquidation formula sees it. */
export type TierLeg = {
  /** +1 when the leg's value rises with the price (long perp, collateral), −1 when it falls (short perp). */
  side: 1 | -1
  /** |size| in units of the underlying (> 0). */
  absSize: D
  /** Its maintenance tiers; a leg without requirement has one tier at rate 0. */
  tiers: TierSchedule
}

export type ComputeTieredLiquidationPriceParameters = {
  /** Current price of the underlying, USD (> 0). */
  priceUsd: D
  /** Every exposure to the underlying in the margin account (not empty). */
  legs: readonly TierLeg[]
  /**
   * The venue's documented closed-form liquidation price, with each leg held in the tier of the
   * same index (`tierIndexes[i]` for `legs[i]`); `null` when its denominator is zero.
   */
  solve: (tierIndexes: readonly number[]) => D | null
  /**
   * Optional: the tier of each leg at `priceUsd` (`findTierIndex` of `absSize × priceUsd`), when the
   * caller already has them; computed otherwise.
   */
  currentTierIndexes?: readonly number[] | undefined
}

/** `side` as a Decimal, to compare rates with. */
const SIDE = { 1: new D(1), [-1]: new D(-1) } as const

/**
 * Liquidation price (equity = maintenance margin, other prices fixed) when maintenance rates
 * depend on the notional at the liquidation price: applies the venue's closed-form formula with
 * the tiers of a segment, moves to the segment where that price falls, and repeats until the price
 * falls in the segment it was computed with ("if the position at the liquidation price and the
 * current position are of different levels, substitute the level at the liquidation price and
 * recalculate").
 *
 * Why this is exact and ends: within one segment (every leg in a fixed tier) the surplus
 * `equity − MM` is linear in the price, with slope `Σ side × |size| − Σ |size| × rate`, and the
 * formula gives the root of that line. The deductions (Binance `cum`, Hyperliquid
 * `maintenance_deduction`) make MM continuous and rates grow with the tier, so the surplus is
 * concave: the minimum of its segment lines. From a positive surplus now there is at most one root
 * below the current price (only if the lowest tiers slope upward) and one above (only if the
 * highest tiers slope downward). Each step is a Newton step on a concave function, so the prices
 * approach the root monotonically from one side, one segment at a time, and the step whose price
 * stays in its own segment has found it (usually the first). The nearest root is returned, `null`
 * when none exists at a positive price. The caller guarantees the account is not already
 * liquidatable.
 *
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
 */
export function computeTieredLiquidationPrice({
  priceUsd,
  legs,
  solve,
  currentTierIndexes,
}: ComputeTieredLiquidationPriceParameters): D | null {
  const tiersAt = (price: D) =>
    legs.map((leg) => findTierIndex({ tiers: leg.tiers, notionalUsd: leg.absSize.mul(price) }))
  const [only] = legs
  /** Sign of the surplus slope `Σ |size| × (side − rate)` in a segment (one leg: sign of side − rate). */
  const slopeSign = (tiers: readonly number[]): number => {
    if (legs.length === 1 && only) return -only.tiers.rate(tiers[0] as number).comparedTo(SIDE[only.side])
    let slope = ZERO
    for (const [i, leg] of legs.entries()) {
      const rate = leg.tiers.rate(tiers[i] as number)
      slope = slope.add(leg.absSize.mul(rate.neg().add(leg.side)))
    }
    return slope.comparedTo(0)
  }
  const start = currentTierIndexes ? [...currentTierIndexes] : tiersAt(priceUsd)
  const startSign = slopeSign(start)
  const lowest = legs.map(() => 0)
  const highest = legs.map((leg) => leg.tiers.count - 1)
  // Start each side from a line whose root bounds that side's root: the current segment's when it
  // slopes the right way, else the outermost segment's (every line lies above the concave surplus).
  const segmentCount = legs.reduce((count, leg) => count + leg.tiers.count, 0)
  const below = slopeSign(lowest) > 0 ? iterate(startSign > 0 ? start : lowest, tiersAt, solve, segmentCount) : null
  const above = slopeSign(highest) < 0 ? iterate(startSign < 0 ? start : highest, tiersAt, solve, segmentCount) : null
  const down = below?.gt(0) ? below : null
  const up = above?.gt(0) ? above : null
  if (!down || !up) return down ?? up
  return priceUsd.sub(down).lte(up.sub(priceUsd)) ? down : up
}

/**
 * Newton steps from the segment `first`: each step lands in a new segment, so more steps than
 * segments means the tier tables break the preconditions above.
 */
function iterate(
  first: number[],
  tiersAt: (price: D) => number[],
  solve: (tierIndexes: readonly number[]) => D | null,
  segmentCount: number,
): D | null {
  let tiers = first
  for (let step = 0; step < segmentCount; step++) {
    const root = solve(tiers)
    if (root === null) return null
    const next = tiersAt(root)
    if (next.every((tier, i) => tier === tiers[i])) return root
    tiers = next
  }
  throw new EngineInputError(
    'Maintenance tiers must have ascending floors, non-decreasing rates and continuous deductions.',
  )
}
