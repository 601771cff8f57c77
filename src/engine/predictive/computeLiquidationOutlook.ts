import { D, type DecimalString, dec, ONE, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import { SECONDS_PER_YEAR } from '../math/constants'
import { secondsToYears } from '../math/secondsToYears'
import { fastNormalCdf } from '../options/fastNormalCdf'
import type { FirstPassageTime } from './computeExpectedTimeToLiquidation'
import { describeFirstPassage, everTouchProbability, firstPassageProbability } from './firstPassage'

/**
 * One risk factor (an underlying) and the band of its moves inside which the margin account (or
 * the portfolio) survives, all other prices fixed.
 */
export type LiquidationFactor = {
  underlying: string
  /** Annualised volatility σ ≥ 0, fraction. */
  volatility: D | DecimalString
  /** The fall that liquidates, a fraction in (−1, 0); null when no fall does. */
  down: D | null
  /** The rise that liquidates, a fraction > 0; null when no rise does. */
  up: D | null
}

export type ComputeLiquidationOutlookParameters = {
  factors: readonly LiquidationFactor[]
  /** Horizons, seconds (years of 365 × 86 400 s). */
  horizonsSec: readonly number[]
  /** Liquidatable now: probability 1 at every horizon, times 0. */
  liquidatableNow: boolean
  /** Annualised drift μ of every price, fraction; default 0. */
  drift?: D | DecimalString | undefined
}

export type ComputeLiquidationOutlookReturnType = {
  /** P(liquidated within the horizon), per horizon, in the order given. */
  probabilities: { horizonSec: number; probability: D }[]
  /** P(liquidated ever). */
  probabilityEver: D
  /** E[τ], seconds; infinite when τ may be infinite or its mean diverges. */
  expected: FirstPassageTime
  /** The time by which P(τ ≤ t) = ½, seconds; infinite when P(τ < ∞) < ½. */
  median: FirstPassageTime
}

const INFINITE: FirstPassageTime = { kind: 'infinite' }
const HALF = new D('0.5')
const ZERO_TIME: FirstPassageTime = { kind: 'finite', seconds: ZERO }
/** Survival below this is treated as 0 when integrating E[τ] (its tail is exponentially small). */
const TAIL = 1e-20
/** Points of the trapezoid rule for E[τ] over log time. */
const INTEGRATION_POINTS = 600

/**
 * Probability of liquidation within each horizon and the expected and median time to it, for a
 * margin account or a portfolio whose liquidation is described by one band per underlying.
 *
 * Model (each assumption is one the API states in its schema):
 * - each underlying follows GBM with constant σ and drift μ (default 0), watched continuously, no
 *   jumps (`firstPassage.ts`); stable underlyings are not factors (they keep their price);
 * - a factor's band is computed with every other price fixed; liquidation is the first time any
 *   factor leaves its band;
 * - distinct underlyings move independently (correlation between them is not modelled), so the
 *   survival is the product Π Sᵤ(t); one underlying is one factor everywhere (ETH on Aave and on
 *   Hyperliquid move together), which the caller expresses by intersecting the bands before
 *   calling (`intersectBands`).
 *
 * Per factor: a one-sided band uses the inverse-Gaussian first passage (`firstPassage.ts`); a
 * two-sided band the exit law of Brownian motion with drift from an interval (eigenfunction series,
 * `doubleBarrierSurvival`). E[τ] is in closed form for one factor, else ∫₀^∞ Π Sᵤ(t) dt by the
 * trapezoid rule over log time (finite when one factor's own mean is); the median is the root of
 * Π Sᵤ(t) = ½ by bisection. Both run in doubles (probabilities and times, never money).
 *
 * @see https://en.wikipedia.org/wiki/Inverse_Gaussian_distribution
 * @see Borodin & Salminen, Handbook of Brownian Motion (2002), part II, 1.15.8 (exit from an interval)
 * @example
 * computeLiquidationOutlook({ factors: [{ underlying: 'ETH', volatility: '0.8', down: D('-0.2'), up: null }], horizonsSec: [86_400], liquidatableNow: false })
 */
export function computeLiquidationOutlook({
  factors,
  horizonsSec,
  liquidatableNow,
  drift = ZERO,
}: ComputeLiquidationOutlookParameters): ComputeLiquidationOutlookReturnType {
  if (liquidatableNow)
    return {
      probabilities: horizonsSec.map((horizonSec) => ({ horizonSec, probability: ONE })),
      probabilityEver: ONE,
      expected: ZERO_TIME,
      median: ZERO_TIME,
    }
  const laws = factors.flatMap((factor) => lawOf(factor, dec(drift)))
  const survival = (years: D) => laws.reduce((product, law) => product.mul(law.survival(years)), ONE)
  const probabilities = horizonsSec.map((horizonSec) => ({
    horizonSec,
    probability: clamp(ONE.sub(survival(secondsToYears(horizonSec)))),
  }))
  const neverSurvival = laws.reduce((product, law) => product.mul(ONE.sub(law.ever)), ONE)
  const probabilityEver = clamp(ONE.sub(neverSurvival))
  if (laws.length === 0) return { probabilities, probabilityEver, expected: INFINITE, median: INFINITE }
  return { probabilities, probabilityEver, expected: expectedOf(laws), median: medianOf(laws) }
}

/** What the outlook needs of one factor's first exit time τᵤ. */
type FactorLaw = {
  /** P(τᵤ > t), t in years. */
  survival: (years: D) => D
  /** The same in doubles, for the many evaluations of the E[τ] integral and the median search. */
  survivalFast: (years: number) => number
  /** P(τᵤ < ∞). */
  ever: D
  /** E[τᵤ] in years, or null when infinite. */
  mean: D | null
  /** A time scale (years) to start bracketing from. */
  scale: D
}

function lawOf({ volatility, down, up }: LiquidationFactor, drift: D): FactorLaw[] {
  const sigma = dec(volatility)
  if (sigma.lt(0)) throw new EngineInputError(`Volatility must be ≥ 0, got ${sigma.toString()}.`)
  if (down !== null && !(down.lt(0) && down.gt(-1))) throw new EngineInputError('A fall must be in (−1, 0).')
  if (up !== null && !up.gt(0)) throw new EngineInputError('A rise must be > 0.')
  const sides = [down, up].filter((move) => move !== null)
  if (sides.length === 0) return []
  const setups = sides.map((move) =>
    describeFirstPassage({ spot: ONE, barrier: ONE.add(move), volatility: sigma, drift }),
  )
  if (setups.length === 1) {
    const setup = setups[0] as (typeof setups)[number]
    return [
      {
        survival: (years) => ONE.sub(firstPassageProbability(setup, years)),
        survivalFast: (years) => 1 - firstPassageFast(setup, years),
        ever: everTouchProbability(setup),
        // Inverse-Gaussian mean β/η, finite when the log drift heads to the barrier (computeExpectedTimeToLiquidation).
        mean: setup.towardDrift.gt(0) ? setup.distance.div(setup.towardDrift) : null,
        scale: sigma.isZero() ? ONE : setup.distance.div(sigma).pow(2),
      },
    ]
  }
  const a = ONE.add(down as D).ln()
  const b = ONE.add(up as D).ln()
  const nu = drift.sub(sigma.mul(sigma).div(2))
  const [lower, upper] = setups as [(typeof setups)[number], (typeof setups)[number]]
  if (sigma.isZero()) {
    // Deterministic path: the log price moves at ν per year and exits when it reaches a or b.
    const exit = nu.isZero() ? null : nu.isNegative() ? a.div(nu) : b.div(nu)
    return [
      {
        survival: (years) => (exit !== null && years.gte(exit) ? ZERO : ONE),
        survivalFast: (years) => (exit !== null && years >= exit.toNumber() ? 0 : 1),
        ever: exit === null ? ZERO : ONE,
        mean: exit,
        scale: exit ?? ONE,
      },
    ]
  }
  return [
    {
      survival: (years) => new D(doubleBarrierSurvival({ a, b, sigma, nu, years: years.toNumber(), lower, upper })),
      survivalFast: (years) => doubleBarrierSurvival({ a, b, sigma, nu, years, lower, upper }),
      ever: ONE,
      mean: meanExitTime(a, b, sigma, nu),
      scale: min(a.abs(), b).div(sigma).pow(2),
    },
  ]
}

/**
 * E[τ] for X = νt + σW leaving (a, b), a < 0 < b: by optional stopping E[X_τ] = ν·E[τ], with
 * P(exit at b) from the scale function s(x) = e^(−2νx/σ²); −ab/σ² when ν = 0.
 *
 * @see Karlin & Taylor, A Second Course in Stochastic Processes (1981), §15.3
 */
function meanExitTime(a: D, b: D, sigma: D, nu: D): D {
  const variance = sigma.mul(sigma)
  if (nu.isZero()) return a.mul(b).neg().div(variance)
  const s = (x: D) => nu.mul(x).mul(-2).div(variance).exp()
  const upper = ONE.sub(s(a)).div(s(b).sub(s(a)))
  return upper.mul(b).add(ONE.sub(upper).mul(a)).div(nu)
}

type DoubleBarrierParameters = {
  a: D
  b: D
  sigma: D
  nu: D
  years: number
  lower: ReturnType<typeof describeFirstPassage>
  upper: ReturnType<typeof describeFirstPassage>
}

/** Terms beyond this and the horizon is so short against the band that the two sides cannot both matter. */
const MAX_TERMS = 4000

/**
 * P(X stays in (a, b) until t) for X = νt + σW, X₀ = 0: the killed density's eigenfunction series
 * (Girsanov factor e^(c(y−y₀) − ν²t/(2σ²)), c = ν/σ², times the driftless sine series on (0, L)),
 * integrated over the interval in closed form:
 *
 *   S(t) = e^(−c·y₀ − ν²t/(2σ²)) · (2/L) · Σₙ sin(kₙy₀) · e^(−σ²kₙ²t/2) · kₙ(1 − (−1)ⁿe^(cL)) / (c² + kₙ²),
 *   L = b − a, y₀ = −a, kₙ = nπ/L.
 *
 * Summed in floating point (a probability, not money) until the terms fall below e^(−60). When that
 * would take more than MAX_TERMS terms (a horizon tiny against the band), the two sides are
 * practically exclusive and S = 1 − P(touch a) − P(touch b) is used instead.
 */
function doubleBarrierSurvival({ a, b, sigma, nu, years, lower, upper }: DoubleBarrierParameters): number {
  if (!(years > 0)) return 1
  const t = years
  const s = sigma.toNumber()
  const v = nu.toNumber()
  const L = b.sub(a).toNumber()
  const y0 = a.neg().toNumber()
  const c = v / (s * s)
  const terms = Math.ceil((L / Math.PI) * Math.sqrt(120 / (s * s * t))) + 2
  if (terms <= MAX_TERMS) {
    const growth = Math.exp(c * L)
    let sum = 0
    for (let n = 1; n <= terms; n++) {
      const k = (n * Math.PI) / L
      const sign = n % 2 === 0 ? 1 : -1
      sum += Math.sin(k * y0) * Math.exp((-s * s * k * k * t) / 2) * ((k * (1 - sign * growth)) / (c * c + k * k))
    }
    const value = Math.exp(-c * y0 - (v * v * t) / (2 * s * s)) * (2 / L) * sum
    if (Number.isFinite(value)) return clampFast(value)
  }
  return clampFast(1 - firstPassageFast(lower, years) - firstPassageFast(upper, years))
}

/**
 * `firstPassageProbability` in doubles (Φ from the options kernel's `fastNormalCdf`, absolute error
 * < 3e-16): a probability, never money. Used where the outlook evaluates the survival hundreds of
 * times (E[τ], the median); the horizon probabilities use the Decimal formula.
 */
function firstPassageFast(setup: ReturnType<typeof describeFirstPassage>, years: number): number {
  const beta = setup.distance.toNumber()
  const eta = setup.towardDrift.toNumber()
  const sigma = setup.volatility.toNumber()
  if (beta === 0) return 1
  if (!(years > 0)) return 0
  if (sigma === 0) return eta * years >= beta ? 1 : 0
  const spread = sigma * Math.sqrt(years)
  const direct = fastNormalCdf((-beta + eta * years) / spread)
  const reflected = Math.exp((2 * eta * beta) / (sigma * sigma)) * fastNormalCdf((-beta - eta * years) / spread)
  return clampFast(direct + (Number.isFinite(reflected) ? reflected : 0))
}

const clampFast = (p: number): number => Math.min(Math.max(p, 0), 1)

/** E[min τᵤ]: closed form for one factor, else ∫₀^∞ Π Sᵤ(t) dt (finite when some factor's own mean is). */
function expectedOf(laws: readonly FactorLaw[]): FirstPassageTime {
  const finiteLaws = laws.filter((law) => law.mean !== null)
  if (finiteLaws.length === 0) return INFINITE
  const [only] = laws
  if (laws.length === 1 && only?.mean) return { kind: 'finite', seconds: only.mean.mul(SECONDS_PER_YEAR) }
  const survival = (years: number) => laws.reduce((product, law) => product * law.survivalFast(years), 1)
  // The integrand is bounded by the survival of a factor with a finite mean, whose tail decays
  // exponentially: integrate up to where that survival is negligible.
  const bound = finiteLaws.reduce((best, law) => ((law.mean as D).lt(best.mean as D) ? law : best))
  let end = (bound.mean as D).mul(4).add(bound.scale).toNumber()
  for (let i = 0; i < 200 && bound.survivalFast(end) > TAIL; i++) end *= 2
  const start = Math.min(...laws.map((law) => law.scale.toNumber()), end) * 1e-9
  // Trapezoid rule on t = e^u: ∫ S(e^u)·e^u du, plus ∫₀^start S dt ≈ start (S ≈ 1 there).
  const u0 = Math.log(start)
  const step = (Math.log(end) - u0) / INTEGRATION_POINTS
  let total = start
  let previous = survival(start) * start
  for (let i = 1; i <= INTEGRATION_POINTS; i++) {
    const t = Math.exp(u0 + step * i)
    const value = survival(t) * t
    total += ((previous + value) * step) / 2
    previous = value
  }
  return { kind: 'finite', seconds: new D(total).mul(SECONDS_PER_YEAR) }
}

/** The t with Π Sᵤ(t) = ½ (bisection in doubles to a relative 1e-12); infinite when P(τ < ∞) < ½. */
function medianOf(laws: readonly FactorLaw[]): FirstPassageTime {
  const never = laws.reduce((product, law) => product.mul(ONE.sub(law.ever)), ONE)
  if (never.gt(HALF)) return INFINITE
  const survival = (years: number) => laws.reduce((product, law) => product * law.survivalFast(years), 1)
  let upper = Math.min(...laws.map((law) => law.scale.toNumber()))
  if (!(upper > 0) || !Number.isFinite(upper)) upper = 1
  for (let i = 0; survival(upper) > 0.5; i++) {
    if (i === 200) return INFINITE
    upper *= 4
  }
  let lower = 0
  while (upper - lower > upper * 1e-12) {
    const middle = (lower + upper) / 2
    if (survival(middle) > 0.5) lower = middle
    else upper = middle
  }
  return { kind: 'finite', seconds: new D(upper).mul(SECONDS_PER_YEAR) }
}

/**
 * One band per underlying for a set of margin accounts that must all survive (a portfolio): the
 * same underlying is one factor, so its band is the intersection (the nearest fall, the nearest
 * rise) of every margin account's band on it.
 */
export function intersectBands(
  bands: readonly { underlying: string; down: D | null; up: D | null }[],
): Map<string, { down: D | null; up: D | null }> {
  const out = new Map<string, { down: D | null; up: D | null }>()
  for (const { underlying, down, up } of bands) {
    const current = out.get(underlying) ?? { down: null, up: null }
    out.set(underlying, {
      down: down === null ? current.down : current.down === null || down.gt(current.down) ? down : current.down,
      up: up === null ? current.up : current.up === null || up.lt(current.up) ? up : current.up,
    })
  }
  return out
}

const clamp = (p: D): D => (p.lt(0) ? ZERO : p.gt(1) ? ONE : p)
const min = (...values: D[]): D => values.reduce((a, b) => (b.lt(a) ? b : a))
