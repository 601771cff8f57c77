import { D, ONE } from '../decimal'
import { EngineInputError } from '../errors'

export type FindRootBrentParameters = {
  /** A continuous function with f(lower) and f(upper) of opposite signs (or one of them zero). */
  f: (x: D) => D
  lower: D
  upper: D
  /** f(lower) / f(upper) when the caller already has them (saves two evaluations). */
  fLower?: D | undefined
  fUpper?: D | undefined
  /** Absolute tolerance on x: stops once the root is known within ±tolerance. Must be > 0. */
  tolerance: D
  maxIterations?: number | undefined
}

export type FindRootBrentReturnType =
  | { kind: 'root'; x: D; fx: D; iterations: number }
  | { kind: 'not-bracketed'; fLower: D; fUpper: D }
  | { kind: 'max-iterations'; x: D; fx: D; iterations: number }

/** Keeps Brent's relative term (2·ε·|b|) meaningful at the engine's precision. */
const EPSILON = new D('1e-50')

/**
 * Brent's method: inverse quadratic interpolation or secant steps while they make progress,
 * bisection otherwise, so it converges superlinearly on smooth functions and never slower than
 * bisection. Works on Decimals end to end.
 *
 * @see https://en.wikipedia.org/wiki/Brent%27s_method  (R. P. Brent, Algorithms for Minimization without Derivatives, 1973, ch. 4)
 * @example
 * findRootBrent({ f: (x) => x.mul(x).sub(2), lower: dec('0'), upper: dec('2'), tolerance: dec('1e-30') })
 * // { kind: 'root', x: 1.41421356237309504880168872420969807..., ... }
 */
export function findRootBrent({
  f,
  lower,
  upper,
  fLower,
  fUpper,
  tolerance,
  maxIterations = 200,
}: FindRootBrentParameters): FindRootBrentReturnType {
  if (!tolerance.gt(0)) throw new EngineInputError('findRootBrent needs a positive tolerance.')
  // b is the best estimate, a the previous one, c the point that keeps the root bracketed with b.
  let a = lower
  let fa = fLower ?? f(lower)
  let b = upper
  let fb = fUpper ?? f(upper)
  if (fa.isZero()) return { kind: 'root', x: a, fx: fa, iterations: 0 }
  if (fb.isZero()) return { kind: 'root', x: b, fx: fb, iterations: 0 }
  if (fa.isNegative() === fb.isNegative()) return { kind: 'not-bracketed', fLower: fa, fUpper: fb }

  let c = a
  let fc = fa
  let step = b.sub(a)
  let previousStep = step
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (fb.isNegative() === fc.isNegative()) {
      c = a
      fc = fa
      step = b.sub(a)
      previousStep = step
    }
    if (fc.abs().lt(fb.abs())) {
      a = b
      b = c
      c = a
      fa = fb
      fb = fc
      fc = fa
    }
    const tol = EPSILON.mul(b.abs()).mul(2).add(tolerance.div(2))
    const half = c.sub(b).div(2)
    if (half.abs().lte(tol) || fb.isZero()) return { kind: 'root', x: b, fx: fb, iterations: iteration }

    if (previousStep.abs().gte(tol) && fa.abs().gt(fb.abs())) {
      // Try interpolation: p/q is the proposed step from b.
      const s = fb.div(fa)
      let p: D
      let q: D
      if (a.eq(c)) {
        p = half.mul(2).mul(s)
        q = ONE.sub(s)
      } else {
        const qa = fa.div(fc)
        const r = fb.div(fc)
        p = s.mul(
          half
            .mul(2)
            .mul(qa)
            .mul(qa.sub(r))
            .sub(b.sub(a).mul(r.sub(1))),
        )
        q = qa.sub(1).mul(r.sub(1)).mul(s.sub(1))
      }
      if (p.isPositive()) q = q.neg()
      else p = p.neg()
      // Accept it only if it stays well inside the bracket and shrinks faster than bisection would.
      const limit = D.min(half.mul(3).mul(q).sub(tol.mul(q).abs()), previousStep.mul(q).abs())
      if (p.mul(2).lt(limit)) {
        previousStep = step
        step = p.div(q)
      } else {
        step = half
        previousStep = half
      }
    } else {
      step = half
      previousStep = half
    }
    a = b
    fa = fb
    b = step.abs().gt(tol) ? b.add(step) : b.add(half.isNegative() ? tol.neg() : tol)
    fb = f(b)
  }
  return { kind: 'max-iterations', x: b, fx: fb, iterations: maxIterations }
}
