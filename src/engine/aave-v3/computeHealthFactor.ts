import { MAX_UINT256, PERCENTAGE_FACTOR, percentMul, wadDiv } from './wadRay'

export type ComputeHealthFactorParameters = {
  /** Σ collateral, base currency units. */
  totalCollateralBase: bigint
  /** Σ collateral × liquidation threshold (bps), base currency units × bps. */
  liquidationThresholdWeightedBase: bigint
  /** Σ debt, base currency units. */
  totalDebtBase: bigint
  /** v3.5+ formula (`aaveV3Features(rules).protocolFavourRounding`). */
  protocolFavourRounding?: boolean | undefined
}

export type ComputeHealthFactorReturnType = {
  /** Collateral-weighted average liquidation threshold, bps, floored. */
  currentLiquidationThreshold: bigint
  /** Wad; `MAX_UINT256` without debt. */
  healthFactor: bigint
}

/**
 * The Pool's health factor from account totals, with the contract's order of roundings. Up to
 * v3.4 the weighted average threshold is floored to whole bps first, then
 * `HF = percentMul(collateral, avgThreshold).wadDiv(debt)`; from v3.5 the weighted sum is divided
 * directly, `HF = Σ(collateral × threshold).wadDiv(debt) / 1e4` (floored).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/GenericLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.5.0/src/contracts/protocol/libraries/logic/GenericLogic.sol
 * @example computeHealthFactor({ totalCollateralBase: 10_000_00000000n, liquidationThresholdWeightedBase: 10_000_00000000n * 8_000n, totalDebtBase: 6_000_00000000n }).healthFactor // 1.333333333333333333e18
 */
export function computeHealthFactor({
  totalCollateralBase,
  liquidationThresholdWeightedBase,
  totalDebtBase,
  protocolFavourRounding = false,
}: ComputeHealthFactorParameters): ComputeHealthFactorReturnType {
  const currentLiquidationThreshold =
    totalCollateralBase === 0n ? 0n : liquidationThresholdWeightedBase / totalCollateralBase
  const healthFactor =
    totalDebtBase === 0n
      ? MAX_UINT256
      : protocolFavourRounding
        ? wadDiv(liquidationThresholdWeightedBase, totalDebtBase) / PERCENTAGE_FACTOR
        : wadDiv(percentMul(totalCollateralBase, currentLiquidationThreshold), totalDebtBase)
  return { currentLiquidationThreshold, healthFactor }
}
