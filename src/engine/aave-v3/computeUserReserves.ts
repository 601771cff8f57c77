import { EngineInputError } from '../errors'
import { type AaveV3Features, aaveV3Features } from './aaveV3Features'
import { computeNormalizedDebt } from './computeNormalizedDebt'
import { computeNormalizedIncome } from './computeNormalizedIncome'
import { computeReservePriceRaw } from './computeReservePriceRaw'
import { computeStableDebt } from './computeStableDebt'
import type { AaveV3EModeCategory, AaveV3Reserve, AaveV3Snapshot } from './types'
import { mulDivCeil, rayMul, rayMulCeil, rayMulFloor } from './wadRay'

export type ComputeUserReservesParameters = {
  snapshot: AaveV3Snapshot
  /** Unix seconds the balances and prices are evaluated at. */
  nowSec: number
}

/** One reserve the user supplies or borrows, resolved at `nowSec` as GenericLogic sees it. */
export type AaveV3UserReserveState = {
  reserve: AaveV3Reserve
  /** `10^decimals`. */
  unit: bigint
  /** Ray. */
  normalizedIncome: bigint
  /** Ray. */
  normalizedDebt: bigint
  /** aToken balance, token wei. */
  supplied: bigint
  /** Token wei. */
  variableDebt: bigint
  /** Token wei (grows with the user's compounded stable rate). */
  stableDebt: bigint
  /** Key of the price GenericLogic uses: the e-mode category's source (v3.0–v3.1) or the reserve's own. */
  priceKey: string
  /** Oracle answer for `priceKey`, base currency units per whole token. */
  priceRaw: bigint
  /** The reserve is collateral in the user's e-mode category. */
  inEModeCategory: boolean
  /** Counted as collateral: enabled by the user and (before v3.6) a liquidation threshold ≠ 0. */
  isCollateral: boolean
  /**
   * Effective LTV, bps (ValidationLogic.getUserReserveLtv): before v3.6 0 when the reserve's LTV is
   * 0, else the e-mode LTV in category, else the reserve's; from v3.6 in category the e-mode LTV
   * unless the category's LTV-zero bitmap flags the reserve, outside it the reserve's.
   */
  ltv: bigint
  /** The ltv0 rules apply to this reserve for this user (it counts in `hasZeroLtvCollateral`). */
  zeroLtv: boolean
  /** Effective liquidation threshold, bps (e-mode one in category). */
  liquidationThreshold: bigint
  /** `supplied × price / unit` (floored) when `isCollateral`, else 0; base currency units. */
  collateralBase: bigint
  /** `(variable + stable debt) × price / unit`, floored (rounded up from v3.5), base currency units. */
  debtBase: bigint
}

export type ComputeUserReservesReturnType = {
  /** The user's e-mode category, when it has one. */
  eModeCategory: AaveV3EModeCategory | undefined
  /** Reserves with a non-zero supply or debt, in snapshot order. */
  reserves: AaveV3UserReserveState[]
}

/** `10^n` for token decimals, computed once. */
const POW10: readonly bigint[] = Array.from({ length: 78 }, (_, n) => 10n ** BigInt(n))

function pow10(decimals: number): bigint {
  const unit = POW10[decimals]
  if (unit === undefined) throw new EngineInputError(`Unsupported decimals ${decimals}.`)
  return unit
}

/**
 * Membership of a reserve in an e-mode category: v3.2+ categories carry a collateral bitmap over
 * reserve ids; v3.0–v3.1 reserves name their one category.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/EModeLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/src/contracts/protocol/libraries/configuration/EModeConfiguration.sol
 */
function isInEModeCategory(category: AaveV3EModeCategory | undefined, reserve: AaveV3Reserve): boolean {
  if (!category || category.id === 0) return false
  if (category.collateralBitmap !== undefined) return isOnBitmap(category.collateralBitmap, reserve)
  return reserve.eModeCategory === category.id
}

/** `EModeConfiguration.isReserveEnabledOnBitmap(bitmap, reserve.id)`. */
function isOnBitmap(bitmap: string, reserve: AaveV3Reserve): boolean {
  return ((BigInt(bitmap) >> BigInt(reserve.id)) & 1n) === 1n
}

/**
 * The LTV GenericLogic weighs a collateral with, and whether the ltv0 rules apply to it.
 *
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.5.0/src/contracts/protocol/libraries/logic/GenericLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/protocol/libraries/logic/ValidationLogic.sol (getUserReserveLtv)
 */
function effectiveLtv(
  features: AaveV3Features,
  reserve: AaveV3Reserve,
  category: AaveV3EModeCategory | undefined,
  inCategory: boolean,
): { ltv: bigint; zeroLtv: boolean } {
  if (features.eModeDecoupled) {
    const ltv =
      inCategory && category
        ? category.ltvzeroBitmap !== undefined && isOnBitmap(category.ltvzeroBitmap, reserve)
          ? 0n
          : BigInt(category.ltv)
        : BigInt(reserve.ltv)
    return { ltv, zeroLtv: ltv === 0n }
  }
  if (reserve.ltv === 0) return { ltv: 0n, zeroLtv: true }
  return { ltv: BigInt(inCategory && category ? category.ltv : reserve.ltv), zeroLtv: false }
}

/**
 * The LTV the user's e-mode category gives a reserve (ValidationLogic.getUserReserveLtv): what
 * SupplyLogic checks before turning a first supply on as collateral (it must not be 0).
 *
 * @example
 * computeUserReserveLtv({ snapshot, reserve }) // 8000n
 */
export function computeUserReserveLtv({
  snapshot,
  reserve,
}: {
  snapshot: AaveV3Snapshot
  reserve: AaveV3Reserve
}): bigint {
  const category = snapshot.eModeCategories.find((c) => c.id === snapshot.userEModeCategory)
  return effectiveLtv(aaveV3Features(snapshot.rules), reserve, category, isInEModeCategory(category, reserve)).ltv
}

/**
 * The user's current balances per reserve (supply with linear interest, variable debt with the
 * compounded index, stable debt with the user's compounded stable rate) and the price, LTV and
 * liquidation threshold GenericLogic.calculateUserAccountData applies to each, at `nowSec`.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/GenericLogic.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/tokenization/StableDebtToken.sol
 */
export function computeUserReserves({
  snapshot,
  nowSec,
}: ComputeUserReservesParameters): ComputeUserReservesReturnType {
  const eModeCategory =
    snapshot.userEModeCategory === 0
      ? undefined
      : snapshot.eModeCategories.find((category) => category.id === snapshot.userEModeCategory)
  if (snapshot.userEModeCategory !== 0 && !eModeCategory) {
    throw new EngineInputError(`E-mode category ${snapshot.userEModeCategory} is missing from the snapshot.`)
  }
  const features = aaveV3Features(snapshot.rules)
  const reserves: AaveV3UserReserveState[] = []
  for (const reserve of snapshot.reserves) {
    const { user } = reserve
    const scaledSupply = BigInt(user.scaledATokenBalance)
    const scaledVariableDebt = BigInt(user.scaledVariableDebt)
    const principalStableDebt = BigInt(user.principalStableDebt)
    if (scaledSupply === 0n && scaledVariableDebt === 0n && principalStableDebt === 0n) continue

    const lastUpdateTimestamp = reserve.lastUpdateTimestamp
    const normalizedIncome = computeNormalizedIncome({
      liquidityIndex: BigInt(reserve.liquidityIndex),
      currentLiquidityRate: BigInt(reserve.currentLiquidityRate),
      lastUpdateTimestamp,
      nowSec,
    })
    const normalizedDebt = computeNormalizedDebt({
      variableBorrowIndex: BigInt(reserve.variableBorrowIndex),
      currentVariableBorrowRate: BigInt(reserve.currentVariableBorrowRate),
      lastUpdateTimestamp,
      nowSec,
      compoundedInterestV34: features.compoundedInterestV34,
    })
    // v3.5+ TokenMath: aToken balances round down, debt balances up.
    const rounding = features.protocolFavourRounding
    const supplied = (rounding ? rayMulFloor : rayMul)(scaledSupply, normalizedIncome)
    const variableDebt =
      scaledVariableDebt === 0n ? 0n : (rounding ? rayMulCeil : rayMul)(scaledVariableDebt, normalizedDebt)
    const stableDebt = computeStableDebt({ user, nowSec })
    // v3.0–v3.1: the category's price source replaces the price of its reserves, when it answers.
    const { priceKey, priceRaw } = computeReservePriceRaw({ snapshot, reserve })
    const unit = pow10(reserve.decimals)
    const inEModeCategory = isInEModeCategory(eModeCategory, reserve)
    const isCollateral =
      user.usageAsCollateralEnabled && (features.eModeDecoupled || reserve.liquidationThreshold !== 0)
    const { ltv, zeroLtv } = effectiveLtv(features, reserve, eModeCategory, inEModeCategory)
    const liquidationThreshold = BigInt(
      inEModeCategory && eModeCategory ? eModeCategory.liquidationThreshold : reserve.liquidationThreshold,
    )

    reserves.push({
      reserve,
      unit,
      normalizedIncome,
      normalizedDebt,
      supplied,
      variableDebt,
      stableDebt,
      priceKey,
      priceRaw,
      inEModeCategory,
      isCollateral,
      ltv,
      zeroLtv,
      liquidationThreshold,
      collateralBase: isCollateral ? (supplied * priceRaw) / unit : 0n,
      debtBase: rounding
        ? mulDivCeil(variableDebt + stableDebt, priceRaw, unit)
        : ((variableDebt + stableDebt) * priceRaw) / unit,
    })
  }
  return { eModeCategory, reserves }
}
