import { type D, type DecimalString, dec } from '../decimal'
import { EngineInputError } from '../errors'

/**
 * Square root at the engine's precision. Throws an `EngineInputError` for x < 0 instead of returning `NaN`.
 *
 * @example
 * sqrt('2') // 1.41421356237309504880...
 */
export function sqrt(x: D | DecimalString): D {
  const value = dec(x)
  if (!value.gte(0)) throw new EngineInputError(`sqrt is undefined for ${value.toString()}.`)
  return value.sqrt()
}
