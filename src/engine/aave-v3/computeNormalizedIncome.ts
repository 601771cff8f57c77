import { calculateLinearInterest } from './mathUtils'
import { rayMul } from './wadRay'

export type ComputeNormalizedIncomeParameters = {
  /** Ray. */
  liquidityIndex: bigint
  /** Ray per year. */
  currentLiquidityRate: bigint
  /** Unix seconds of the last index update. */
  lastUpdateTimestamp: number
  /** Unix seconds. */
  nowSec: number
}

/**
 * The reserve's liquidity index at `nowSec` (ReserveLogic.getNormalizedIncome): a supplied
 * balance is `scaledBalance.rayMul(normalizedIncome)`. A `nowSec` at or before the last update
 * returns the stored index (the chain never sees that case; a clock slightly behind the block
 * time must not throw).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/ReserveLogic.sol
 * @example computeNormalizedIncome({ liquidityIndex: 10n ** 27n, currentLiquidityRate: 5n * 10n ** 25n, lastUpdateTimestamp: 0, nowSec: 31_536_000 }) // 1.05e27
 */
export function computeNormalizedIncome({
  liquidityIndex,
  currentLiquidityRate,
  lastUpdateTimestamp,
  nowSec,
}: ComputeNormalizedIncomeParameters): bigint /* ray */ {
  if (nowSec <= lastUpdateTimestamp) return liquidityIndex
  return rayMul(calculateLinearInterest(currentLiquidityRate, lastUpdateTimestamp, nowSec), liquidityIndex)
}
