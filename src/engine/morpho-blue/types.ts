/**
 * What a Morpho Blue adapter reads for one borrower in one market: the raw integers the Morpho
 * contract's own health check and liquidation read (`market(id)`, `position(id, user)`,
 * `idToMarketParams(id)`, the oracle's `price()`, the IRM's `borrowRateView`), so the engine can
 * recompute them to the wei at any time. uint-sized values are integer strings; decimals and unix
 * seconds are plain numbers. One market is one margin account: Morpho Blue isolates markets.
 *
 * Price contract: the formulas read the oracle price (`IOracle.price()`, collateral quoted in loan
 * token, scaled by 1e36 and by the decimals difference) from `snapshot.prices`, where the adapter
 * writes the collateral's USD price as `oraclePrice × loanPriceUsd / 10^(36 + loanDecimals −
 * collateralDecimals)` exactly (`computeCollateralPriceUsd`). The engine turns it back into the
 * oracle's integer (`computeOraclePrice`), so an unchanged price gives the identical integer and a
 * what-if move of either key is a change of `priceUsd` only.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IMorpho.sol (MarketParams, Market, Position)
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IOracle.sol
 */
import type { IntegerString } from '../decimal'
import type { SnapshotHeader } from '../types'

/** `IMorpho.MarketParams`: what a market id hashes. */
export type MorphoBlueMarketParams = {
  loanToken: string
  collateralToken: string
  oracle: string
  /** Interest rate model; the zero address means no interest. */
  irm: string
  /** Liquidation loan-to-value, WAD (0.86 = `"860000000000000000"`). */
  lltv: IntegerString
}

/** `IMorpho.Market`: the market's totals as stored, before interest since `lastUpdate`. */
export type MorphoBlueMarketState = {
  totalSupplyAssets: IntegerString
  totalSupplyShares: IntegerString
  totalBorrowAssets: IntegerString
  totalBorrowShares: IntegerString
  /** Unix seconds of the last interest accrual. */
  lastUpdate: number
  /** Share of interest paid to the fee recipient, WAD. */
  fee: IntegerString
}

/** `IMorpho.Position` of the account in the market. */
export type MorphoBluePosition = {
  supplyShares: IntegerString
  borrowShares: IntegerString
  /** Collateral token wei (collateral is not shared: no shares). */
  collateral: IntegerString
}

/** One of the market's two tokens. */
export type MorphoBlueToken = {
  address: string
  symbol: string
  decimals: number
  /** Key of its USD price in `snapshot.prices`. */
  priceKey: string
}

export type MorphoBlueSnapshot = SnapshotHeader & {
  model: 'morpho-blue'
  /** The Morpho contract. */
  morpho: string
  /** `MarketParamsLib.id(marketParams)`, bytes32 hex. */
  marketId: string
  marketParams: MorphoBlueMarketParams
  loanToken: MorphoBlueToken
  collateralToken: MorphoBlueToken
  market: MorphoBlueMarketState
  position: MorphoBluePosition
  /**
   * The rate interest accrues at from `market.lastUpdate` to the snapshot's time, WAD per second:
   * `IIrm.borrowRateView(marketParams, market)` at the snapshot's block for a market as stored, exact as the
   * contract's next `_accrueInterest` in that block. `"0"` when nothing is left to accrue: no IRM, no borrow,
   * or a market read already accrued to the block's timestamp (`lastUpdate` equals it; the adapter reads
   * `market(id)` after the contract's own `accrueInterest`).
   */
  borrowRate: IntegerString
  /**
   * The pre-liquidation contract the borrower authorized on Morpho for this market
   * (`isAuthorized(borrower, contract)`), with its parameters; absent when none of the configured ones is.
   */
  preLiquidation?: MorphoBluePreLiquidation | undefined
}

/**
 * A Morpho PreLiquidation contract's `preLiquidationParams()` (all WAD), MODELED: the contracts
 * (morpho-org/pre-liquidation) are not on npm, so Solvent follows their documented parameters and
 * condition rather than code it ran.
 *
 * @see https://github.com/morpho-org/pre-liquidation (README: parameters, close and incentive factors)
 */
export type MorphoBluePreLiquidation = {
  /** The PreLiquidation contract. */
  contract: string
  /** Pre-liquidation LTV: above it (and at or under LLTV) the position may be pre-liquidated. */
  preLltv: IntegerString
  /** Close factor at LTV = preLltv, and at LTV = LLTV. */
  preLCF1: IntegerString
  preLCF2: IntegerString
  /** Incentive factor at LTV = preLltv, and at LTV = LLTV. */
  preLIF1: IntegerString
  preLIF2: IntegerString
  /** The oracle the pre-liquidation condition is judged with. */
  preLiquidationOracle: string
  /** Its `price()` at the snapshot's block (1e36-scaled, as `IOracle`). */
  oraclePrice: IntegerString
}

/** The snapshot's integers as bigint. */
export type MorphoBlueMarketRaw = {
  totalSupplyAssets: bigint
  totalSupplyShares: bigint
  totalBorrowAssets: bigint
  totalBorrowShares: bigint
  lastUpdate: bigint
  fee: bigint
}

export type MorphoBluePositionRaw = {
  supplyShares: bigint
  borrowShares: bigint
  collateral: bigint
}
