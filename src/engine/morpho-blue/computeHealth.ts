import { mulDivDown, ORACLE_PRICE_SCALE, toAssetsUp, wDivDown, wMulDown } from './mathLib'
import type { MorphoBlueMarketRaw, MorphoBluePositionRaw } from './types'

export type ComputeMaxBorrowParameters = {
  /** Collateral token wei. */
  collateral: bigint
  /** `IOracle.price()`, 1e36-scaled. */
  collateralPrice: bigint
  /** WAD. */
  lltv: bigint
}

/**
 * Loan token wei the collateral backs: `collateral.mulDivDown(price, ORACLE_PRICE_SCALE).wMulDown(lltv)`,
 * as `Morpho._isHealthy` computes `maxBorrow`.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (_isHealthy)
 */
export function computeMaxBorrow({ collateral, collateralPrice, lltv }: ComputeMaxBorrowParameters): bigint {
  return wMulDown(mulDivDown(collateral, collateralPrice, ORACLE_PRICE_SCALE), lltv)
}

export type ComputeHealthParameters = {
  /** The market accrued to the time of the check (`computeAccruedMarket`). */
  market: MorphoBlueMarketRaw
  position: MorphoBluePositionRaw
  collateralPrice: bigint
  lltv: bigint
}

export type ComputeHealthReturnType = {
  /** `borrowShares.toAssetsUp(totalBorrowAssets, totalBorrowShares)`, loan token wei. */
  borrowAssets: bigint
  maxBorrow: bigint
  /** `Morpho._isHealthy`: no borrow shares, or maxBorrow ≥ borrowed. */
  healthy: boolean
  /**
   * maxBorrow.wDivDown(borrowed), WAD; `null` without borrow shares. Morpho has no health factor
   * on-chain: this one is below 1e18 exactly when `_isHealthy` is false (floor(m × 1e18 / b) < 1e18 ⇔ m < b).
   */
  healthFactor: bigint | null
}

/**
 * The borrower's health as the contract checks it before a borrow, a collateral withdrawal or a
 * liquidation.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (_isHealthy)
 * @example
 * computeHealth({ market, position, collateralPrice, lltv: 860000000000000000n }).healthy // true
 */
export function computeHealth({
  market,
  position,
  collateralPrice,
  lltv,
}: ComputeHealthParameters): ComputeHealthReturnType {
  const borrowAssets = toAssetsUp(position.borrowShares, market.totalBorrowAssets, market.totalBorrowShares)
  const maxBorrow = computeMaxBorrow({ collateral: position.collateral, collateralPrice, lltv })
  if (position.borrowShares === 0n) return { borrowAssets, maxBorrow, healthy: true, healthFactor: null }
  return {
    borrowAssets,
    maxBorrow,
    healthy: maxBorrow >= borrowAssets,
    healthFactor: wDivDown(maxBorrow, borrowAssets),
  }
}
