import { type D, dec, ONE, ZERO } from '../../decimal'
import type { TierSchedule } from '../findTierIndex'
import type { HyperliquidAssetParams } from './types'

/** A perp's maintenance schedule: tier floors, rates and deductions. */
export type HyperliquidMarginSchedule = TierSchedule & {
  /** `maintenance_deduction(tier)`, USDC. */
  deductionUsd: (index: number) => D
}

export type ComputeHyperliquidMarginTiersParameters = HyperliquidAssetParams

/**
 * Hyperliquid's tiered maintenance margin, `notional × maintenance_margin_rate − maintenance_deduction`:
 *
 * - `maintenance_margin_rate(n) = (initial margin rate at max leverage of tier n) / 2 = 1 / (2 × maxLeverage_n)`
 *   (half the initial margin at max leverage: 1.25% at 40x);
 * - `maintenance_deduction(0) = 0`, `maintenance_deduction(n) = maintenance_deduction(n − 1) +
 *   lower_bound(n) × (rate(n) − rate(n − 1))`, which keeps maintenance margin continuous.
 *
 * Without `marginTiers` (table ids below 50) there is one tier at `maxLeverage`.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margining
 * @example
 * // BTC mainnet: 0-150M 40x, >150M 20x: rates 1.25% and 2.5%, deduction 150M × 1.25% = 1,875,000
 * computeHyperliquidMarginTiers({ maxLeverage: 40, marginTiers: [{ lowerBound: '0', maxLeverage: 40 }, { lowerBound: '150000000', maxLeverage: 20 }] })
 */
export function computeHyperliquidMarginTiers({
  maxLeverage,
  marginTiers,
}: ComputeHyperliquidMarginTiersParameters): HyperliquidMarginSchedule {
  const rows = marginTiers && marginTiers.length > 0 ? marginTiers : [{ lowerBound: '0', maxLeverage }]
  const floors: D[] = []
  const rates: D[] = []
  const deductions: D[] = []
  rows.forEach((row, n) => {
    const floor = dec(row.lowerBound)
    const rate = ONE.div(2 * row.maxLeverage)
    const previousRate = rates[n - 1]
    const previousDeduction = deductions[n - 1]
    floors.push(floor)
    rates.push(rate)
    deductions.push(
      previousRate === undefined || previousDeduction === undefined
        ? ZERO
        : previousDeduction.add(floor.mul(rate.sub(previousRate))),
    )
  })
  const at = (values: D[]) => (index: number) => values[index] ?? ZERO
  return { count: rows.length, floorUsd: at(floors), rate: at(rates), deductionUsd: at(deductions) }
}
