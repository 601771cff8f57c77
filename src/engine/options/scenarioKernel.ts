/**
 * The scenario-revaluation kernel of portfolio margin (internal): revalues every option of one
 * underlying on the whole risk matrix, many times per evaluation (the liquidation-price search
 * repeats it at each trial price), so it is built for speed without letting money become a float.
 *
 * - Per option, once: the money coefficients size·DF·F and size·DF·K as exact fixed-point bigints
 *   (integers of 1e-18 USD), and the dimensionless doubles ln(F/K) (`fastLog`), √T and the shocked
 *   volatilities (exact conversions from Decimals).
 * - Per scenario: d₁, d₂ and the probabilities Φ(d) as doubles (`fastNormalCdf`, < 3e-16 absolute,
 *   + − × ÷ only, so bit-identical on every JS engine). Each probability (times the spot ratio for
 *   the forward leg, F' = F·ratio) is rounded to an integer multiple of 2⁻⁵³ and multiplied into
 *   the bigint coefficient; the products are summed exactly.
 * - Per scenario, once: the bigint sum becomes a Decimal (÷ 10¹⁸·2⁵³).
 *
 * Error per option ≤ |coefficient| × ~4e-16 (the probability's own error plus the 2⁻⁵⁴ rounding),
 * as with a 1e-15-accurate Φ in Decimal, at a small fraction of decimal.js's cost.
 *
 * Scenario model: the forward moves with the underlying (F' = F·S'/S, constant basis); volatility
 * shocks apply to each option's own volatility.
 */
import { D, toRaw, ZERO } from '../decimal'
import { fastLog } from './fastLog'
import { fastNormalCdf } from './fastNormalCdf'

/** ln of a Decimal ratio as a double: exact conversion, then the deterministic double logarithm. */
export function lnToNumber(x: D): number {
  return fastLog(x.toNumber())
}

/** Fixed-point decimals of the money coefficients. */
const COEFFICIENT_DECIMALS = 18
/** Probabilities are integers of 2⁻⁵³: this is 2⁵³. */
const PROBABILITY_ONE = 9_007_199_254_740_992
/** The unit of a coefficient × probability product: 10¹⁸ · 2⁵³. */
const PRODUCT_SCALE = new D(10).pow(COEFFICIENT_DECIMALS).mul(PROBABILITY_ONE)

/** One option position, ready to revalue (size included). */
export type OptionKernel =
  | {
      kind: 'live'
      isCall: boolean
      /** size × e^(−rT) × F at the reference spot, in 1e-18 USD. */
      forwardCoefficient: bigint
      /** size × e^(−rT) × K, in 1e-18 USD. */
      strikeCoefficient: bigint
      /** ln(F/K) at the reference spot. */
      logMoneyness: number
      /** √T, T in years. */
      sqrtTime: number
      /** Unshocked volatility. */
      volatility: number
      /** Volatility in each vol-shock scenario, in the order of the grid's shocks. */
      shockedVolatilities: number[]
    }
  | {
      kind: 'expired'
      isCall: boolean
      size: D
      strike: D
    }

export type CreateOptionKernelParameters = {
  size: D
  strike: D
  isCall: boolean
  /** Forward at the reference spot (USD). */
  forward: D
  discountFactor: D
  timeYears: D
  /** √timeYears as a double (shared by every option of the expiry). */
  sqrtTime: number
  volatility: D
  /** Shocked volatilities, one per vol shock, already floored at 0. */
  shockedVolatilities: D[]
}

export function createOptionKernel(parameters: CreateOptionKernelParameters): OptionKernel {
  const { size, strike, isCall, forward, discountFactor, timeYears } = parameters
  if (timeYears.isZero()) return { kind: 'expired', isCall, size, strike }
  return {
    kind: 'live',
    isCall,
    forwardCoefficient: toRaw(size.mul(discountFactor).mul(forward), COEFFICIENT_DECIMALS),
    strikeCoefficient: toRaw(size.mul(discountFactor).mul(strike), COEFFICIENT_DECIMALS),
    logMoneyness: lnToNumber(forward.div(strike)),
    sqrtTime: parameters.sqrtTime,
    volatility: parameters.volatility.toNumber(),
    shockedVolatilities: parameters.shockedVolatilities.map((volatility) => volatility.toNumber()),
  }
}

/** One price level: spot' = reference spot × spotRatio. */
export type KernelPricePoint = {
  /** spot'/reference spot. */
  spotRatio: D
  /** ln(spotRatio) as a double. */
  logSpotRatio: number
}

/** A dimensionless weight (probability, or probability × spot ratio) as an integer of 2⁻⁵³. */
function weight(value: number): bigint {
  return BigInt(Math.round(value * PROBABILITY_ONE))
}

/** Position value of a live option in units of 1e-18 USD × 2⁻⁵³: Black's formula with F' = F·ratio. */
function liveValue(
  kernel: Extract<OptionKernel, { kind: 'live' }>,
  ratio: number,
  logRatio: number,
  volatility: number,
): bigint {
  const x = kernel.logMoneyness + logRatio
  const totalVolatility = volatility * kernel.sqrtTime
  // σ√T = 0 is the deterministic limit: Φ(±∞) in/out of the money, Φ(0) = ½ at the money.
  const d1 = totalVolatility > 0 ? x / totalVolatility + totalVolatility / 2 : x > 0 ? Infinity : x < 0 ? -Infinity : 0
  const d2 = totalVolatility > 0 ? d1 - totalVolatility : d1
  if (kernel.isCall) {
    return (
      kernel.forwardCoefficient * weight(ratio * fastNormalCdf(d1)) -
      kernel.strikeCoefficient * weight(fastNormalCdf(d2))
    )
  }
  return (
    kernel.strikeCoefficient * weight(fastNormalCdf(-d2)) -
    kernel.forwardCoefficient * weight(ratio * fastNormalCdf(-d1))
  )
}

function expiredValue(kernel: Extract<OptionKernel, { kind: 'expired' }>, spot: D): D {
  const intrinsic = kernel.isCall ? spot.sub(kernel.strike) : kernel.strike.sub(spot)
  return intrinsic.gt(0) ? kernel.size.mul(intrinsic) : ZERO
}

export type RevalueOptionsParameters = {
  kernels: readonly OptionKernel[]
  /** The reference spot the kernels were built at (USD). */
  referenceSpot: D
  /** The unshocked state. */
  base: KernelPricePoint
  /** Scenario price points, each revalued under every vol shock. */
  points: readonly KernelPricePoint[]
  /** Number of vol shocks (the length of every kernel's `shockedVolatilities`). */
  shockCount: number
}

export type RevalueOptionsReturnType = {
  /** Σ position values at `base`, unshocked, USD. */
  baseValue: D
  /** Σ position values per scenario, point-major: scenarioValues[i × shockCount + j], USD. */
  scenarioValues: D[]
}

/** Revalues a set of option positions at a base state and on a grid of price points × vol shocks. */
export function revalueOptions({
  kernels,
  referenceSpot,
  base,
  points,
  shockCount,
}: RevalueOptionsParameters): RevalueOptionsReturnType {
  const ratios = points.map((point) => point.spotRatio.toNumber())
  const baseRatio = base.spotRatio.toNumber()
  let liveBase = 0n
  const live: bigint[] = new Array<bigint>(points.length * shockCount).fill(0n)
  let expiredBase = ZERO
  const expired: D[] = new Array<D>(points.length * shockCount).fill(ZERO)
  for (const kernel of kernels) {
    if (kernel.kind === 'expired') {
      expiredBase = expiredBase.add(expiredValue(kernel, referenceSpot.mul(base.spotRatio)))
      points.forEach((point, i) => {
        const value = expiredValue(kernel, referenceSpot.mul(point.spotRatio))
        for (let j = 0; j < shockCount; j++) expired[i * shockCount + j] = (expired[i * shockCount + j] as D).add(value)
      })
      continue
    }
    liveBase += liveValue(kernel, baseRatio, base.logSpotRatio, kernel.volatility)
    points.forEach((point, i) => {
      const ratio = ratios[i] as number
      kernel.shockedVolatilities.forEach((volatility, j) => {
        const index = i * shockCount + j
        live[index] = (live[index] as bigint) + liveValue(kernel, ratio, point.logSpotRatio, volatility)
      })
    })
  }
  // The sum is exact in units of 10⁻¹⁸ · 2⁻⁵³ USD; its binary tail (…064453125) is below the kernel's accuracy, so
  // it is cut at 10⁻¹⁸ USD rather than carried into every figure as a float artefact.
  const toUsd = (value: bigint): D =>
    new D(value.toString()).div(PRODUCT_SCALE).toDecimalPlaces(COEFFICIENT_DECIMALS, D.ROUND_HALF_EVEN)
  return {
    baseValue: toUsd(liveBase).add(expiredBase),
    scenarioValues: live.map((value, index) => toUsd(value).add(expired[index] as D)),
  }
}
