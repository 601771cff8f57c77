import type { D } from '../decimal'
import { EngineInputError } from '../errors'

export type FindBracketIllinoisParameters = {
  /** A continuous function with f(lower) < 0 ≤ f(upper) (increasing across the root, or decreasing: only the signs matter). */
  f: (x: D) => D
  lower: D
  upper: D
  fLower: D
  fUpper: D
  /** Stop once the bracket is this narrow (absolute, > 0). */
  width: D
  /**
   * Evaluate only at multiples of this step (> 0), e.g. a token's unit when only whole units matter:
   * each false position is moved to the nearest multiple strictly inside the bracket, and the search
   * stops when there is none (the ends are then one step apart, or the bracket was that narrow).
   */
  step?: D | undefined
  maxIterations?: number | undefined
}

export type FindBracketIllinoisReturnType = {
  /** f(lower) < 0. */
  lower: D
  fLower: D
  /** f(upper) ≥ 0. */
  upper: D
  fUpper: D
  iterations: number
}

/**
 * Narrows a sign-change bracket [lower, upper] to `width` (or until f(upper) = 0 exactly) with the Illinois method (regula falsi
 * whose retained end has its f halved each time it is retained twice): every step keeps the root
 * bracketed, and it converges superlinearly from both sides (order ≈ 1.44), so a function that is
 * linear near its root is bracketed to within rounding in two evaluations: the first false
 * position lands on the root, the second, pulled by the halved far end, steps just across it.
 * Brent's method on the same function keeps one end far away and closes it by bisection, which is
 * why the minimal-amount search (`solveMinimalAmount`), whose slack is usually linear in the
 * amount, uses this one: it needs a narrow bracket, not a point, and with `step` (a token's unit)
 * the bracket's ends are whole units, one unit apart: the answer and the proof that one unit less
 * misses, with no further evaluation.
 *
 * @see https://en.wikipedia.org/wiki/Regula_falsi#The_Illinois_algorithm  (M. Dowell and P. Jarratt, "A modified regula falsi method for computing the root of an equation", BIT 11, 1971)
 * @example
 * findBracketIllinois({ f: (x) => x.mul(3).sub(1), lower: dec('0'), upper: dec('1'), fLower: dec('-1'), fUpper: dec('2'), width: dec('1e-9') })
 * // { lower: 0.33333333333333333…, upper: 0.33333333333333333…, iterations: 2 }
 */
export function findBracketIllinois({
  f,
  lower,
  upper,
  fLower,
  fUpper,
  width,
  step,
  maxIterations = 200,
}: FindBracketIllinoisParameters): FindBracketIllinoisReturnType {
  if (!width.gt(0)) throw new EngineInputError('findBracketIllinois needs a positive width.')
  if (step !== undefined && !step.gt(0)) throw new EngineInputError('findBracketIllinois needs a positive step.')
  if (!fLower.isNegative() || fUpper.isNegative())
    throw new EngineInputError('findBracketIllinois needs f(lower) < 0 ≤ f(upper).')
  // The f values used for interpolation: the real ones, halved at an end retained twice in a row.
  let weightLower = fLower
  let weightUpper = fUpper
  let retained: 'lower' | 'upper' | null = null
  let iteration = 0
  while (upper.sub(lower).abs().gt(width) && iteration < maxIterations) {
    iteration++
    let x = upper.sub(weightUpper.mul(upper.sub(lower)).div(weightUpper.sub(weightLower)))
    // Rounding may put the false position on an end: bisect instead, so the bracket always shrinks.
    if (x.eq(lower) || x.eq(upper)) x = lower.add(upper).div(2)
    if (step !== undefined) {
      const inside = onStepInside(x, lower, upper, step)
      if (inside === null) break
      x = inside
    }
    const fx = f(x)
    if (fx.isNegative()) {
      lower = x
      fLower = fx
      weightLower = fx
      if (retained === 'upper') weightUpper = weightUpper.div(2)
      retained = 'upper'
    } else {
      upper = x
      fUpper = fx
      weightUpper = fx
      if (retained === 'lower') weightLower = weightLower.div(2)
      retained = 'lower'
      // Exactly on the root: `upper` is it, and no false position can move `lower` closer.
      if (fx.isZero()) break
    }
  }
  return { lower, fLower, upper, fUpper, iterations: iteration }
}

/** The multiple of `step` nearest to x strictly between the two ends (in either order), or null when there is none. */
function onStepInside(x: D, a: D, b: D, step: D): D | null {
  const low = a.lt(b) ? a : b
  const high = a.lt(b) ? b : a
  const first = low.div(step).floor().add(1).mul(step)
  const last = high.div(step).ceil().sub(1).mul(step)
  if (first.gt(last)) return null
  const nearest = x.div(step).round().mul(step)
  return nearest.lt(first) ? first : nearest.gt(last) ? last : nearest
}
