/**
 * The engine's data contract. Everything here is plain, JSON-safe data on the way in
 * (snapshots use decimal strings and integer strings, never JS numbers for money) and plain
 * data on the way out (reports carry `D` decimals, printed as strings at the GraphQL boundary).
 *
 * Vocabulary follows ../shared/DESIGN.md: a *margin account* is what a venue liquidates as one;
 * a *snapshot* is what an adapter read for one margin account; a *risk report* is what the
 * engine computes from it.
 */
import type { D, DecimalString, IntegerString, Ratio } from './decimal'

/** A place that holds positions and liquidates them: `aave-v3`, `hyperliquid`, `dydx-v4`, ... */
export type VenueId = string

/** `crypto` prices move in "all crypto" scenarios; `stable` (USD-pegged) ones do not. */
export type PriceClass = 'crypto' | 'stable'

/**
 * What one price key prices: the asset a venue holds (a token on a chain, a perp's base coin, a
 * declared asset) and the underlying whose price risk it carries (ETH for WETH and wstETH, BTC for
 * WBTC, USD for stablecoins). Adapters fill it from one registry (src/protocols/assets); exposure,
 * stress and what-if act on underlyings through it. See DESIGN.md, "asset / underlying".
 */
export type AssetIdentity = {
  /** The venue's own name for it: `WETH`, `wstETH`, `USDC.e`, a Hyperliquid coin, a dYdX base. */
  symbol: string
  /** Token address where the asset is on-chain. */
  address?: string | undefined
  chainId?: number | undefined
  /** `ETH`, `BTC`, `USD`, ... or the asset's own symbol when nothing maps it. */
  underlying: string
  /**
   * Units of the underlying one unit of the asset stands for: `"1"` for wrapped and pegged assets
   * (a stablecoin keeps its own price, so a depeg shows), the on-chain rate for liquid staking
   * tokens, 1000 for Hyperliquid's `k` coins. A decimal string.
   */
  exchangeRate: DecimalString
  /** Where `exchangeRate` comes from (`par`, `wstETH.stEthPerToken()`, ...) or why the asset is its own underlying. */
  rateSource: string
}

/** One price the venue's margin engine uses (mark or oracle), with provenance. */
export type PriceQuote = {
  /** USD per 1 unit of the asset this key prices, as a decimal string. */
  priceUsd: DecimalString
  /** Where the price came from, e.g. `aave-oracle`, `hyperliquid-mark`, `dydx-oracle`, `declared`. */
  source: string
  /** Unix seconds the price is valid for. */
  timestampSec: number
  class: PriceClass
  /** The asset priced; absent, the key is its own underlying at rate 1 (declared prices, older snapshots). */
  asset?: AssetIdentity | undefined
}

/** Fields every snapshot carries, whatever the margin model. */
export type SnapshotHeader = {
  venue: VenueId
  /** EVM chain id where the venue is on an EVM chain. */
  chainId?: number | undefined
  /** The owner address (EVM checksummed, or dYdX bech32). */
  account: string
  /** Identifies the margin account within the venue: `cross`, `isolated:ETH`, `subaccount:0`, `market:Core`. */
  marginAccountId: string
  /** When the venue state was read (unix seconds). */
  asOfSec: number
  blockNumber?: IntegerString | undefined
  /**
   * Prices by key (`ETH`, `WETH`, `USDC`, ...), each naming the asset it prices. The ONE price
   * table a snapshot's formulas read, so a what-if price move changes exactly this map.
   */
  prices: Record<string, PriceQuote>
  /** Positions the caller stated rather than ones read from a venue. */
  declared?: boolean | undefined
}

/** Why a liquidation price does not exist. */
export type NoLiquidationPriceReason =
  /** No exposure to this underlying (zero size, or a collateral that is not at risk). */
  | 'no-exposure'
  /** No price of this underlying (moving only it) brings equity down to maintenance margin. */
  | 'unreachable'
  /** The margin account is already at or below maintenance margin. */
  | 'already-liquidatable'
  /** The account has no debt / no maintenance requirement at all. */
  | 'no-requirement'

export type LiquidationPrice =
  | {
      kind: 'price'
      /** USD price of the position's price key at which equity = maintenance margin, all other prices fixed. */
      priceUsd: D
      /** (liquidation price − current price) / current price, a signed fraction (−0.25: the price must fall 25 %). */
      distance: D
    }
  | { kind: 'none'; reason: NoLiquidationPriceReason }

export type PositionKind = 'perp' | 'option' | 'collateral' | 'debt'

/** The asset a position holds: its identity, its key in `SnapshotHeader.prices` and its price there. */
export type PositionAsset = AssetIdentity & { key: string; priceUsd: D }

/** Per-position figures in a risk report. */
export type PositionRisk = {
  /** Stable id within the margin account, e.g. `perp:ETH`, `collateral:WETH`, `option:ETH-20261225-3000-C`. */
  id: string
  kind: PositionKind
  /** The underlying whose price risk the position carries (`ETH` for WETH, wstETH or an ETH perp); exposures net on it. */
  underlying: string
  asset: PositionAsset
  /**
   * Key of the price the venue values the position at, as in `SnapshotHeader.prices`: the asset's
   * own, or (Aave v3.0–3.1 e-mode) the category's price source. `markPriceUsd` and the liquidation
   * price are prices of this key.
   */
  priceKey: string
  /** Signed size in units of the asset (options: contracts × multiplier; debt: negative). */
  size: D
  markPriceUsd: D
  /** |size| × mark (options: |size| × underlying price). */
  notionalUsd: D
  unrealizedPnlUsd: D
  /** Position-level requirement where the venue defines one (0 when it does not). */
  initialMarginUsd: D
  maintenanceMarginUsd: D
  liquidationPrice: LiquidationPrice
  /**
   * Tiered perps: the price (of `priceKey`, other prices fixed) at which the margin is exhausted
   * (equity = 0, or = the fee to close where the venue reserves one) and the venue closes the
   * position. Absent where the model does not define one.
   */
  bankruptcyPrice?: LiquidationPrice | undefined
  /** dValue/dPrice of the underlying, in units of the underlying (the priced asset's delta × its exchange rate). */
  delta: D
  /** delta × price. */
  deltaUsd: D
  /** d²Value/dPrice² of the underlying, in units of the underlying per USD (× the exchange rate squared). */
  gamma: D
  /** Change of `deltaUsd` for a 1% move of the underlying: gamma × price² / 100. */
  gammaUsd: D
  /**
   * Change of the position's value, USD, per +1.00 of its annualized volatility (a fraction, like
   * every volatility in the engine: +0.01 is one vol point): the pricer's vega × size. Exactly 0
   * for positions whose value does not depend on a volatility (collateral, debt, perps).
   */
  vegaUsdPerVolatility: D
  /**
   * Change of the position's value, USD, as one calendar day passes with price and volatility
   * fixed: the pricer's theta per day × size (usually negative for a long option). Interest accrual
   * on balances and perp funding are not part of it, so collateral, debt and perps have exactly 0.
   */
  thetaUsdPerDay: D
}

/**
 * A position as a margin model computes it, in the terms of the price key it values it at: its
 * delta and gamma are per unit of that key's asset. `identifyPositions` turns it into a
 * `PositionRisk` in underlying terms.
 */
export type ModelPositionRisk = Omit<PositionRisk, 'underlying' | 'asset'> & {
  /** The held asset's key when it differs from `priceKey` (Aave e-mode prices a reserve at its category's source). */
  assetKey?: string | undefined
}

export type RiskReport = {
  model: MarginModelId
  venue: VenueId
  chainId?: number | undefined
  account: string
  marginAccountId: string
  asOfSec: number
  declared: boolean
  /** collateral value + unrealized PnL − debt − accrued fees/funding, USD, before haircuts. */
  equityUsd: D
  /** Equity with collateral haircuts applied: the equity the venue margins against. */
  haircutEquityUsd: D
  initialMarginUsd: D
  maintenanceMarginUsd: D
  /** MM / haircut equity. `none` without exposure; `infinite` when equity <= 0 with exposure. */
  marginRatio: Ratio
  /** haircut equity − IM. */
  freeCollateralUsd: D
  /** Gross notional / equity. */
  leverage: Ratio
  grossNotionalUsd: D
  /** Lending convention (Σ collateral × LT / debt); `null` for venues that do not use one. */
  healthFactor: Ratio | null
  /** The venue would liquidate this margin account now. */
  liquidatable: boolean
  positions: PositionRisk[]
  /** Morpho Blue: the pre-liquidation level the borrower opted into (absent elsewhere and without one). */
  preLiquidation?: PreLiquidationRisk | undefined
  /**
   * Coin-margined (inverse) accounts: the figures in the settlement coin, as the venue states them;
   * the USD figures above are these × the coin's price. Absent for USD-margined accounts.
   */
  settlement?: SettlementFigures | undefined
}

/**
 * A risk report's account-level figures without its positions (so without any liquidation price):
 * what a stress scenario needs to know whether a shock liquidates the margin account and what it
 * does to equity. `evaluateMarginFigures` computes them with the report's own formulas, so every
 * figure equals the full report's.
 */
export type RiskFigures = Omit<RiskReport, 'positions' | 'preLiquidation'>

/** A margin account's figures in the asset it is margined and settled in (an inverse contract's coin). */
export type SettlementFigures = {
  /** The settlement asset's price key (`BTC`). */
  asset: string
  walletBalance: D
  unrealizedPnl: D
  /** walletBalance + unrealizedPnl. */
  equity: D
  initialMargin: D
  maintenanceMargin: D
}

/**
 * A second, earlier margin level a borrower opted into (Morpho Blue pre-liquidation, modeled from the
 * contracts' documented parameters): its threshold, the health at it, and the price at which it starts.
 */
export type PreLiquidationRisk = {
  /** The pre-liquidation contract. */
  contract: string
  /** Pre-liquidation LTV (fraction). */
  preLltv: D
  /** collateral × price × preLltv / debt (the health factor at preLltv); `none` without debt. Below 1: pre-liquidatable. */
  healthFactor: Ratio
  /** The position can be pre-liquidated now: over preLltv and not liquidatable. */
  preLiquidatable: boolean
  /** The collateral USD price at which pre-liquidation starts (the lowest at which it cannot yet), all other prices fixed. */
  liquidationPrice: LiquidationPrice
  /** Close and incentive factors at the current LTV (linear between preLltv and LLTV); null unless pre-liquidatable. */
  closeFactor: D | null
  incentiveFactor: D | null
  preLCF1: D
  preLCF2: D
  preLIF1: D
  preLIF2: D
  preLiquidationOracle: string
}

export type MarginModelId = 'tiered-perp' | 'hyperliquid' | 'dydx-v4' | 'aave-v3' | 'morpho-blue' | 'portfolio-margin'
