/**
 * Aave's interest accumulation (MathUtils): linear for supply, a 3-term binomial approximation
 * of compounding for borrows. Times are unix seconds (plain numbers), rates and results are rays.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/math/MathUtils.sol
 */
import { SECONDS_PER_YEAR as SECONDS_PER_YEAR_NUMBER } from '../math/constants'
import { RAY, rayMul } from './wadRay'

/** MathUtils.SECONDS_PER_YEAR (365 days), as the bigint the ray math needs. */
const SECONDS_PER_YEAR = BigInt(SECONDS_PER_YEAR_NUMBER)

function elapsedSeconds(lastUpdateTimestamp: number, currentTimestamp: number): bigint {
  // uint256 subtraction on-chain: reverts when the current time is before the last update.
  if (currentTimestamp < lastUpdateTimestamp) {
    throw new RangeError(`Time ${currentTimestamp} is before the last update ${lastUpdateTimestamp}.`)
  }
  return BigInt(currentTimestamp - lastUpdateTimestamp)
}

/**
 * `1 + rate × Δt / year`: the supply (liquidity) index growth factor.
 * @example calculateLinearInterest(1_0005n * 10n ** 23n, 0, 15_768_000) // 1.50025e27 (half a year at 100.05%)
 */
export function calculateLinearInterest(
  rate: bigint /* ray, per year */,
  lastUpdateTimestamp: number /* unix s */,
  currentTimestamp: number /* unix s */,
): bigint /* ray */ {
  return RAY + (rate * elapsedSeconds(lastUpdateTimestamp, currentTimestamp)) / SECONDS_PER_YEAR
}

/**
 * `(1 + rate/year)^Δt` approximated by its first three binomial terms
 * `1 + n·x + n(n−1)/2·x² + n(n−1)(n−2)/6·x³` (x = rate per second), with the contract's
 * intermediate truncations: x² and x³ are each computed with `rayMul` then divided by the
 * seconds per year, so results match the chain to the wei.
 */
export function calculateCompoundedInterest(
  rate: bigint /* ray, per year */,
  lastUpdateTimestamp: number /* unix s */,
  currentTimestamp: number /* unix s */,
): bigint /* ray */ {
  const exp = elapsedSeconds(lastUpdateTimestamp, currentTimestamp)
  if (exp === 0n) return RAY
  const expMinusOne = exp - 1n
  const expMinusTwo = exp > 2n ? exp - 2n : 0n
  const basePowerTwo = rayMul(rate, rate) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR)
  const basePowerThree = rayMul(basePowerTwo, rate) / SECONDS_PER_YEAR
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n
  return RAY + (rate * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm
}

/**
 * v3.4+ `MathUtils.calculateCompoundedInterest`: the same three-term series as
 * `calculateCompoundedInterest`, evaluated as `1 + x + x·(x/2 + x·x/6)` with
 * `x = rate × Δt / year` (multiplying by the elapsed time before dividing by the year), so its
 * integer rounding differs from the v3.0–v3.3 one by a few ray units.
 *
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.4.0/src/contracts/protocol/libraries/math/MathUtils.sol
 * @example calculateCompoundedInterestV34(10n ** 27n, 0, 31_536_000) // ≈ 2.6667e27 (one year at 100%)
 */
export function calculateCompoundedInterestV34(
  rate: bigint /* ray, per year */,
  lastUpdateTimestamp: number /* unix s */,
  currentTimestamp: number /* unix s */,
): bigint /* ray */ {
  const exp = elapsedSeconds(lastUpdateTimestamp, currentTimestamp)
  if (exp === 0n) return RAY
  const x = (rate * exp) / SECONDS_PER_YEAR
  return RAY + x + rayMul(x, x / 2n + rayMul(x, x / 6n))
}
