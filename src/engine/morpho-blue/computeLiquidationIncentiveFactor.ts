import { LIQUIDATION_CURSOR, MAX_LIQUIDATION_INCENTIVE_FACTOR, minBigint, WAD, wDivDown, wMulDown } from './mathLib'

/**
 * The liquidation incentive factor of a market, WAD:
 * `min(MAX_LIQUIDATION_INCENTIVE_FACTOR, WAD.wDivDown(WAD − LIQUIDATION_CURSOR.wMulDown(WAD − lltv)))`,
 * i.e. min(1.15, 1 / (1 − 0.3 × (1 − LLTV))): 1.0438… at 86 % LLTV, 1.0741… at 77 %.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (liquidate)
 * @example computeLiquidationIncentiveFactor(860000000000000000n) // 1043841336116910229n
 */
export function computeLiquidationIncentiveFactor(lltv: bigint): bigint {
  return minBigint(MAX_LIQUIDATION_INCENTIVE_FACTOR, wDivDown(WAD, WAD - wMulDown(LIQUIDATION_CURSOR, WAD - lltv)))
}
