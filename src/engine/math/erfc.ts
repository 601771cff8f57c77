import { D, type DecimalString, dec } from '../decimal'
import { EngineInputError } from '../errors'
import { erfcContinuedFraction, erfSeries, SERIES_LIMIT, W } from './errorFunction'

/**
 * Complementary error function erfc(x) = 1 − erf(x), absolute error < 1e-21 for every x
 * (relative error < 1e-20 for x ≥ 3, where it is a small tail). See `errorFunction.ts` for the
 * series / continued-fraction split.
 *
 * @see https://dlmf.nist.gov/7.2.E2
 * @example
 * erfc('1') // 0.157299207050285130658779...
 */
export function erfc(x: D | DecimalString): D {
  const value = new W(dec(x))
  if (value.isNaN()) throw new EngineInputError('erfc of NaN.')
  if (!value.isFinite()) return new D(value.isPositive() ? 0 : 2)
  const a = value.abs()
  const tail = a.lt(SERIES_LIMIT) ? new W(1).sub(erfSeries(a)) : erfcContinuedFraction(a)
  return new D(value.isNegative() ? new W(2).sub(tail) : tail)
}
