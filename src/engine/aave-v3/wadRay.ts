/**
 * Aave's fixed-point arithmetic on bigint, rounding exactly as the contracts do (half up), and
 * throwing where the contracts revert (uint256 overflow, division by zero). Inputs are unsigned
 * on-chain integers (uint256).
 *
 * - wad: 18 decimals (health factor), ray: 27 decimals (indexes, rates), percentage: basis points
 *   with 2 decimals (`10_000` = 100.00%: ltv, liquidation threshold, bonus, close factor).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/math/WadRayMath.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/math/PercentageMath.sol
 */

export const WAD = 10n ** 18n
export const HALF_WAD = WAD / 2n
export const RAY = 10n ** 27n
export const HALF_RAY = RAY / 2n
export const WAD_RAY_RATIO = 10n ** 9n
/** 100.00% in basis points. */
export const PERCENTAGE_FACTOR = 10_000n
export const HALF_PERCENTAGE_FACTOR = PERCENTAGE_FACTOR / 2n
export const MAX_UINT256 = (1n << 256n) - 1n

function checked(value: bigint, operation: string): bigint {
  if (value > MAX_UINT256) throw new RangeError(`Aave ${operation} overflows uint256.`)
  return value
}

function nonZero(divisor: bigint, operation: string): bigint {
  if (divisor === 0n) throw new RangeError(`Aave ${operation} divides by zero.`)
  return divisor
}

/**
 * `a × b` in wad, rounded half up: `(a·b + WAD/2) / WAD`.
 * @example wadMul(2_500000000000000000n, 500000000000000000n) // 1.25e18
 */
export function wadMul(a: bigint /* wad */, b: bigint /* wad */): bigint /* wad */ {
  return checked(a * b + HALF_WAD, 'wadMul') / WAD
}

/** `a ÷ b` in wad, rounded half up: `(a·WAD + b/2) / b`. */
export function wadDiv(a: bigint /* wad */, b: bigint /* wad */): bigint /* wad */ {
  nonZero(b, 'wadDiv')
  return checked(a * WAD + b / 2n, 'wadDiv') / b
}

/** `a × b` in ray, rounded half up: `(a·b + RAY/2) / RAY`. */
export function rayMul(a: bigint /* ray */, b: bigint /* ray */): bigint /* ray */ {
  return checked(a * b + HALF_RAY, 'rayMul') / RAY
}

/** `a ÷ b` in ray, rounded half up: `(a·RAY + b/2) / b`. */
export function rayDiv(a: bigint /* ray */, b: bigint /* ray */): bigint /* ray */ {
  nonZero(b, 'rayDiv')
  return checked(a * RAY + b / 2n, 'rayDiv') / b
}

/** Ray to wad, rounded half up (a remainder of exactly half a wad unit rounds up). */
export function rayToWad(a: bigint /* ray */): bigint /* wad */ {
  const quotient = a / WAD_RAY_RATIO
  return a % WAD_RAY_RATIO >= WAD_RAY_RATIO / 2n ? quotient + 1n : quotient
}

/** Wad to ray (exact). */
export function wadToRay(a: bigint /* wad */): bigint /* ray */ {
  return checked(a * WAD_RAY_RATIO, 'wadToRay')
}

/**
 * `value × percentage / 100.00%`, rounded half up.
 * @example percentMul(10n ** 18n, 5_000n) // 0.5e18
 */
export function percentMul(value: bigint, percentage: bigint /* bps */): bigint {
  return checked(value * percentage + HALF_PERCENTAGE_FACTOR, 'percentMul') / PERCENTAGE_FACTOR
}

/** `value × 100.00% / percentage`, rounded half up. */
export function percentDiv(value: bigint, percentage: bigint /* bps */): bigint {
  nonZero(percentage, 'percentDiv')
  return checked(value * PERCENTAGE_FACTOR + percentage / 2n, 'percentDiv') / percentage
}

/*
 * Directed rounding (v3.5+: "rounding always in the protocol's favour"), exact integer division
 * rounded down or up instead of half up.
 *
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.5.0/src/contracts/protocol/libraries/math/WadRayMath.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.5.0/docs/3.5/Aave-v3.5-features.md
 */

/** `⌈n / d⌉` for non-negative integers. */
function divCeil(n: bigint, d: bigint): bigint {
  const quotient = n / d
  return n % d === 0n ? quotient : quotient + 1n
}

/** `a × b` in ray, rounded down (`WadRayMath.rayMulFloor`). */
export function rayMulFloor(a: bigint /* ray */, b: bigint /* ray */): bigint /* ray */ {
  return checked(a * b, 'rayMulFloor') / RAY
}

/** `a × b` in ray, rounded up (`WadRayMath.rayMulCeil`). */
export function rayMulCeil(a: bigint /* ray */, b: bigint /* ray */): bigint /* ray */ {
  return divCeil(checked(a * b, 'rayMulCeil'), RAY)
}

/** `a ÷ b` in ray, rounded down (`WadRayMath.rayDivFloor`). */
export function rayDivFloor(a: bigint /* ray */, b: bigint /* ray */): bigint /* ray */ {
  nonZero(b, 'rayDivFloor')
  return checked(a * RAY, 'rayDivFloor') / b
}

/** `a ÷ b` in ray, rounded up (`WadRayMath.rayDivCeil`). */
export function rayDivCeil(a: bigint /* ray */, b: bigint /* ray */): bigint /* ray */ {
  nonZero(b, 'rayDivCeil')
  return divCeil(checked(a * RAY, 'rayDivCeil'), b)
}

/** `value × percentage / 100.00%`, rounded down (`PercentageMath.percentMulFloor`). */
export function percentMulFloor(value: bigint, percentage: bigint /* bps */): bigint {
  return checked(value * percentage, 'percentMulFloor') / PERCENTAGE_FACTOR
}

/** `value × 100.00% / percentage`, rounded up (`PercentageMath.percentDivCeil`). */
export function percentDivCeil(value: bigint, percentage: bigint /* bps */): bigint {
  nonZero(percentage, 'percentDivCeil')
  return divCeil(checked(value * PERCENTAGE_FACTOR, 'percentDivCeil'), percentage)
}

/** `a × b ÷ c`, rounded up (`MathUtils.mulDivCeil`). */
export function mulDivCeil(a: bigint, b: bigint, c: bigint): bigint {
  nonZero(c, 'mulDivCeil')
  return divCeil(checked(a * b, 'mulDivCeil'), c)
}
