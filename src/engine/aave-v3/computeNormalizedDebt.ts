import { calculateCompoundedInterest } from './mathUtils'
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
}: ComputeNormalizedDebtParameters): bigint /* ray */ {
  if (nowSec <= lastUpdateTimestamp) return variableBorrowIndex
  return rayMul(
    calculateCompoundedInterest(currentVariableBorrowRate, lastUpdateTimestamp, nowSec),
    variableBorrowIndex,
  )
}
