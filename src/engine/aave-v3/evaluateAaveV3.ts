import { type D, finite, fromRaw, ONE, RATIO_NONE, ZERO } from '../decimal'
import { identifyPositions } from '../identifyPositions'
import { linearPosition, ratioOrInfinite } from '../linearPosition'
import { reportIdentity } from '../reportIdentity'
import type { LiquidationPrice, ModelPositionRisk, RiskFigures, RiskReport } from '../types'
import { aaveV3Features } from './aaveV3Features'
import { computeLiquidationPrice } from './computeLiquidationPrice'
import { computeUserAccountData } from './computeUserAccountData'
import { computeUserReserves } from './computeUserReserves'
import type { AaveV3Snapshot } from './types'
import { WAD } from './wadRay'

export type EvaluateAaveV3Parameters = {
  snapshot: AaveV3Snapshot
  /** Unix seconds: balances accrue interest up to this time. */
  nowSec: number
}

export type EvaluateAaveV3ReturnType = RiskReport

/**
 * The risk report of one Aave v3 position (one user in one Pool).
 *
 * Mapping of the lending model onto margin terms (C = value of collateral the Pool counts, i.e.
 * liquidation threshold ≠ 0 and enabled by the user; D = debt; per asset `ltv`, `lt` with e-mode
 * overrides; values are amount × oracle price, USD):
 * - `equityUsd` = every supplied balance − D; `haircutEquityUsd` = C − D.
 * - maintenance margin = Σ C × (1 − lt), so haircut equity − MM = Σ C × lt − D: equity equals MM
 *   exactly when the health factor Σ C × lt / D is 1, and margin ratio = MM / haircut equity
 *   crosses 1 with it.
 * - initial margin = Σ C × (1 − ltv), so free collateral = Σ C × ltv − D, the Pool's
 *   `availableBorrowsBase` (which floors it at 0).
 * - `healthFactor` and `liquidatable` are the Pool's own integer figures (computeUserAccountData);
 *   `none` without debt, when the margin ratio is `none` too (no exposure).
 * - positions: one `collateral:<symbol>` per supplied reserve and one `debt:<symbol>` per borrowed
 *   one (negative size); the liquidation price moves the position's price key, all else fixed.
 *   A position's asset is its reserve, its underlying that of the price the Pool applies (an
 *   e-mode category's source under v3.0–3.1), see `identifyPositions`.
 *
 * @see https://aave.com/docs/developers/liquidations
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/GenericLogic.sol
 * @example
 * const report = evaluateAaveV3({ snapshot, nowSec: Math.floor(Date.now() / 1000) })
 * report.healthFactor // { kind: 'finite', value: 1.42… }
 */
export function evaluateAaveV3(parameters: EvaluateAaveV3Parameters): EvaluateAaveV3ReturnType {
  const positions: ModelPositionRisk[] = []
  const figures = evaluate(parameters, positions)
  return { ...figures, positions: identifyPositions({ prices: parameters.snapshot.prices, positions }) }
}

/**
 * `evaluateAaveV3`'s figures without its positions: no liquidation price is searched, which is
 * most of a report's cost (see `evaluateMarginFigures`).
 *
 * @example evaluateAaveV3Figures({ snapshot, nowSec }).liquidatable
 */
export function evaluateAaveV3Figures(parameters: EvaluateAaveV3Parameters): RiskFigures {
  return evaluate(parameters, null)
}

/** The report's figures; its positions (with their liquidation prices) are pushed into `positions` when one is given. */
function evaluate({ snapshot, nowSec }: EvaluateAaveV3Parameters, positions: ModelPositionRisk[] | null): RiskFigures {
  const baseDecimals = snapshot.oracle.baseCurrencyDecimals
  const userReserves = computeUserReserves({ snapshot, nowSec }).reserves
  const { protocolFavourRounding } = aaveV3Features(snapshot.rules)
  const account = computeUserAccountData({ snapshot, nowSec, userReserves })
  const hasDebt = account.totalDebtBase > 0n

  const liquidationPrices = new Map<string, LiquidationPrice>()
  const liquidationPriceOf = (priceKey: string): LiquidationPrice => {
    let found = liquidationPrices.get(priceKey)
    if (!found) {
      found = computeLiquidationPrice({
        userReserves,
        priceKey,
        baseCurrencyDecimals: baseDecimals,
        protocolFavourRounding,
      })
      liquidationPrices.set(priceKey, found)
    }
    return found
  }

  let suppliedUsd = ZERO
  let collateralUsd = ZERO
  let debtUsd = ZERO
  let initialMarginUsd = ZERO
  let maintenanceMarginUsd = ZERO
  for (const state of userReserves) {
    const { reserve } = state
    const price = fromRaw(state.priceRaw, baseDecimals)
    if (state.supplied > 0n) {
      const size = fromRaw(state.supplied, reserve.decimals)
      const value = size.mul(price)
      suppliedUsd = suppliedUsd.add(value)
      let im = ZERO
      let mm = ZERO
      if (state.isCollateral) {
        collateralUsd = collateralUsd.add(value)
        im = value.mul(ONE.sub(fraction(state.ltv)))
        mm = value.mul(ONE.sub(fraction(state.liquidationThreshold)))
        initialMarginUsd = initialMarginUsd.add(im)
        maintenanceMarginUsd = maintenanceMarginUsd.add(mm)
      }
      if (positions) {
        positions.push(
          linearPosition({
            id: `collateral:${reserve.symbol}`,
            kind: 'collateral',
            priceKey: state.priceKey,
            assetKey: reserve.priceKey,
            size,
            markPriceUsd: price,
            initialMarginUsd: im,
            maintenanceMarginUsd: mm,
            liquidationPrice: liquidationPriceOf(state.priceKey),
          }),
        )
      }
    }
    const debt = state.variableDebt + state.stableDebt
    if (debt > 0n) {
      const size = fromRaw(debt, reserve.decimals).neg()
      debtUsd = debtUsd.add(size.abs().mul(price))
      if (positions) {
        positions.push(
          linearPosition({
            id: `debt:${reserve.symbol}`,
            kind: 'debt',
            priceKey: state.priceKey,
            assetKey: reserve.priceKey,
            size,
            markPriceUsd: price,
            initialMarginUsd: ZERO,
            maintenanceMarginUsd: ZERO,
            liquidationPrice: liquidationPriceOf(state.priceKey),
          }),
        )
      }
    }
  }

  const equityUsd = suppliedUsd.sub(debtUsd)
  const haircutEquityUsd = collateralUsd.sub(debtUsd)
  const grossNotionalUsd = suppliedUsd.add(debtUsd)
  return {
    ...reportIdentity('aave-v3', snapshot),
    equityUsd,
    haircutEquityUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    marginRatio: hasDebt ? ratioOrInfinite(maintenanceMarginUsd, haircutEquityUsd) : RATIO_NONE,
    freeCollateralUsd: haircutEquityUsd.sub(initialMarginUsd),
    leverage: grossNotionalUsd.isZero() ? RATIO_NONE : ratioOrInfinite(grossNotionalUsd, equityUsd),
    grossNotionalUsd,
    healthFactor: hasDebt ? finite(fromRaw(account.healthFactor, 18)) : RATIO_NONE,
    liquidatable: account.healthFactor < WAD,
  }
}

/** Basis points as a fraction. */
function fraction(bps: bigint): D {
  return fromRaw(bps, 4)
}
