import { EngineInputError } from '../errors'
import { aaveV3Features } from './aaveV3Features'
import { computeOraclePriceRaw } from './computeOraclePriceRaw'
import { computeUserAccountData } from './computeUserAccountData'
import { type AaveV3UserReserveState, computeUserReserves } from './computeUserReserves'
import type { AaveV3Reserve, AaveV3Snapshot } from './types'
import {
  mulDivCeil,
  percentDiv,
  percentDivCeil,
  percentMul,
  rayDiv,
  rayDivCeil,
  rayMul,
  rayMulFloor,
  WAD,
} from './wadRay'

/** Close factor above `CLOSE_FACTOR_HF_THRESHOLD`, bps. */
export const DEFAULT_LIQUIDATION_CLOSE_FACTOR = 5_000n
/** Close factor at or below `CLOSE_FACTOR_HF_THRESHOLD` (v3.0–v3.2), bps. */
export const MAX_LIQUIDATION_CLOSE_FACTOR = 10_000n
/** Wad: health factor at or below which the whole debt may be repaid at once. */
export const CLOSE_FACTOR_HF_THRESHOLD = (WAD * 95n) / 100n
/** v3.3, base currency units: positions smaller than this may be closed at 100%. */
export const MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2_000n * 10n ** 8n

/** Why `Pool.liquidationCall` would revert (the contract's `Errors`, kebab-cased). */
export type AaveV3LiquidationRevertReason =
  | 'reserve-inactive'
  | 'reserve-paused'
  | 'liquidation-grace-sentinel-check-failed'
  | 'health-factor-not-below-threshold'
  | 'collateral-cannot-be-liquidated'
  | 'specified-currency-not-borrowed-by-user'
  | 'must-not-leave-dust'

export type ComputeLiquidationCallParameters = {
  snapshot: AaveV3Snapshot
  /** Unix seconds of the liquidation block. */
  nowSec: number
  /** Underlying address of the collateral to seize. */
  collateralAsset: string
  /** Underlying address of the debt to repay. */
  debtAsset: string
  /** Debt token wei the liquidator offers; `MAX_UINT256` asks for the most the rules allow. */
  debtToCover: bigint
  /**
   * v3.3 `MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD`, base currency units (`MIN_LEFTOVER_BASE` is half
   * of it). The contract constant assumes a USD base with 8 decimals; override only to follow a
   * documented example or a market that differs.
   */
  minBaseMaxCloseFactorThreshold?: bigint | undefined
}

export type ComputeLiquidationCallReturnType =
  | {
      status: 'ok'
      /** Wad, before the liquidation. */
      healthFactor: bigint
      /** Most debt (debt token wei) this liquidation may repay. */
      maxLiquidatableDebt: bigint
      /** Debt token wei the liquidator pays (`LiquidationCall.debtToCover`). */
      debtToRepay: bigint
      /** Collateral token wei the liquidator receives (`LiquidationCall.liquidatedCollateralAmount`). */
      collateralToLiquidator: bigint
      /** Collateral token wei of aTokens sent to the treasury (its share of the bonus). */
      protocolFee: bigint
      /** Bps above 100.00% (e-mode bonus for collateral of the user's category). */
      liquidationBonus: bigint
      /** Oracle prices used, base currency units per whole token. */
      collateralPriceRaw: bigint
      debtPriceRaw: bigint
      /** The user's whole balance of the collateral is taken (it stops being collateral). */
      collateralFullyLiquidated: boolean
      /** The user's whole debt of the debt asset is repaid. */
      debtFullyRepaid: boolean
      /** v3.3+: no collateral is left, so every remaining debt is burned into reserve deficits. */
      badDebtWrittenOff: boolean
      /**
       * v3.3+: the debt written off into each reserve's deficit (`Pool.getReserveDeficit` grows by
       * it; `DeficitCreated` events), by underlying address; empty unless `badDebtWrittenOff`.
       */
      deficits: { asset: string; amount: bigint }[]
    }
  | { status: 'reverted'; reason: AaveV3LiquidationRevertReason; healthFactor: bigint }

/**
 * What `Pool.liquidationCall(collateralAsset, debtAsset, user, debtToCover, receiveAToken)` would
 * do at `nowSec` with the snapshot's prices: how much debt the liquidator repays, how much
 * collateral they receive (base amount plus bonus, less the protocol's share of the bonus), or
 * why it reverts. Rules follow `snapshot.rules`:
 *
 * - `v3.0-3.2`: close factor 50% of the user's (stable + variable) debt of that reserve, 100% when
 *   HF ≤ 0.95; e-mode bonus and (v3.0–v3.1) e-mode price source.
 * - `v3.3`+: the whole reserve debt may be repaid unless collateral and debt of the two reserves are
 *   both ≥ 2000 USD and HF > 0.95, in which case at most 50% of the account's total debt value;
 *   a liquidation that leaves less than 1000 USD of that debt or collateral (but not zero) reverts;
 *   taking the last collateral writes the remaining debt off into reserve deficits.
 * - `v3.5`+: balances and values rounded in the protocol's favour (debt values up, the debt a
 *   capped liquidation needs up, the treasury's aTokens taken with the transfer's rounding).
 * - `v3.6`: any collateral the user has enabled can be seized (the reserve's own threshold aside).
 * - `v3.4`+ forbid self-liquidation: the liquidator is not modelled, so neither is that check.
 *
 * The price-oracle sentinel (L2 sequencer check) is not modelled.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/LiquidationLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/src/contracts/protocol/libraries/logic/LiquidationLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/docs/3.3/Aave-v3.3-features.md
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/protocol/libraries/logic/LiquidationLogic.sol
 * @example
 * const result = computeLiquidationCall({ snapshot, nowSec, collateralAsset: WETH, debtAsset: USDC, debtToCover: MAX_UINT256 })
 * if (result.status === 'ok') result.collateralToLiquidator // WETH wei received for result.debtToRepay USDC wei
 */
export function computeLiquidationCall({
  snapshot,
  nowSec,
  collateralAsset,
  debtAsset,
  debtToCover,
  minBaseMaxCloseFactorThreshold = MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD,
}: ComputeLiquidationCallParameters): ComputeLiquidationCallReturnType {
  const collateralReserve = findReserve(snapshot, collateralAsset)
  const debtReserve = findReserve(snapshot, debtAsset)
  const { eModeCategory, reserves } = computeUserReserves({ snapshot, nowSec })
  const collateral = reserves.find((state) => state.reserve === collateralReserve)
  const debt = reserves.find((state) => state.reserve === debtReserve)
  const account = computeUserAccountData({ snapshot, nowSec, userReserves: reserves })
  const { healthFactor } = account
  const features = aaveV3Features(snapshot.rules)
  const rounding = features.protocolFavourRounding
  // Debt (token wei) to base currency: floored, rounded up from v3.5 (MathUtils.mulDivCeil).
  const debtToBase = (amount: bigint, priceRaw: bigint, unit: bigint) =>
    rounding ? mulDivCeil(amount, priceRaw, unit) : (amount * priceRaw) / unit

  const variableDebt = debt?.variableDebt ?? 0n
  // v3.0–v3.2 repay stable and variable debt together; v3.3 has variable debt only.
  const userReserveDebt = features.stableDebtAndEModePriceSource
    ? variableDebt + (debt?.stableDebt ?? 0n)
    : variableDebt

  const reason = validate({
    nowSec,
    collateralReserve,
    debtReserve,
    collateral,
    healthFactor,
    userReserveDebt,
    anyEnabledCollateral: features.eModeDecoupled,
  })
  if (reason || !collateral || !debt)
    return { status: 'reverted', reason: reason ?? 'collateral-cannot-be-liquidated', healthFactor }

  const inCategory = eModeCategory !== undefined && collateral.inEModeCategory
  const liquidationBonus = BigInt(inCategory ? eModeCategory.liquidationBonus : collateralReserve.liquidationBonus)
  // v3.0–v3.1: a category price source prices the category's collateral and (in e-mode) any debt.
  const eModePriceKey = features.stableDebtAndEModePriceSource ? eModeCategory?.priceKey : undefined
  const collateralPriceRaw = computeOraclePriceRaw({
    snapshot,
    priceKey: inCategory && eModePriceKey !== undefined ? eModePriceKey : collateralReserve.priceKey,
  })
  const debtPriceRaw = computeOraclePriceRaw({ snapshot, priceKey: eModePriceKey ?? debtReserve.priceKey })
  const userCollateralBalance = collateral.supplied

  let maxLiquidatableDebt: bigint
  if (features.positionCloseFactor) {
    maxLiquidatableDebt = userReserveDebt
    const userReserveDebtBase = debtToBase(userReserveDebt, debtPriceRaw, debt.unit)
    const userReserveCollateralBase = (userCollateralBalance * collateralPriceRaw) / collateral.unit
    if (
      userReserveCollateralBase >= minBaseMaxCloseFactorThreshold &&
      userReserveDebtBase >= minBaseMaxCloseFactorThreshold &&
      healthFactor > CLOSE_FACTOR_HF_THRESHOLD
    ) {
      const totalDefaultLiquidatableDebtBase = percentMul(account.totalDebtBase, DEFAULT_LIQUIDATION_CLOSE_FACTOR)
      if (userReserveDebtBase > totalDefaultLiquidatableDebtBase) {
        maxLiquidatableDebt = (totalDefaultLiquidatableDebtBase * debt.unit) / debtPriceRaw
      }
    }
  } else {
    const closeFactor =
      healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? DEFAULT_LIQUIDATION_CLOSE_FACTOR : MAX_LIQUIDATION_CLOSE_FACTOR
    maxLiquidatableDebt = percentMul(userReserveDebt, closeFactor)
  }
  const requestedDebt = debtToCover > maxLiquidatableDebt ? maxLiquidatableDebt : debtToCover

  // _calculateAvailableCollateralToLiquidate: the bonus-inclusive collateral for the debt, capped
  // by the user's balance (then the debt is scaled back), less the protocol's share of the bonus.
  const baseCollateral = (debtPriceRaw * requestedDebt * collateral.unit) / (collateralPriceRaw * debt.unit)
  const maxCollateralToLiquidate = percentMul(baseCollateral, liquidationBonus)
  let collateralAmount: bigint
  let debtToRepay: bigint
  if (maxCollateralToLiquidate > userCollateralBalance) {
    collateralAmount = userCollateralBalance
    debtToRepay = (rounding ? percentDivCeil : percentDiv)(
      (collateralPriceRaw * collateralAmount * debt.unit) / (debtPriceRaw * collateral.unit),
      liquidationBonus,
    )
  } else {
    collateralAmount = maxCollateralToLiquidate
    debtToRepay = requestedDebt
  }
  const collateralToLiquidateBase = (collateralAmount * collateralPriceRaw) / collateral.unit
  const badDebtWrittenOff = features.positionCloseFactor && account.totalCollateralBase === collateralToLiquidateBase
  const feeShare = BigInt(collateralReserve.liquidationProtocolFee)
  const calculatedFee =
    feeShare === 0n ? 0n : percentMul(collateralAmount - percentDiv(collateralAmount, liquidationBonus), feeShare)
  const collateralToLiquidator = collateralAmount - calculatedFee
  const collateralFullyLiquidated = collateralToLiquidator + calculatedFee === userCollateralBalance
  const debtFullyRepaid = debtToRepay === userReserveDebt

  if (features.positionCloseFactor && !debtFullyRepaid && !collateralFullyLiquidated) {
    const minLeftoverBase = minBaseMaxCloseFactorThreshold / 2n
    const debtLeftBase = debtToBase(userReserveDebt - debtToRepay, debtPriceRaw, debt.unit)
    const collateralLeftBase = ((userCollateralBalance - collateralAmount) * collateralPriceRaw) / collateral.unit
    if (debtLeftBase < minLeftoverBase || collateralLeftBase < minLeftoverBase) {
      return { status: 'reverted', reason: 'must-not-leave-dust', healthFactor }
    }
  }

  return {
    status: 'ok',
    healthFactor,
    maxLiquidatableDebt,
    debtToRepay,
    collateralToLiquidator,
    protocolFee: capProtocolFee(collateral, collateralToLiquidator, calculatedFee, rounding),
    liquidationBonus,
    collateralPriceRaw,
    debtPriceRaw,
    collateralFullyLiquidated,
    debtFullyRepaid,
    badDebtWrittenOff,
    deficits: badDebtWrittenOff ? deficitsOf(reserves, debt, userReserveDebt - debtToRepay) : [],
  }
}

/**
 * LiquidationLogic._burnDebtTokens / _burnBadDebt: with no collateral left, the liquidated
 * reserve's outstanding debt and every other (active) reserve's whole debt become deficits.
 */
function deficitsOf(
  reserves: readonly AaveV3UserReserveState[],
  liquidated: AaveV3UserReserveState,
  outstanding: bigint,
): { asset: string; amount: bigint }[] {
  const deficits: { asset: string; amount: bigint }[] = []
  for (const state of reserves) {
    const amount = state === liquidated ? outstanding : state.reserve.active ? state.variableDebt : 0n
    if (amount > 0n) deficits.push({ asset: state.reserve.underlying, amount })
  }
  return deficits
}

function findReserve(snapshot: AaveV3Snapshot, asset: string): AaveV3Reserve {
  const wanted = asset.toLowerCase()
  const reserve = snapshot.reserves.find((candidate) => candidate.underlying.toLowerCase() === wanted)
  if (!reserve) throw new EngineInputError(`Reserve ${asset} is not in the snapshot.`)
  return reserve
}

type ValidateParameters = {
  nowSec: number
  collateralReserve: AaveV3Reserve
  debtReserve: AaveV3Reserve
  collateral: AaveV3UserReserveState | undefined
  healthFactor: bigint
  userReserveDebt: bigint
  /** v3.6: the user's collateral flag alone makes a reserve seizable. */
  anyEnabledCollateral: boolean
}

/** ValidationLogic.validateLiquidationCall, in the contract's order. */
function validate({
  nowSec,
  collateralReserve,
  debtReserve,
  collateral,
  healthFactor,
  userReserveDebt,
  anyEnabledCollateral,
}: ValidateParameters): AaveV3LiquidationRevertReason | undefined {
  if (!collateralReserve.active || !debtReserve.active) return 'reserve-inactive'
  if (collateralReserve.paused || debtReserve.paused) return 'reserve-paused'
  const graceOver = (reserve: AaveV3Reserve) => (reserve.liquidationGracePeriodUntil ?? 0) < nowSec
  if (!graceOver(collateralReserve) || !graceOver(debtReserve)) return 'liquidation-grace-sentinel-check-failed'
  if (healthFactor >= WAD) return 'health-factor-not-below-threshold'
  const seizable =
    collateralReserve.user.usageAsCollateralEnabled &&
    (anyEnabledCollateral || collateralReserve.liquidationThreshold !== 0)
  if (!seizable) {
    return 'collateral-cannot-be-liquidated'
  }
  if (userReserveDebt === 0n) return 'specified-currency-not-borrowed-by-user'
  if (!collateral) return 'collateral-cannot-be-liquidated'
  return undefined
}

/**
 * The treasury transfer never takes more aTokens than the user has left after the liquidator's
 * share is burned (a 1-wei guard in LiquidationLogic.executeLiquidationCall). From v3.5 the burn
 * and the transfer scale amounts up (TokenMath.getATokenBurnScaledAmount /
 * getATokenTransferScaledAmount) and a capped fee is the leftover's balance rounded down.
 */
function capProtocolFee(
  collateral: AaveV3UserReserveState,
  collateralToLiquidator: bigint,
  fee: bigint,
  rounding: boolean,
): bigint {
  if (fee === 0n) return 0n
  const index = collateral.normalizedIncome
  const toScaled = rounding ? rayDivCeil : rayDiv
  const scaledLeft = BigInt(collateral.reserve.user.scaledATokenBalance) - toScaled(collateralToLiquidator, index)
  return toScaled(fee, index) > scaledLeft ? (rounding ? rayMulFloor : rayMul)(scaledLeft, index) : fee
}
