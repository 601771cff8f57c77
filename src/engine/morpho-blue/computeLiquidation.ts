import { computeHealth } from './computeHealth'
import { computeLiquidationIncentiveFactor } from './computeLiquidationIncentiveFactor'
import {
  minBigint,
  mulDivDown,
  mulDivUp,
  ORACLE_PRICE_SCALE,
  toAssetsDown,
  toAssetsUp,
  toSharesUp,
  wDivUp,
  wMulDown,
  zeroFloorSub,
} from './mathLib'
import type { MorphoBlueMarketRaw, MorphoBluePositionRaw } from './types'

/**
 * Why `Morpho.liquidate` would revert: `inconsistent input` (not exactly one of seizedAssets,
 * repaidShares is zero), `position is healthy`, or an arithmetic underflow (repaying more shares
 * than the borrower owes, seizing more collateral than it holds).
 */
export type MorphoBlueLiquidationRevertReason = 'inconsistent-input' | 'healthy-position' | 'underflow'

export type ComputeLiquidationParameters = {
  /** The market accrued to the block of the liquidation (`computeAccruedMarket`), as `liquidate` first does. */
  market: MorphoBlueMarketRaw
  position: MorphoBluePositionRaw
  /** `IOracle.price()`. */
  collateralPrice: bigint
  /** WAD. */
  lltv: bigint
} & ({ seizedAssets: bigint; repaidShares?: undefined } | { repaidShares: bigint; seizedAssets?: undefined })

export type ComputeLiquidationReturnType =
  | {
      status: 'ok'
      /** Collateral token wei paid to the liquidator. */
      seizedAssets: bigint
      repaidShares: bigint
      /** Loan token wei the liquidator pays. */
      repaidAssets: bigint
      /** Debt written off when the borrower's collateral reaches 0 (`realizeBadDebt`), loan token wei. */
      badDebtAssets: bigint
      badDebtShares: bigint
      liquidationIncentiveFactor: bigint
      /** Market and position after the liquidation. */
      market: MorphoBlueMarketRaw
      position: MorphoBluePositionRaw
    }
  | { status: 'revert'; reason: MorphoBlueLiquidationRevertReason }

/**
 * `Morpho.liquidate` after its interest accrual, both branches:
 * - given `seizedAssets`: repaidShares = seizedAssets.mulDivUp(price, 1e36).wDivUp(LIF).toSharesUp(…);
 * - given `repaidShares`: seizedAssets = repaidShares.toAssetsDown(…).wMulDown(LIF).mulDivDown(1e36, price);
 *
 * then repaidAssets = repaidShares.toAssetsUp(…), the borrow totals reduced (assets floored at 0),
 * and, when the borrower's collateral reaches 0, its remaining shares realized as bad debt:
 * min(totalBorrowAssets, shares.toAssetsUp(…)) taken off both borrow and supply totals.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (liquidate)
 * @example
 * computeLiquidation({ market, position, collateralPrice, lltv, seizedAssets: 10n ** 18n })
 * // { status: 'ok', repaidAssets: …, badDebtAssets: 0n, … }
 */
export function computeLiquidation(parameters: ComputeLiquidationParameters): ComputeLiquidationReturnType {
  const { market, position, collateralPrice, lltv } = parameters
  const seizedInput = parameters.seizedAssets ?? 0n
  const sharesInput = parameters.repaidShares ?? 0n
  // UtilsLib.exactlyOneZero
  if ((seizedInput === 0n) === (sharesInput === 0n)) return { status: 'revert', reason: 'inconsistent-input' }
  if (computeHealth({ market, position, collateralPrice, lltv }).healthy) {
    return { status: 'revert', reason: 'healthy-position' }
  }

  const liquidationIncentiveFactor = computeLiquidationIncentiveFactor(lltv)
  let seizedAssets = seizedInput
  let repaidShares = sharesInput
  if (seizedInput > 0n) {
    const seizedAssetsQuoted = mulDivUp(seizedInput, collateralPrice, ORACLE_PRICE_SCALE)
    repaidShares = toSharesUp(
      wDivUp(seizedAssetsQuoted, liquidationIncentiveFactor),
      market.totalBorrowAssets,
      market.totalBorrowShares,
    )
  } else {
    seizedAssets = mulDivDown(
      wMulDown(
        toAssetsDown(sharesInput, market.totalBorrowAssets, market.totalBorrowShares),
        liquidationIncentiveFactor,
      ),
      ORACLE_PRICE_SCALE,
      collateralPrice,
    )
  }
  const repaidAssets = toAssetsUp(repaidShares, market.totalBorrowAssets, market.totalBorrowShares)

  if (repaidShares > position.borrowShares || seizedAssets > position.collateral) {
    return { status: 'revert', reason: 'underflow' }
  }
  let borrowShares = position.borrowShares - repaidShares
  let totalBorrowShares = market.totalBorrowShares - repaidShares
  let totalBorrowAssets = zeroFloorSub(market.totalBorrowAssets, repaidAssets)
  let totalSupplyAssets = market.totalSupplyAssets
  const collateral = position.collateral - seizedAssets

  let badDebtShares = 0n
  let badDebtAssets = 0n
  if (collateral === 0n) {
    badDebtShares = borrowShares
    badDebtAssets = minBigint(totalBorrowAssets, toAssetsUp(badDebtShares, totalBorrowAssets, totalBorrowShares))
    totalBorrowAssets -= badDebtAssets
    totalSupplyAssets -= badDebtAssets
    totalBorrowShares -= badDebtShares
    borrowShares = 0n
  }

  return {
    status: 'ok',
    seizedAssets,
    repaidShares,
    repaidAssets,
    badDebtAssets,
    badDebtShares,
    liquidationIncentiveFactor,
    market: { ...market, totalBorrowAssets, totalBorrowShares, totalSupplyAssets },
    position: { ...position, borrowShares, collateral },
  }
}
