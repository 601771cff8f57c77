import { type D, ZERO } from '../decimal'
import { secondsToYears } from '../math/secondsToYears'

export type ComputeTimeToExpiryParameters = {
  /** Expiry, unix seconds. */
  expirySec: number
  /** Valuation time, unix seconds (the engine has no clock: time is always an argument). */
  nowSec: number
}

/**
 * Time to expiry in years: (expirySec − nowSec) / (365 × 86 400), floored at 0 (expired).
 *
 * @example
 * computeTimeToExpiry({ expirySec: 15_768_000, nowSec: 0 }) // 0.5
 */
export function computeTimeToExpiry({ expirySec, nowSec }: ComputeTimeToExpiryParameters): D {
  return expirySec > nowSec ? secondsToYears(expirySec - nowSec) : ZERO
}
