import { computeLiquidationDistance } from '../computeLiquidationDistance'
import { D, finite, fromRaw, ONE, RATIO_NONE, ZERO } from '../decimal'
import { identifyPositions } from '../identifyPositions'
import { linearPosition, ratioOrInfinite } from '../linearPosition'
import { reportIdentity } from '../reportIdentity'
import type { LiquidationPrice, ModelPositionRisk, RiskReport } from '../types'
import { computeAccruedMarket, toMarketRaw } from './computeAccruedMarket'
import { computeHealth } from './computeHealth'
import { computeLiquidationOraclePrice } from './computeLiquidationOraclePrice'
import { computeOraclePrice, oraclePriceDecimals, quote } from './computeOraclePrice'
import { computePreLiquidation } from './computePreLiquidation'
import { toAssetsDown } from './mathLib'
import type { MorphoBluePositionRaw, MorphoBlueSnapshot } from './types'

/** The engine's precision, rounding toward zero: a bound that must not be overshot. */
const DOWN = D.clone({ precision: D.precision, rounding: D.ROUND_DOWN })

export type EvaluateMorphoBlueParameters = {
  snapshot: MorphoBlueSnapshot
  /** Unix seconds: the market accrues interest up to this time. */
  nowSec: number
}

export type EvaluateMorphoBlueReturnType = RiskReport

/**
 * The risk report of one Morpho Blue position (one account in one market).
 *
 * Figures are those of the contract's next interaction at `nowSec`: the market accrued as
 * `_accrueInterest` would (`computeAccruedMarket`), debt = borrow shares `toAssetsUp`, supply =
 * supply shares `toAssetsDown`, health as `_isHealthy` at the oracle price the snapshot's USD
 * prices stand for (`computeOraclePrice`).
 *
 * Mapping onto margin terms (C = collateral × its USD price, L = lent loan tokens, D = debt, all USD):
 * - `equityUsd` = C + L − D; `haircutEquityUsd` = C − D (lent tokens do not back the borrow).
 * - maintenance margin = initial margin = C × (1 − LLTV): Morpho Blue borrows and liquidates at
 *   the same LLTV, so haircut equity − MM = C × LLTV − D, zero where health crosses 1.
 * - `healthFactor` = maxBorrow.wDivDown(borrowed) from the contract's integers; below 1 exactly when
 *   `liquidatable` (`_isHealthy` false). `none` without borrow shares.
 * - liquidation prices: for the collateral key the lowest price at which the position is still
 *   healthy (`computeLiquidationOraclePrice`): the contract reverts there and liquidates one oracle
 *   unit below; for the loan key the highest loan price at which the oracle price stays at or
 *   above that bound, all other prices fixed.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol
 * @see https://docs.morpho.org/learn/concepts/liquidation/
 * @example
 * const report = evaluateMorphoBlue({ snapshot, nowSec: snapshot.asOfSec })
 * report.liquidatable // false
 */
export function evaluateMorphoBlue({ snapshot, nowSec }: EvaluateMorphoBlueParameters): EvaluateMorphoBlueReturnType {
  const { loanToken, collateralToken } = snapshot
  const lltv = BigInt(snapshot.marketParams.lltv)
  const { market } = computeAccruedMarket({
    market: toMarketRaw(snapshot.market),
    borrowRate: BigInt(snapshot.borrowRate),
    nowSec: BigInt(nowSec),
  })
  const position: MorphoBluePositionRaw = {
    supplyShares: BigInt(snapshot.position.supplyShares),
    borrowShares: BigInt(snapshot.position.borrowShares),
    collateral: BigInt(snapshot.position.collateral),
  }
  const collateralPrice = computeOraclePrice({ snapshot })
  const health = computeHealth({ market, position, collateralPrice, lltv })
  const supplyAssets = toAssetsDown(position.supplyShares, market.totalSupplyAssets, market.totalSupplyShares)

  const loanPriceUsd = quote(snapshot.prices, loanToken.priceKey)
  const collateralPriceUsd = quote(snapshot.prices, collateralToken.priceKey)
  const lltvFraction = fromRaw(lltv, 18)
  const collateralSize = fromRaw(position.collateral, collateralToken.decimals)
  const debtSize = fromRaw(health.borrowAssets, loanToken.decimals)
  const supplySize = fromRaw(supplyAssets, loanToken.decimals)
  const collateralUsd = collateralSize.mul(collateralPriceUsd)
  const debtUsd = debtSize.mul(loanPriceUsd)
  const suppliedUsd = supplySize.mul(loanPriceUsd)
  const marginUsd = collateralUsd.mul(ONE.sub(lltvFraction))

  const bound = computeLiquidationOraclePrice({
    borrowAssets: health.borrowAssets,
    collateral: position.collateral,
    lltv,
  })
  const decimals = oraclePriceDecimals(loanToken.decimals, collateralToken.decimals)
  let collateralLiquidation: LiquidationPrice
  let loanLiquidation: LiquidationPrice
  if (!health.healthy) {
    collateralLiquidation = { kind: 'none', reason: 'already-liquidatable' }
    loanLiquidation = collateralLiquidation
  } else if (bound.kind === 'none') {
    collateralLiquidation = { kind: 'none', reason: bound.reason }
    loanLiquidation = collateralLiquidation
  } else {
    const boundRatio = fromRaw(bound.oraclePrice, decimals)
    collateralLiquidation = computeLiquidationDistance({
      liquidationPriceUsd: boundRatio.mul(loanPriceUsd),
      priceUsd: collateralPriceUsd,
    })
    // The loan price L keeps the oracle at or above the bound while collateralUsd / L ≥ bound:
    // rounded down, so the reported price is still healthy.
    loanLiquidation = computeLiquidationDistance({
      liquidationPriceUsd: new D(new DOWN(collateralPriceUsd).div(new DOWN(boundRatio)).toFixed()),
      priceUsd: loanPriceUsd,
    })
  }

  const positions: ModelPositionRisk[] = []
  if (position.collateral > 0n) {
    positions.push(
      linearPosition({
        id: `collateral:${collateralToken.symbol}`,
        kind: 'collateral',
        priceKey: collateralToken.priceKey,
        size: collateralSize,
        markPriceUsd: collateralPriceUsd,
        initialMarginUsd: marginUsd,
        maintenanceMarginUsd: marginUsd,
        liquidationPrice: collateralLiquidation,
      }),
    )
  }
  if (supplyAssets > 0n) {
    positions.push(
      linearPosition({
        id: `supply:${loanToken.symbol}`,
        kind: 'collateral',
        priceKey: loanToken.priceKey,
        size: supplySize,
        markPriceUsd: loanPriceUsd,
        initialMarginUsd: ZERO,
        maintenanceMarginUsd: ZERO,
        liquidationPrice: loanLiquidation,
      }),
    )
  }
  if (health.borrowAssets > 0n) {
    positions.push(
      linearPosition({
        id: `debt:${loanToken.symbol}`,
        kind: 'debt',
        priceKey: loanToken.priceKey,
        size: debtSize.neg(),
        markPriceUsd: loanPriceUsd,
        initialMarginUsd: ZERO,
        maintenanceMarginUsd: ZERO,
        liquidationPrice: loanLiquidation,
      }),
    )
  }

  // The pre-liquidation oracle is usually the market's own: then it moves with the snapshot's prices (what-if
  // included). A distinct one keeps the price read at the block.
  const pre = snapshot.preLiquidation
  const preLiquidation = pre
    ? computePreLiquidation({
        preLiquidation: pre,
        market,
        position,
        oraclePrice:
          pre.preLiquidationOracle.toLowerCase() === snapshot.marketParams.oracle.toLowerCase()
            ? collateralPrice
            : BigInt(pre.oraclePrice),
        lltv,
        healthy: health.healthy,
        oraclePriceDecimals: decimals,
        loanPriceUsd,
      })
    : undefined

  const hasDebt = position.borrowShares > 0n
  const equityUsd = collateralUsd.add(suppliedUsd).sub(debtUsd)
  const haircutEquityUsd = collateralUsd.sub(debtUsd)
  const grossNotionalUsd = collateralUsd.add(suppliedUsd).add(debtUsd)
  return {
    ...reportIdentity('morpho-blue', snapshot),
    equityUsd,
    haircutEquityUsd,
    initialMarginUsd: marginUsd,
    maintenanceMarginUsd: marginUsd,
    marginRatio: hasDebt ? ratioOrInfinite(marginUsd, haircutEquityUsd) : RATIO_NONE,
    freeCollateralUsd: haircutEquityUsd.sub(marginUsd),
    leverage: grossNotionalUsd.isZero() ? RATIO_NONE : ratioOrInfinite(grossNotionalUsd, equityUsd),
    grossNotionalUsd,
    healthFactor: health.healthFactor === null ? RATIO_NONE : finite(fromRaw(health.healthFactor, 18)),
    liquidatable: !health.healthy,
    positions: identifyPositions({ prices: snapshot.prices, positions }),
    ...(preLiquidation ? { preLiquidation } : {}),
  }
}
