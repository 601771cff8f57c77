import { D, type DecimalString, dec } from '../decimal'
import { EngineInputError } from '../errors'
import { erfcContinuedFraction, erfSeries, SERIES_LIMIT, W } from './errorFunction'

/**
 * Error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, absolute error < 1e-21 (relative < 1e-20 for
 * |x| < 3, where the series gives it directly). See `errorFunction.ts`.
 *
 * @see https://dlmf.nist.gov/7.2.E1
 * @example
 * erf('1') // 0.842700792949714869341220...
 */
export function erf(x: D | DecimalString): D {
  const value = new W(dec(x))
  if (value.isNaN()) throw new EngineInputError('erf of NaN.')
  if (!value.isFinite()) return new D(value.isPositive() ? 1 : -1)
  const a = value.abs()
  const magnitude = a.lt(SERIES_LIMIT) ? erfSeries(a) : new W(1).sub(erfcContinuedFraction(a))
  return new D(value.isNegative() ? magnitude.neg() : magnitude)
}
