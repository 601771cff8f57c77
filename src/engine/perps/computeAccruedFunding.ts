import type { D } from '../decimal'

export type ComputeAccruedFundingParameters = {
  /** Signed size in units of the underlying. */
  size: D
  /** The market's cumulative funding index now, USD per unit of the underlying. */
  fundingIndexUsd: D
  /** The cumulative funding index when the position last settled funding, USD per unit. */
  settledFundingIndexUsd: D
}

/**
 * Funding a position owes but the venue has not yet settled into its balance:
 * `size × (index now − index at last settlement)`, USD. Positive means the account owes it, so
 * it is subtracted from equity (equity = collateral + uPnL − debt − accrued fees/funding).
 *
 * How each venue treats funding:
 * - dYdX v4 settles funding lazily: `GetSettledSubaccount` applies
 *   `quantums × (perpetual.fundingIndex − position.fundingIndex)` to the USDC balance before every
 *   collateral check, so unsettled funding counts in total net collateral. This function is that term.
 * - Hyperliquid pays funding every hour into the USDC balance; `cumFunding.sinceOpen` in
 *   `clearinghouseState` is history already inside `rawUsd`, so nothing is accrued.
 * - Binance / Bybit settle funding into the wallet balance at each funding timestamp; between two
 *   timestamps nothing is owed, so nothing is accrued.
 *
 * @see https://docs.dydx.xyz/concepts/trading/funding
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/funding
 * @example computeAccruedFunding({ size: dec('2'), fundingIndexUsd: dec('1.5'), settledFundingIndexUsd: dec('1') }) // 1 (owed)
 */
export function computeAccruedFunding({
  size,
  fundingIndexUsd,
  settledFundingIndexUsd,
}: ComputeAccruedFundingParameters): D {
  return size.mul(fundingIndexUsd.sub(settledFundingIndexUsd))
}
