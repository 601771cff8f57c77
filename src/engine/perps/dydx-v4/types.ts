import type { DecimalString } from '../../decimal'
import type { SnapshotHeader } from '../../types'

/** A perpetual market as the indexer's `GET /v4/perpetualMarkets` describes it (its `oraclePrice` goes in `snapshot.prices`). */
export type DydxV4Market = {
  /** Price key of the underlying in `snapshot.prices` (the oracle price), e.g. `ETH` for `ETH-USD`. */
  underlying: string
  /** `initialMarginFraction`: the base IMF, before open-interest scaling. */
  initialMarginFraction: DecimalString
  /** `maintenanceMarginFraction` (= base IMF × the liquidity tier's maintenance fraction). */
  maintenanceMarginFraction: DecimalString
  /** `openInterest`, units of the underlying. */
  openInterest: DecimalString
  /** `openInterestLowerCap`, USDC: below this open notional the IMF is not scaled. */
  openInterestLowerCap?: DecimalString | undefined
  /** `openInterestUpperCap`, USDC: at and above it the IMF is 1; "0" (or absent) disables the scaling. */
  openInterestUpperCap?: DecimalString | undefined
  /** The perpetual's cumulative funding index now, USD per unit (on chain `Perpetual.funding_index`, converted). */
  fundingIndexUsd?: DecimalString | undefined
}

/** `subaccounts[].openPerpetualPositions[...]` of the indexer, plus the on-chain funding index. */
export type DydxV4Position = {
  /** Market ticker, the key of its parameters, e.g. `ETH-USD`. */
  market: string
  /** Signed size in units of the underlying. */
  size: DecimalString
  entryPrice: DecimalString
  /** Funding index at the position's last settlement (on chain `PerpetualPosition.funding_index`, converted to USD per unit). */
  fundingIndexUsd?: DecimalString | undefined
}

/**
 * One dYdX v4 subaccount: a cross subaccount (0–127, any number of positions) or an isolated child
 * subaccount (128 and up, one position in an isolated market). Both are margined the same way.
 */
export type DydxV4Snapshot = SnapshotHeader & {
  model: 'dydx-v4'
  /** Q, the USDC balance (`quoteBalance` / the USDC asset position), may be negative; counted at par. */
  quoteBalance: DecimalString
  /** At most one per underlying. */
  positions: DydxV4Position[]
  params: { markets: Record<string, DydxV4Market> }
}
