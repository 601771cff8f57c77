import type { D, DecimalString } from '../decimal'
import type { OptionPosition } from '../options/types'

/**
 * One hypothetical change to a margin account. Amounts are in units of the asset or underlying,
 * prices in USD, moves as fractions (`"-0.1"` = down 10 %). Trades happen at the snapshot's
 * current price (no fees, no slippage), so a trade alone never changes equity.
 */
export type WhatIfChange =
  /**
   * Moves by the fraction `move` (`"-0.1"`: down 10 %) the price of every asset on an underlying
   * (`ETH`: WETH, wstETH, ETH perps, at their exchange rates), or of one asset when `underlying`
   * names an asset (`USDC`).
   */
  | { kind: 'movePrice'; underlying: string; move: DecimalString }
  /** Moves every `crypto`-class price by the fraction `move` together (stablecoins stay). */
  | { kind: 'moveAllCrypto'; move: DecimalString }
  /** Sets an underlying's price (each linked asset gets price × its exchange rate), or one asset's. */
  | { kind: 'setPrice'; underlying: string; priceUsd: DecimalString }
  /** Adds `shift` (absolute, `"0.05"` = +5 volatility points) to option implied volatilities; all underlyings when `underlying` is omitted. */
  | { kind: 'shiftVolatility'; underlying?: string | undefined; shift: DecimalString }
  /**
   * Opens, resizes or closes (size `"0"`) the perp on `underlying` to a signed `size`, trading the
   * difference at the current price. `leverage` sets the position's leverage where the venue has one.
   */
  | {
      kind: 'setPerpPosition'
      underlying: string
      size: DecimalString
      leverage?: DecimalString | undefined
      /** The venue's market or symbol where it differs from the underlying (Binance `ETHUSDT`, dYdX `ETH-USD`); found from `underlying` when omitted. */
      market?: string | undefined
    }
  /** Adds, replaces (same `id`) or, with size `"0"`, removes an option position. */
  | { kind: 'setOptionPosition'; option: OptionPosition }
  /**
   * Adds `amount` of `asset`. The funds come from outside the margin account, or, with
   * `fundedFrom`, from another asset of it (see {@link WhatIfFunding}).
   */
  | { kind: 'deposit'; asset: string; amount: DecimalString; fundedFrom?: string | undefined }
  | { kind: 'withdraw'; asset: string; amount: DecimalString }
  | { kind: 'borrow'; asset: string; amount: DecimalString }
  /**
   * Repays `amount` of `asset` debt, funded as a deposit is. `rateMode` says which debt, as the
   * Aave Pool's `interestRateMode` does; it may be omitted when the account owes the asset at one
   * rate only.
   */
  | {
      kind: 'repay'
      asset: string
      amount: DecimalString
      fundedFrom?: string | undefined
      rateMode?: AaveV3RateMode | undefined
    }

export type WhatIfChangeKind = WhatIfChange['kind']

/** Aave v3 debt kinds (`DataTypes.InterestRateMode`); stable debt exists on v3.0–v3.1 markets only. */
export type AaveV3RateMode = 'variable' | 'stable'

/**
 * Where the funds of a deposit or a repay came from. A what-if cannot create money silently:
 * `external` funds raise equity by their value; `collateral` funds are the USD-equivalent of
 * the amount, at the snapshot's prices, withdrawn from another asset of the same margin account
 * first (rounded up to that asset's smallest unit), which leaves equity unchanged at unchanged
 * prices (Aave: like repaying with collateral, without swap fees or slippage).
 */
export type WhatIfFunding = {
  source: 'external' | 'collateral'
  /** `external`: the asset paid in; `collateral`: the asset withdrawn to pay. */
  asset: string
  /** Units of `asset`. */
  amount: D
  /** `amount` at the snapshot's price of `asset`, USD. */
  valueUsd: D
}
