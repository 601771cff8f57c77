/**
 * Morpho Blue's fixed-point and share arithmetic, as bigint: the exact integer operations of the
 * contract's libraries, so every figure built on them rounds where the contract rounds.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/libraries/MathLib.sol
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/libraries/SharesMathLib.sol
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/libraries/ConstantsLib.sol
 */

/** `MathLib.WAD`. */
export const WAD = 10n ** 18n
/** `ConstantsLib.ORACLE_PRICE_SCALE`: `IOracle.price()` is scaled by 1e36. */
export const ORACLE_PRICE_SCALE = 10n ** 36n
/** `ConstantsLib.LIQUIDATION_CURSOR` (0.3, WAD). */
export const LIQUIDATION_CURSOR = 3n * 10n ** 17n
/** `ConstantsLib.MAX_LIQUIDATION_INCENTIVE_FACTOR` (1.15, WAD). */
export const MAX_LIQUIDATION_INCENTIVE_FACTOR = 115n * 10n ** 16n
/** `ConstantsLib.MAX_FEE` (0.25, WAD). */
export const MAX_FEE = 25n * 10n ** 16n
/** `SharesMathLib.VIRTUAL_SHARES`. */
export const VIRTUAL_SHARES = 10n ** 6n
/** `SharesMathLib.VIRTUAL_ASSETS`. */
export const VIRTUAL_ASSETS = 1n

/** `MathLib.mulDivDown`: (x × y) / d, rounded down. */
export function mulDivDown(x: bigint, y: bigint, d: bigint): bigint {
  return (x * y) / d
}

/** `MathLib.mulDivUp`: (x × y + d − 1) / d, rounded up. */
export function mulDivUp(x: bigint, y: bigint, d: bigint): bigint {
  return (x * y + (d - 1n)) / d
}

/** `MathLib.wMulDown`. */
export function wMulDown(x: bigint, y: bigint): bigint {
  return mulDivDown(x, y, WAD)
}

/** `MathLib.wDivDown`. */
export function wDivDown(x: bigint, y: bigint): bigint {
  return mulDivDown(x, WAD, y)
}

/** `MathLib.wDivUp`. */
export function wDivUp(x: bigint, y: bigint): bigint {
  return mulDivUp(x, WAD, y)
}

/**
 * `MathLib.wTaylorCompounded`: e^(x × n) − 1 by its first three Taylor terms, WAD. `x` is a rate
 * per second (WAD), `n` seconds.
 */
export function wTaylorCompounded(x: bigint, n: bigint): bigint {
  const firstTerm = x * n
  const secondTerm = mulDivDown(firstTerm, firstTerm, 2n * WAD)
  const thirdTerm = mulDivDown(secondTerm, firstTerm, 3n * WAD)
  return firstTerm + secondTerm + thirdTerm
}

/** `SharesMathLib.toSharesDown`. */
export function toSharesDown(assets: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return mulDivDown(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS)
}

/** `SharesMathLib.toAssetsDown`. */
export function toAssetsDown(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return mulDivDown(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES)
}

/** `SharesMathLib.toSharesUp`. */
export function toSharesUp(assets: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return mulDivUp(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS)
}

/** `SharesMathLib.toAssetsUp`. */
export function toAssetsUp(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return mulDivUp(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES)
}

/** `UtilsLib.min`. */
export function minBigint(x: bigint, y: bigint): bigint {
  return x < y ? x : y
}

/** `UtilsLib.zeroFloorSub`: max(x − y, 0). */
export function zeroFloorSub(x: bigint, y: bigint): bigint {
  return x > y ? x - y : 0n
}
