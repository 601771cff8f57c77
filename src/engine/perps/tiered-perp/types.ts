import type { DecimalString } from '../../decimal'
import type { CollateralBalance } from '../../haircut'
import type { SnapshotHeader } from '../../types'

/**
 * One row of a symbol's notional brackets: Binance `GET /fapi/v1/leverageBracket`
 * (`notionalFloor`, `maintMarginRatio`, `cum`, `initialLeverage`) or Bybit risk limits
 * (`maintenanceMargin`, `mmDeduction`, `maxLeverage`; floor = the previous tier's `riskLimitValue`).
 * A bracket runs from its floor to the next bracket's floor; the last one has no cap.
 *
 * @see https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin
 */
export type TieredPerpBracket = {
  /** Lowest position notional of the bracket, USD. The first bracket's floor is "0". */
  notionalFloorUsd: DecimalString
  /** Maintenance margin rate, fraction of notional (e.g. "0.025"). */
  maintenanceMarginRate: DecimalString
  /**
   * Maintenance amount ("cum"), USD: `floor_n × (MMR_n − MMR_n−1) + cum_n−1`, which keeps the
   * maintenance margin continuous across brackets.
   */
  maintenanceAmountUsd: DecimalString
  /** Highest leverage allowed in the bracket (e.g. "125"). */
  maxLeverage: DecimalString
}

/** A position as Binance `GET /fapi/v2/positionRisk` (or Bybit `GET /v5/position/list`) returns it. */
export type TieredPerpPosition = {
  /** Venue symbol, the key of its brackets, e.g. `BTCUSDT`. */
  symbol: string
  /** Price key of the underlying in `snapshot.prices` (its mark price), e.g. `BTC`. */
  underlying: string
  /** Hedge mode leg (`LONG` / `SHORT`); one-way mode is `BOTH` (the default). */
  positionSide?: 'BOTH' | 'LONG' | 'SHORT' | undefined
  /** Signed size in units of the underlying (Binance `positionAmt`). */
  size: DecimalString
  /** Average entry price, USD. */
  entryPriceUsd: DecimalString
  /** The position's leverage setting (initial margin = notional / leverage). */
  leverage: DecimalString
}

/**
 * One margin account of a USDⓈ-M style venue: the cross wallet with all cross positions, or one
 * isolated position with its isolated wallet. Amounts are in the settlement currency, valued at
 * its price in `prices` (a USD stablecoin at "1").
 */
export type TieredPerpSnapshot = SnapshotHeader & {
  model: 'tiered-perp'
  marginMode: 'cross' | 'isolated'
  /**
   * Cross: the wallet balance per asset (Binance `crossWalletBalance`; several assets in
   * multi-assets mode). Isolated: the position's isolated wallet (Binance `isolatedWallet`).
   * Funding is settled into these balances at each funding time, so nothing accrues in between.
   */
  wallet: CollateralBalance[]
  /** Isolated: exactly one. */
  positions: TieredPerpPosition[]
  params: {
    /** Brackets per symbol, ascending by floor. */
    brackets: Record<string, TieredPerpBracket[]>
    /** Collateral haircuts by asset (1 − Binance collateral ratio / Bybit collateral value ratio). */
    haircuts?: Record<string, DecimalString> | undefined
  }
}
