import { EngineInputError } from '../errors'
import { computeNormalizedDebt } from './computeNormalizedDebt'
import { computeNormalizedIncome } from './computeNormalizedIncome'
import { computeReservePriceRaw } from './computeReservePriceRaw'
import { computeStableDebt } from './computeStableDebt'
import type { AaveV3EModeCategory, AaveV3Reserve, AaveV3Snapshot } from './types'
import { rayMul } from './wadRay'

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
  /** Counted as collateral: liquidation threshold ≠ 0 and enabled by the user. */
  isCollateral: boolean
  /** Effective LTV, bps: 0 when the reserve's LTV is 0, else the e-mode LTV in category, else the reserve's. */
  ltv: bigint
  /** Effective liquidation threshold, bps (e-mode one in category). */
  liquidationThreshold: bigint
  /** `supplied × price / unit` (floored) when `isCollateral`, else 0; base currency units. */
  collateralBase: bigint
  /** `(variable + stable debt) × price / unit` (floored), base currency units. */
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
  if (category.collateralBitmap !== undefined)
    return ((BigInt(category.collateralBitmap) >> BigInt(reserve.id)) & 1n) === 1n
  return reserve.eModeCategory === category.id
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
    })
    const supplied = rayMul(scaledSupply, normalizedIncome)
    const variableDebt = scaledVariableDebt === 0n ? 0n : rayMul(scaledVariableDebt, normalizedDebt)
    const stableDebt = computeStableDebt({ user, nowSec })
    // v3.0–v3.1: the category's price source replaces the price of its reserves, when it answers.
    const { priceKey, priceRaw } = computeReservePriceRaw({ snapshot, reserve })
    const unit = pow10(reserve.decimals)
    const inEModeCategory = isInEModeCategory(eModeCategory, reserve)
    const isCollateral = reserve.liquidationThreshold !== 0 && user.usageAsCollateralEnabled
    const ltv = reserve.ltv === 0 ? 0n : BigInt(inEModeCategory && eModeCategory ? eModeCategory.ltv : reserve.ltv)
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
      liquidationThreshold,
      collateralBase: isCollateral ? (supplied * priceRaw) / unit : 0n,
      debtBase: ((variableDebt + stableDebt) * priceRaw) / unit,
    })
  }
  return { eModeCategory, reserves }
}
