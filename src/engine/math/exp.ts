import { type D, type DecimalString, dec } from '../decimal'

/**
 * e^x at the engine's precision.
 *
 * @example
 * exp('1') // 2.71828182845904523536...
 */
export function exp(x: D | DecimalString): D {
  return dec(x).exp()
}
