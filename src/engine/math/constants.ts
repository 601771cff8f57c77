/**
 * Constants shared by the engine's math. Mathematical constants are literals (computing π with
 * `D.acos(-1)` at import would cost time for digits that never change).
 */
import { D } from '../decimal'

/** π to 64 significant digits (more than the engine's 60-digit precision). */
export const PI = new D('3.141592653589793238462643383279502884197169399375105820974944592')

/** Seconds in a 365-day year: the engine's year for option expiries, volatility and first-passage times. */
export const SECONDS_PER_YEAR = 365 * 86_400
