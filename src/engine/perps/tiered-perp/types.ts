import type { DecimalString } from '../../decimal'
import type { CollateralBalance } from '../../haircut'
import type { SnapshotHeader } from '../../types'

/**
 * One row of a symbol's notional brackets: Binance `GET /fapi/v1/leverageBracket`
 * (`notionalFloor`, `maintMarginRatio`, `cum`, `initialLeverage`) or Bybit risk limits
 * (`maintenanceMargin`, `mmDeduction`, `maxLeverage`; floor = the previous tier's `riskLimitValue`).
 * A bracket runs from its floor to the next bracket's floor; the last one has no cap.
 *
 * Inverse (coin-margined) rules (`TieredPerpRules.contract = 'inverse'`): floors and maintenance
 * amounts are in the settlement coin (Binance COIN-M brackets in BTC for BTCUSD), not USD.
 *
 * @see https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin
 */
export type TieredPerpBracket = {
  /** Lowest position notional of the bracket, USD. The first bracket's floor is "0". */
  notionalFloorUsd: DecimalString
  /** Maintenance margin rate, fraction of notional (e.g. "0.025"). */
  maintenanceMarginRate: DecimalString
  /**
   * Maintenance amount ("cum", Bybit "mmDeduction"), USD: `floor_n × (MMR_n − MMR_n−1) + cum_n−1`,
   * which keeps the maintenance margin continuous across brackets. Omitted, the engine derives it
   * by that recursion (`computeMaintenanceAmounts`).
   */
  maintenanceAmountUsd?: DecimalString | undefined
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
  /**
   * Inverse contracts only: USD face value of one contract (Binance COIN-M BTCUSD 100, other
   * symbols 10; Bybit inverse 1). `size` is then a signed number of contracts. Default 1.
   */
  contractSizeUsd?: DecimalString | undefined
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
    /** The venue's liquidation convention; omitted, Binance USDⓈ-M's (see `defineTieredPerpRules`). */
    rules?: TieredPerpRules | undefined
  }
}

/**
 * How a venue measures maintenance margin and closes a position: the differences between the
 * venues' published liquidation-price formulas (see `TIERED_PERP_RULES` for each venue's source).
 */
export type TieredPerpRules = {
  /**
   * `linear`: margin and PnL in the quote (USDT), `size × (P − EP)`. `inverse`: margin and PnL in
   * the base coin, `contracts × contractSize × (1/EP − 1/P)`; one settlement coin per account.
   */
  contract: 'linear' | 'inverse'
  /**
   * Price the maintenance margin's position value is taken at: `mark` (Binance; Bybit unified
   * account), so MM moves with the price and its bracket is the one at the liquidation notional;
   * or `entry` (Bybit classic isolated: "Position Value = Contract Size × Entry Price"), so MM is
   * fixed by the entry.
   */
  maintenanceAt: 'mark' | 'entry'
  /**
   * Taker fee rate of the fee to close, added to maintenance margin and reserved at the bankruptcy
   * price (Bybit: "Maintenance Margin = Position Value × MMR − MM Deduction + Estimated Fee to Close
   * Position", the fee being size × bankruptcy price × taker fee rate). Omitted: no fee (Binance).
   */
  feeToCloseRate?: DecimalString | undefined
}
