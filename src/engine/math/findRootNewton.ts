import type { D } from '../decimal'
import { EngineInputError } from '../errors'

export type FindRootNewtonParameters = {
  /** The function and its derivative at x. */
  f: (x: D) => { value: D; derivative: D }
  /** A bracket: f(lower) and f(upper) have opposite signs (the caller states them below). */
  lower: D
  upper: D
  /** Sign of f at `lower`: `-1` when f(lower) < 0 < f(upper), `1` when f(lower) > 0 > f(upper). */
  signAtLower: -1 | 1
  /** Starting point; outside (lower, upper) the midpoint is used instead. */
  initial: D
  /** Absolute tolerance on x. Must be > 0. */
  tolerance: D
  /** Stop as soon as |f(x)| ≤ this (0 disables it). */
  valueTolerance: D
  maxIterations?: number | undefined
}

export type FindRootNewtonReturnType =
  | { kind: 'root'; x: D; value: D; iterations: number }
  | { kind: 'max-iterations'; x: D; value: D; iterations: number }

/**
 * Safeguarded Newton–Raphson: Newton steps while they land strictly inside the current bracket,
 * a bisection step when the derivative is zero or the Newton step would leave it. The bracket
 * shrinks on every evaluation, so the method always converges; near a simple root it is quadratic.
 *
 * @see https://en.wikipedia.org/wiki/Newton%27s_method#Failure_analysis  (why the bracket guard is needed)
 * @example
 * findRootNewton({
 *   f: (x) => ({ value: x.mul(x).sub(2), derivative: x.mul(2) }),
 *   lower: dec('0'), upper: dec('2'), signAtLower: -1, initial: dec('1'),
 *   tolerance: dec('1e-40'), valueTolerance: dec('0'),
 * }) // { kind: 'root', x: 1.4142135623730950488..., ... }
 */
export function findRootNewton({
  f,
  lower,
  upper,
  signAtLower,
  initial,
  tolerance,
  valueTolerance,
  maxIterations = 100,
}: FindRootNewtonParameters): FindRootNewtonReturnType {
  if (!tolerance.gt(0)) throw new EngineInputError('findRootNewton needs a positive tolerance.')
  let low = lower
  let high = upper
  let x = initial.gt(low) && initial.lt(high) ? initial : low.add(high).div(2)
  for (let iteration = 1; ; iteration++) {
    const { value, derivative } = f(x)
    if (value.isZero() || value.abs().lte(valueTolerance)) return { kind: 'root', x, value, iterations: iteration }
    // Keep the root between low and high.
    if ((value.isNegative() ? -1 : 1) === signAtLower) low = x
    else high = x

    const newton = derivative.isZero() ? undefined : x.sub(value.div(derivative))
    const next = newton?.gt(low) && newton.lt(high) ? newton : low.add(high).div(2)
    if (next.sub(x).abs().lte(tolerance) || high.sub(low).lte(tolerance)) {
      return { kind: 'root', x: next, value, iterations: iteration }
    }
    if (iteration >= maxIterations) return { kind: 'max-iterations', x: next, value, iterations: iteration }
    x = next
  }
}
