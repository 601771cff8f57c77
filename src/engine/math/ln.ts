import { type D, type DecimalString, dec } from '../decimal'
import { EngineInputError } from '../errors'

/**
 * Natural logarithm at the engine's precision. Throws an `EngineInputError` for x ≤ 0 instead of letting
 * decimal.js return `-Infinity` or `NaN` into money arithmetic.
 *
 * @example
 * ln('2.718281828459045235360287471352662497757') // 1.0000...
 */
export function ln(x: D | DecimalString): D {
  const value = dec(x)
  if (!value.gt(0)) throw new EngineInputError(`ln is undefined for ${value.toString()}.`)
  return value.ln()
}
