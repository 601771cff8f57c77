import { aaveV3Features } from './aaveV3Features'
import { computeHealthFactor } from './computeHealthFactor'
import { type AaveV3UserReserveState, computeUserReserves } from './computeUserReserves'
import type { AaveV3Snapshot } from './types'
import { percentMul, percentMulFloor } from './wadRay'

export type ComputeUserAccountDataParameters = {
  snapshot: AaveV3Snapshot
  /** Unix seconds (the block timestamp the Pool would see). */
  nowSec: number
  /** `computeUserReserves({ snapshot, nowSec }).reserves` when the caller already has them. */
  userReserves?: readonly AaveV3UserReserveState[] | undefined
}

/** `Pool.getUserAccountData(user)`, field for field. */
export type ComputeUserAccountDataReturnType = {
  /** Base currency units (USD × 10^8 on v3 markets). */
  totalCollateralBase: bigint
  /** Base currency units. */
  totalDebtBase: bigint
  /** Base currency units; 0 when LTV-weighted collateral does not exceed debt. */
  availableBorrowsBase: bigint
  /** Bps, collateral-weighted and floored. */
  currentLiquidationThreshold: bigint
  /** Bps, collateral-weighted and floored (zero-LTV collateral counts with 0). */
  ltv: bigint
  /** Wad; `MAX_UINT256` without debt. */
  healthFactor: bigint
  /** The user has collateral with LTV 0 (it blocks withdrawals of other collateral). */
  hasZeroLtvCollateral: boolean
}

/**
 * Recomputes `Pool.getUserAccountData` from a snapshot, equal to the wei for the same state and
 * block time: per reserve `balance × price / 10^decimals` floored, e-mode LTV / threshold / price
 * source overrides, LTV-0 collateral counted in collateral and threshold but not in LTV, floored
 * weighted averages, then the health factor and available borrows.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/GenericLogic.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/PoolLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/protocol/libraries/logic/GenericLogic.sol
 * @example
 * const { healthFactor } = computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec })
 * healthFactor < 10n ** 18n // liquidatable
 */
export function computeUserAccountData({
  snapshot,
  nowSec,
  userReserves = computeUserReserves({ snapshot, nowSec }).reserves,
}: ComputeUserAccountDataParameters): ComputeUserAccountDataReturnType {
  let totalCollateralBase = 0n
  let totalDebtBase = 0n
  let ltvWeightedBase = 0n
  let liquidationThresholdWeightedBase = 0n
  let hasZeroLtvCollateral = false
  for (const state of userReserves) {
    if (state.isCollateral) {
      totalCollateralBase += state.collateralBase
      if (state.zeroLtv) hasZeroLtvCollateral = true
      else ltvWeightedBase += state.collateralBase * state.ltv
      liquidationThresholdWeightedBase += state.collateralBase * state.liquidationThreshold
    }
    totalDebtBase += state.debtBase
  }
  const { protocolFavourRounding } = aaveV3Features(snapshot.rules)
  const ltv = totalCollateralBase === 0n ? 0n : ltvWeightedBase / totalCollateralBase
  const { currentLiquidationThreshold, healthFactor } = computeHealthFactor({
    totalCollateralBase,
    liquidationThresholdWeightedBase,
    totalDebtBase,
    protocolFavourRounding,
  })
  // GenericLogic.calculateAvailableBorrows: percentMul, percentMulFloor from v3.5.
  const borrowable = (protocolFavourRounding ? percentMulFloor : percentMul)(totalCollateralBase, ltv)
  return {
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase: borrowable < totalDebtBase ? 0n : borrowable - totalDebtBase,
    currentLiquidationThreshold,
    ltv,
    healthFactor,
    hasZeroLtvCollateral,
  }
}
