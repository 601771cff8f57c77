import { D } from '../decimal'
import { EngineInputError } from '../errors'
import { SECONDS_PER_YEAR } from './constants'

/**
 * Converts a duration in seconds to years of 365 × 86 400 s (crypto venues trade every calendar
 * day, so there is no trading-day calendar).
 *
 * @param seconds - duration in seconds (an integer count, may be negative).
 * @returns years as a Decimal.
 * @example
 * secondsToYears(86_400 * 73) // 0.2
 */
export function secondsToYears(seconds: number): D {
  if (!Number.isFinite(seconds)) throw new EngineInputError(`Not a finite number of seconds: ${seconds}`)
  return new D(seconds).div(SECONDS_PER_YEAR)
}
