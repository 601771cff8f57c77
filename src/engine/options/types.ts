/**
 * Types of the options engine: single-option valuation and the `portfolio-margin` snapshot model.
 */
import type { D, DecimalString } from '../decimal'
import type { CollateralBalance } from '../haircut'
import type { SnapshotHeader } from '../types'

export type OptionRight = 'call' | 'put'

/** `black-scholes` prices off the spot with carry; `black-76` off the forward of the expiry. */
export type OptionPricingModel = 'black-scholes' | 'black-76'

/** Price and greeks of one option on one unit of the underlying. */
export type OptionValuation = {
  /** Option value per unit of underlying, in the currency of spot / forward / strike. */
  price: D
  /** ∂price/∂spot (`black-scholes`) or ∂price/∂forward (`black-76`), units of underlying. */
  delta: D
  /** ∂²price/∂spot² (or ∂²/∂forward²), units of underlying per unit of price. */
  gamma: D
  /** ∂price/∂σ per 1.00 of volatility (100 vol points); divide by 100 for one vol point. */
  vega: D
  /** −∂price/∂T per year (T in 365-day years): the value lost per year as time passes, usually negative. */
  thetaPerYear: D
  /** thetaPerYear / 365: the value lost per calendar day. */
  thetaPerDay: D
  /** Time to expiry in years, (expirySec − nowSec) / (365 × 86 400), floored at 0. */
  timeYears: D
}

/** One option position in a portfolio-margin account. */
export type OptionPosition = {
  /** Venue instrument id, e.g. `ETH-26DEC25-3000-C`; reported as `option:<id>`. */
  id: string
  /** Price key of the underlying in `SnapshotHeader.prices`. */
  underlying: string
  /** Strike, USD per unit of underlying. */
  strike: DecimalString
  /** Expiry, unix seconds. */
  expirySec: number
  right: OptionRight
  /** Signed size in units of the underlying (contracts × contract size); negative = written (short). */
  size: DecimalString
  /** Venue mark price of one unit, USD. Used as the position's value; implies the volatility when `impliedVolatility` is absent. */
  markPriceUsd?: DecimalString | undefined
  /** Annualised implied volatility as a fraction (0.65 = 65%). Used to revalue the option in scenarios. */
  impliedVolatility?: DecimalString | undefined
  pricingModel: OptionPricingModel
  /** `black-76` only: forward price of the underlying for this expiry, USD. Default spot × e^((r − q)T). */
  forwardPriceUsd?: DecimalString | undefined
  /** Average entry premium per unit, USD: the cost basis of `unrealizedPnlUsd`. Without it uPnL is reported as 0. */
  averagePriceUsd?: DecimalString | undefined
}

/** A linear (USD-margined) perpetual: P&L = size × (price − entry). */
export type LinearPerpPosition = {
  underlying: string
  /** Signed size in units of the underlying; negative = short. */
  size: DecimalString
  /** Average entry price, USD per unit. */
  entryPriceUsd: DecimalString
}

/**
 * Venue parameters of a scenario ("risk matrix") portfolio margin, Deribit style.
 *
 * @see https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
 */
export type PortfolioMarginParams = {
  /** Underlying price moves as fractions, e.g. −0.15, −0.135, …, +0.15 (21 steps). Each must be > −1. */
  priceMoves: DecimalString[]
  /**
   * Volatility shocks, e.g. −0.3, −0.15, 0, 0.15, 0.3. With `relative` a shock s gives σ × (1 + s);
   * with `absolute` it gives σ + s (0.15 = 15 vol points). Shocked volatilities are floored at 0.
   */
  volShocks: DecimalString[]
  volShockMode: 'relative' | 'absolute'
  /**
   * Minimum maintenance margin per underlying as a fraction of the notional of its short options
   * (Σ |size| × price over written options), e.g. `{ ETH: '0.01' }` = 1%. Missing means no floor.
   */
  mmFloor?: Record<string, DecimalString> | undefined
  /** Initial margin = maintenance margin × this (≥ 1, e.g. 1.3). */
  imMultiplier: DecimalString
  /** Annualised continuously compounded risk-free rate r, fraction. */
  riskFreeRate: DecimalString
  /** Continuous yield q of each underlying (dividend, staking, borrow), fraction; missing means 0. */
  underlyingYields?: Record<string, DecimalString> | undefined
  /** Collateral haircuts, as in `computeCollateral`. */
  haircuts?: Record<string, DecimalString> | undefined
  /**
   * Expiry-dependent volatility shocks (Deribit: "maximum implied volatility change of (30 / days to
   * expiration)^0.30 × 38 %"): each option's shocks are `volShocks × (referenceDays / days)^exponent`,
   * days to expiry floored at `minDays` (default 1) so the last day's shock stays finite. Omitted:
   * the same shocks for every expiry.
   */
  volShockTerm?:
    | { referenceDays: DecimalString; exponent: DecimalString; minDays?: DecimalString | undefined }
    | undefined
  /**
   * Contingency add-on per unit of net short option per strike (Deribit: "0.01 BTC per option for all
   * net short options per strike"), in units of the underlying: per underlying, Σ over (expiry, strike)
   * of max(0, −(calls + puts)) × this × price is added to maintenance margin. Omitted: none.
   */
  netShortOptionContingency?: DecimalString | undefined
  /**
   * Deribit's "Extended Table", meant for large far out-of-the-money short options: extreme price
   * moves (the support article's e.g. −66 %, −33 %, +50 %, +100 % … +500 %) revalued "only on
   * Volatility Range Up" (the largest of `volShocks`, term-scaled like the standard table), counting
   * "only a fraction of simulated P&L" after "application of a dampener". Perps move only to the
   * edge of the standard grid in these rows, as the extended risk vectors of futures do in the
   * response example of Deribit's `private/pme/simulate`. Deribit names the parameters
   * (`extended_table_factor`, `extended_dampener`) but publishes no arithmetic; Solvent reads them as
   * loss counted = max(0, pnlFraction × loss − dampenerUsd) per row, and the underlying's maintenance
   * margin is max(standard worst loss, worst counted extended loss, floor) + contingency. No
   * default: omitted, there is no extended table.
   *
   * @see https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
   * @see https://docs.deribit.com/api-reference/account-management/private-simulate
   */
  extendedTable?:
    | {
        /** Extreme price moves as fractions, each > −1. */
        priceMoves: DecimalString[]
        /** The fraction of each row's loss that counts (Deribit `extended_table_factor`), ≥ 0. */
        pnlFraction: DecimalString
        /** Subtracted from each row's counted loss, USD (Deribit `extended_dampener`), ≥ 0. */
        dampenerUsd: DecimalString
      }
    | undefined
}

export type PortfolioMarginSnapshot = SnapshotHeader & {
  model: 'portfolio-margin'
  collateral: CollateralBalance[]
  options: OptionPosition[]
  perps?: LinearPerpPosition[] | undefined
  params: PortfolioMarginParams
}

/** One cell of the risk matrix. */
export type PortfolioScenario = {
  priceMove: D
  volShock: D
  /** Underlying price in this scenario, USD. */
  priceUsd: D
  /** Change of the underlying's book value (options and perps) against the unshocked state, USD. */
  pnlUsd: D
}

/** The risk matrix of one underlying and the requirement it sets. */
export type UnderlyingScenarioRisk = {
  underlying: string
  priceUsd: D
  /** price moves × vol shocks, price-major: scenarios[i × volShocks.length + j]. */
  scenarios: PortfolioScenario[]
  /** The scenario with the lowest P&L. */
  worst: PortfolioScenario
  /** max(0, −worst.pnlUsd). */
  worstLossUsd: D
  /** `mmFloor` × short-option notional. */
  floorUsd: D
  /** `netShortOptionContingency` × Σ net short options per strike × price (0 without it). */
  contingencyUsd: D
  /** The extended table's rows (raw P&L, before fraction and dampener); empty without `extendedTable`. */
  extendedScenarios: PortfolioScenario[]
  /** The worst row's counted loss, max(0, pnlFraction × loss − dampenerUsd); 0 without `extendedTable`. */
  extendedLossUsd: D
  /** max(worstLossUsd, extendedLossUsd, floorUsd) + contingencyUsd. */
  maintenanceMarginUsd: D
  /** maintenanceMarginUsd × imMultiplier. */
  initialMarginUsd: D
}
