import { calculateCompoundedInterest, calculateCompoundedInterestV34 } from './mathUtils'
import { rayMul } from './wadRay'

export type ComputeNormalizedDebtParameters = {
  /** Ray. */
  variableBorrowIndex: bigint
  /** Ray per year. */
  currentVariableBorrowRate: bigint
  /** Unix seconds of the last index update. */
  lastUpdateTimestamp: number
  /** Unix seconds. */
  nowSec: number
  /** v3.4+ order of evaluation of the compounding series (`aaveV3Features(rules).compoundedInterestV34`). */
  compoundedInterestV34?: boolean | undefined
}

/**
 * The reserve's variable borrow index at `nowSec` (ReserveLogic.getNormalizedDebt): a variable
 * debt is `scaledDebt.rayMul(normalizedDebt)`. A `nowSec` at or before the last update returns
 * the stored index.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/ReserveLogic.sol
 */
export function computeNormalizedDebt({
  variableBorrowIndex,
  currentVariableBorrowRate,
  lastUpdateTimestamp,
  nowSec,
  compoundedInterestV34 = false,
}: ComputeNormalizedDebtParameters): bigint /* ray */ {
  if (nowSec <= lastUpdateTimestamp) return variableBorrowIndex
  const compound = compoundedInterestV34 ? calculateCompoundedInterestV34 : calculateCompoundedInterest
  return rayMul(compound(currentVariableBorrowRate, lastUpdateTimestamp, nowSec), variableBorrowIndex)
}
