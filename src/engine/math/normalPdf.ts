import { D, type DecimalString, dec } from '../decimal'
import { PI } from './constants'
import { W } from './errorFunction'

const W_INV_SQRT_2PI = new W(1).div(new W(PI).mul(2).sqrt())

/**
 * Standard normal density φ(x) = e^(−x²/2) / √(2π), relative error < 1e-21 (same working
 * precision as `normalCdf`).
 *
 * @example
 * normalPdf('0') // 0.398942280401432677939946...
 */
export function normalPdf(x: D | DecimalString): D {
  const value = new W(dec(x))
  return new D(value.mul(value).div(-2).exp().mul(W_INV_SQRT_2PI))
}
