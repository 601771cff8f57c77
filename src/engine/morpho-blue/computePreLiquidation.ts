import { computeLiquidationDistance } from '../computeLiquidationDistance'
import { D, finite, fromRaw, RATIO_NONE } from '../decimal'
import type { PreLiquidationRisk } from '../types'
import { computeHealth } from './computeHealth'
import { computeLiquidationOraclePrice } from './computeLiquidationOraclePrice'
import { ORACLE_PRICE_SCALE } from './mathLib'
import type { MorphoBlueMarketRaw, MorphoBluePositionRaw, MorphoBluePreLiquidation } from './types'

export type ComputePreLiquidationParameters = {
  preLiquidation: MorphoBluePreLiquidation
  /** The market accrued to the evaluation time. */
  market: MorphoBlueMarketRaw
  position: MorphoBluePositionRaw
  /** The `IOracle.price()` the condition is judged with (the pre-liquidation oracle's; see `evaluateMorphoBlue`). */
  oraclePrice: bigint
  /** The market's LLTV, WAD. */
  lltv: bigint
  /** Whether `Morpho._isHealthy` holds (pre-liquidation is refused on a liquidatable position). */
  healthy: boolean
  /** USD per oracle unit ratio: the collateral's USD price is `oraclePrice / 10^decimals × loanPriceUsd`. */
  oraclePriceDecimals: number
  loanPriceUsd: D
}

/**
 * The pre-liquidation level of a Morpho Blue position, MODELED from the PreLiquidation contract's
 * documented condition and parameters (its sources are not on npm, so no code of it ran here):
 * - a position is pre-liquidatable when `borrowed > collateral.mulDivDown(price, 1e36).wMulDown(preLltv)`
 *   at the pre-liquidation oracle's price, while still healthy at LLTV: `_isHealthy`'s arithmetic with
 *   preLltv in place of LLTV, so the health at preLltv and the price where it starts are computed exactly
 *   as the liquidation ones are (`computeHealth`, `computeLiquidationOraclePrice`);
 * - the close and incentive factors move linearly with the LTV from (preLltv: preLCF1, preLIF1) to
 *   (LLTV: preLCF2, preLIF2), computed in decimals (the contract's own rounding is not modeled).
 *
 * @see https://github.com/morpho-org/pre-liquidation (README: pre-liquidation close factor and incentive factor)
 */
export function computePreLiquidation(p: ComputePreLiquidationParameters): PreLiquidationRisk {
  const { preLiquidation: pre, market, position, oraclePrice, lltv } = p
  const preLltv = BigInt(pre.preLltv)
  const atPre = computeHealth({ market, position, collateralPrice: oraclePrice, lltv: preLltv })
  const preLiquidatable = !atPre.healthy && p.healthy
  const bound = computeLiquidationOraclePrice({
    borrowAssets: atPre.borrowAssets,
    collateral: position.collateral,
    lltv: preLltv,
  })
  const priceUsd = fromRaw(oraclePrice, p.oraclePriceDecimals).mul(p.loanPriceUsd)
  const liquidationPrice: PreLiquidationRisk['liquidationPrice'] = !atPre.healthy
    ? { kind: 'none', reason: 'already-liquidatable' }
    : bound.kind === 'none'
      ? { kind: 'none', reason: bound.reason }
      : computeLiquidationDistance({
          liquidationPriceUsd: fromRaw(bound.oraclePrice, p.oraclePriceDecimals).mul(p.loanPriceUsd),
          priceUsd,
        })
  const [preLCF1, preLCF2, preLIF1, preLIF2] = [pre.preLCF1, pre.preLCF2, pre.preLIF1, pre.preLIF2].map((raw) =>
    fromRaw(BigInt(raw), 18),
  ) as [D, D, D, D]
  let closeFactor: D | null = null
  let incentiveFactor: D | null = null
  const quoted = (position.collateral * oraclePrice) / ORACLE_PRICE_SCALE
  if (preLiquidatable && quoted > 0n && lltv > preLltv) {
    const ltv = new D(atPre.borrowAssets.toString()).div(quoted.toString())
    const lltvFraction = fromRaw(lltv, 18)
    const preLltvFraction = fromRaw(preLltv, 18)
    const along = ltv.sub(preLltvFraction).div(lltvFraction.sub(preLltvFraction))
    closeFactor = preLCF1.add(along.mul(preLCF2.sub(preLCF1)))
    incentiveFactor = preLIF1.add(along.mul(preLIF2.sub(preLIF1)))
  }
  return {
    contract: pre.contract,
    preLltv: fromRaw(preLltv, 18),
    healthFactor: atPre.healthFactor === null ? RATIO_NONE : finite(fromRaw(atPre.healthFactor, 18)),
    preLiquidatable,
    liquidationPrice,
    closeFactor,
    incentiveFactor,
    preLCF1,
    preLCF2,
    preLIF1,
    preLIF2,
    preLiquidationOracle: pre.preLiquidationOracle,
  }
}
