import { calculateCompoundedInterest } from './mathUtils'
import type { AaveV3UserReserve } from './types'
import { rayMul } from './wadRay'

export type ComputeStableDebtParameters = {
  user: Pick<AaveV3UserReserve, 'principalStableDebt' | 'stableBorrowRate' | 'stableBorrowLastUpdateTimestamp'>
  /** Unix seconds; a time before the user's last update counts as that update. */
  nowSec: number
}

/**
 * The user's stable debt at `nowSec`, token wei (`StableDebtToken.balanceOf`): the principal
 * compounded at the user's own stable rate since the user's last update.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/tokenization/StableDebtToken.sol
 */
export function computeStableDebt({ user, nowSec }: ComputeStableDebtParameters): bigint /* token wei */ {
  const principal = BigInt(user.principalStableDebt)
  if (principal === 0n) return 0n
  const last = user.stableBorrowLastUpdateTimestamp
  return rayMul(principal, calculateCompoundedInterest(BigInt(user.stableBorrowRate), last, Math.max(nowSec, last)))
}
