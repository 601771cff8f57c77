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
import { roughNormalCdf } from './roughNormalCdf'

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
      /** The two coefficients as doubles, USD: for `approximateOptionValues` only, never for a reported figure. */
      forwardCoefficientApprox: number
      strikeCoefficientApprox: number
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
      /** size and strike as doubles, for `approximateOptionValues`. */
      sizeApprox: number
      strikeApprox: number
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
  if (timeYears.isZero()) {
    return { kind: 'expired', isCall, size, strike, sizeApprox: size.toNumber(), strikeApprox: strike.toNumber() }
  }
  const forwardCoefficient = size.mul(discountFactor).mul(forward)
  const strikeCoefficient = size.mul(discountFactor).mul(strike)
  return {
    kind: 'live',
    isCall,
    forwardCoefficient: toRaw(forwardCoefficient, COEFFICIENT_DECIMALS),
    strikeCoefficient: toRaw(strikeCoefficient, COEFFICIENT_DECIMALS),
    forwardCoefficientApprox: forwardCoefficient.toNumber(),
    strikeCoefficientApprox: strikeCoefficient.toNumber(),
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

type LiveKernel = Extract<OptionKernel, { kind: 'live' }>

/** Black's d₁ and d₂ with F' = F·ratio; σ√T = 0 is the deterministic limit (Φ(±∞) in/out of the money, Φ(0) = ½ at the money). */
function dTerms(kernel: LiveKernel, logRatio: number, volatility: number): [number, number] {
  const x = kernel.logMoneyness + logRatio
  const totalVolatility = volatility * kernel.sqrtTime
  const d1 = totalVolatility > 0 ? x / totalVolatility + totalVolatility / 2 : x > 0 ? Infinity : x < 0 ? -Infinity : 0
  return [d1, totalVolatility > 0 ? d1 - totalVolatility : d1]
}

/** Position value of a live option in units of 1e-18 USD × 2⁻⁵³: Black's formula with F' = F·ratio. */
function liveValue(kernel: LiveKernel, ratio: number, logRatio: number, volatility: number): bigint {
  const [d1, d2] = dTerms(kernel, logRatio, volatility)
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

/** The same value in double USD with a rough Φ (`roughNormalCdf`): for `approximateOptionValues`. */
function liveValueApprox(kernel: LiveKernel, ratio: number, logRatio: number, volatility: number): number {
  const [d1, d2] = dTerms(kernel, logRatio, volatility)
  if (kernel.isCall) {
    return (
      kernel.forwardCoefficientApprox * ratio * roughNormalCdf(d1) - kernel.strikeCoefficientApprox * roughNormalCdf(d2)
    )
  }
  return (
    kernel.strikeCoefficientApprox * roughNormalCdf(-d2) - kernel.forwardCoefficientApprox * ratio * roughNormalCdf(-d1)
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
  /** Revalue under this one vol shock only (its index in the grid): `scenarioValues` then has one entry per point. */
  shockIndex?: number | undefined
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
  shockCount: gridShockCount,
  shockIndex,
}: RevalueOptionsParameters): RevalueOptionsReturnType {
  const shockCount = shockIndex === undefined ? gridShockCount : 1
  const firstShock = shockIndex ?? 0
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
      for (let j = 0; j < shockCount; j++) {
        const index = i * shockCount + j
        const volatility = kernel.shockedVolatilities[firstShock + j] as number
        live[index] = (live[index] as bigint) + liveValue(kernel, ratio, point.logSpotRatio, volatility)
      }
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

export type ApproximateOptionValuesParameters = {
  kernels: readonly OptionKernel[]
  /** The reference spot the kernels were built at, USD, as a double. */
  referenceSpot: number
  /** The unshocked state: spot'/reference and its logarithm. */
  baseRatio: number
  baseLogRatio: number
  /** Scenario price points as spot'/reference and ln of it, each revalued under every vol shock. */
  ratios: readonly number[]
  logRatios: readonly number[]
  shockCount: number
  /** Revalue under this one vol shock only (its index in the grid), as in `revalueOptions`. */
  shockIndex?: number | undefined
}

export type ApproximateOptionValuesReturnType = {
  /** Σ position values at the base, unshocked, USD (double). */
  baseValue: number
  /** Σ position values per scenario, point-major, USD (double). */
  scenarioValues: Float64Array
}

/**
 * `revalueOptions` in plain doubles with a rough Φ (`roughNormalCdf`, ±7.5e-8): each option's value
 * is within (|size·DF·F|·ratio + |size·DF·K|) × 7.5e-8 (+ double rounding) of the exact one. ~20×
 * cheaper than the exact kernel; for ranking scenarios, never for a reported value.
 */
export function approximateOptionValues({
  kernels,
  referenceSpot,
  baseRatio,
  baseLogRatio,
  ratios,
  logRatios,
  shockCount: gridShockCount,
  shockIndex,
}: ApproximateOptionValuesParameters): ApproximateOptionValuesReturnType {
  const shockCount = shockIndex === undefined ? gridShockCount : 1
  const firstShock = shockIndex ?? 0
  let baseValue = 0
  const scenarioValues = new Float64Array(ratios.length * shockCount)
  for (const kernel of kernels) {
    if (kernel.kind === 'expired') {
      const intrinsic = (spot: number) =>
        Math.max(kernel.isCall ? spot - kernel.strikeApprox : kernel.strikeApprox - spot, 0) * kernel.sizeApprox
      baseValue += intrinsic(referenceSpot * baseRatio)
      for (let i = 0; i < ratios.length; i++) {
        const value = intrinsic(referenceSpot * (ratios[i] as number))
        for (let j = 0; j < shockCount; j++)
          scenarioValues[i * shockCount + j] = (scenarioValues[i * shockCount + j] as number) + value
      }
      continue
    }
    baseValue += liveValueApprox(kernel, baseRatio, baseLogRatio, kernel.volatility)
    for (let i = 0; i < ratios.length; i++) {
      for (let j = 0; j < shockCount; j++) {
        const index = i * shockCount + j
        scenarioValues[index] =
          (scenarioValues[index] as number) +
          liveValueApprox(
            kernel,
            ratios[i] as number,
            logRatios[i] as number,
            kernel.shockedVolatilities[firstShock + j] as number,
          )
      }
    }
  }
  return { baseValue, scenarioValues }
}
