import { type D, dec, finite, ONE, RATIO_INFINITE, RATIO_NONE, type Ratio, sum, ZERO } from '../decimal'
import { computeCollateral } from '../haircut'
import { identifyPositions } from '../identifyPositions'
import { reportIdentity } from '../reportIdentity'
import type { LiquidationPrice, ModelPositionRisk, RiskFigures, RiskReport } from '../types'
import { computeBlackThetaPerYear, createBlackPricer } from './blackPricer'
import {
  evaluateUnderlyingRisk,
  type PreparedOption,
  type PreparedUnderlying,
  preparePortfolioMargin,
} from './preparePortfolioMargin'
import { solvePortfolioLiquidationPrice } from './solvePortfolioLiquidationPrice'
import type { PortfolioMarginSnapshot } from './types'

export type EvaluatePortfolioMarginParameters = {
  snapshot: PortfolioMarginSnapshot
  /** Valuation time, unix seconds (sets every option's time to expiry). */
  nowSec: number
}

export type EvaluatePortfolioMarginReturnType = RiskReport

/** A derivative position's figures before its underlying's liquidation price is known. */
type PositionFigures = Omit<ModelPositionRisk, 'liquidationPrice'>

/** Value and greeks of one option per unit, at the current price. */
type OptionUnitValue = { price: D; delta: D; gamma: D; vega: D; thetaPerDay: D }

function valueOption(option: PreparedOption, spot: D): OptionUnitValue {
  const isCall = option.position.right === 'call'
  if (option.timeYears.isZero()) {
    // Settled on the spot: intrinsic value, delta ±1 in the money / ±½ at the money / 0 out of it;
    // no time or volatility left to price, so vega and theta are 0.
    const moneyness = isCall ? spot.sub(option.strike) : option.strike.sub(spot)
    const step = moneyness.gt(0) ? ONE : moneyness.isZero() ? ONE.div(2) : ZERO
    return {
      price: moneyness.gt(0) ? moneyness : ZERO,
      delta: isCall ? step : step.neg(),
      gamma: ZERO,
      vega: ZERO,
      thetaPerDay: ZERO,
    }
  }
  const value = createBlackPricer({
    forward: option.forward,
    strike: option.strike,
    discountFactor: option.discountFactor,
    timeYears: option.timeYears,
    right: option.position.right,
  })(option.volatility)
  // The forward moves with the spot (F/S fixed), so ∂/∂S = (F/S)·∂/∂F.
  const basis = option.forward.div(spot)
  const thetaPerYear = computeBlackThetaPerYear({
    value,
    forward: option.forward,
    riskFreeRate: option.riskFreeRate,
    carry: option.carry,
  })
  return {
    price: value.price,
    delta: value.forwardDelta.mul(basis),
    gamma: value.forwardGamma.mul(basis).mul(basis),
    vega: value.vega,
    thetaPerDay: thetaPerYear.div(DAYS_PER_YEAR),
  }
}

/** The engine's year for times to expiry (`computeTimeToExpiry`): theta per day = per year / 365. */
const DAYS_PER_YEAR = 365

function optionFigures(option: PreparedOption, book: PreparedUnderlying): { figures: PositionFigures; valueUsd: D } {
  const spot = book.price
  const { price, delta, gamma, vega, thetaPerDay } = valueOption(option, spot)
  const mark = option.position.markPriceUsd === undefined ? price : dec(option.position.markPriceUsd)
  const average = option.position.averagePriceUsd
  const positionDelta = option.size.mul(delta)
  const positionGamma = option.size.mul(gamma)
  const figures: PositionFigures = {
    id: `option:${option.position.id}`,
    kind: 'option',
    priceKey: book.underlying,
    size: option.size,
    markPriceUsd: mark,
    notionalUsd: option.size.abs().mul(spot),
    unrealizedPnlUsd: average === undefined ? ZERO : option.size.mul(mark.sub(dec(average))),
    initialMarginUsd: ZERO,
    maintenanceMarginUsd: ZERO,
    delta: positionDelta,
    deltaUsd: positionDelta.mul(spot),
    gamma: positionGamma,
    gammaUsd: positionGamma.mul(spot).mul(spot).div(100),
    vegaUsdPerVolatility: option.size.mul(vega),
    thetaUsdPerDay: option.size.mul(thetaPerDay),
  }
  return { figures, valueUsd: option.size.mul(mark) }
}

function perpFigures(perp: PreparedUnderlying['perps'][number], book: PreparedUnderlying): PositionFigures {
  return {
    id: `perp:${book.underlying}`,
    kind: 'perp',
    priceKey: book.underlying,
    size: perp.size,
    markPriceUsd: book.price,
    notionalUsd: perp.size.abs().mul(book.price),
    unrealizedPnlUsd: perp.size.mul(book.price.sub(perp.entryPrice)),
    initialMarginUsd: ZERO,
    maintenanceMarginUsd: ZERO,
    delta: perp.size,
    deltaUsd: perp.size.mul(book.price),
    gamma: ZERO,
    gammaUsd: ZERO,
    vegaUsdPerVolatility: ZERO,
    thetaUsdPerDay: ZERO,
  }
}

/**
 * Evaluates a `portfolio-margin` margin account (Deribit-style risk matrix) into a `RiskReport`.
 *
 * - Equity = collateral value + Σ options size × mark (the model price when no mark is given) +
 *   Σ perps size × (price − entry). Collateral balances are the cash left after premiums paid or
 *   received, so an option counts at its full market value (long = asset, short = liability).
 *   Haircut equity applies the collateral haircuts of `params.haircuts`.
 * - MM = Σ per underlying max(worst scenario loss, floor) + contingency add-on from `computePortfolioMarginScenarios`;
 *   IM = MM × `imMultiplier`. Positions carry no requirement of their own (0): the requirement is the
 *   portfolio's.
 * - Option positions: notional = |size| × underlying price; uPnL = size × (mark − averagePrice)
 *   when `averagePriceUsd` is given, else 0 (no cost basis, no P&L claimed); delta and gamma are
 *   with respect to the underlying's price (for Black-76, the forward moves with it), gammaUsd =
 *   gamma × S² / 100; vegaUsdPerVolatility = size × Black vega (per +1.00 of volatility) and
 *   thetaUsdPerDay = size × `computeBlackThetaPerYear` / 365, at fixed spot for a forward that
 *   follows the spot (Black–Scholes–Merton theta), at fixed forward for a given Black-76 forward
 *   (Black-76 theta): the same figures `computeBlackScholes` / `computeBlack76` give.
 * - Liquidation price, per underlying with options or perps: the price at which haircut equity =
 *   MM with every other price fixed. Options are revalued at each trial price (their value moves
 *   by the model's change from the mark) and the risk matrix is recomputed there. `unreachable`
 *   when no price within ×/÷ ~600 of the current one gets there; with a crossing on both sides,
 *   the closer one is reported.
 *
 * @see https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
 * @example
 * const report = evaluatePortfolioMargin({ snapshot, nowSec: 1_750_000_000 })
 * report.maintenanceMarginUsd // worst scenario loss
 */
export function evaluatePortfolioMargin(
  parameters: EvaluatePortfolioMarginParameters,
): EvaluatePortfolioMarginReturnType {
  const positions: ModelPositionRisk[] = []
  const figures = evaluate(parameters, positions)
  return { ...figures, positions: identifyPositions({ prices: parameters.snapshot.prices, positions }) }
}

/**
 * `evaluatePortfolioMargin`'s figures without its positions: no liquidation price is solved (each
 * one revalues the book and its risk matrix at many trial prices; see `evaluateMarginFigures`).
 *
 * @example evaluatePortfolioMarginFigures({ snapshot, nowSec }).liquidatable
 */
export function evaluatePortfolioMarginFigures(parameters: EvaluatePortfolioMarginParameters): RiskFigures {
  return evaluate(parameters, null)
}

/** The report's figures; its positions (with their liquidation prices) are pushed into `positions` when one is given. */
function evaluate(
  { snapshot, nowSec }: EvaluatePortfolioMarginParameters,
  positions: ModelPositionRisk[] | null,
): RiskFigures {
  const { underlyings, grid, imMultiplier } = preparePortfolioMargin(snapshot, nowSec)
  const haircuts = snapshot.params.haircuts ?? {}
  const collateral = computeCollateral({ balances: snapshot.collateral, prices: snapshot.prices, haircuts })

  const current = underlyings.map((book) => evaluateUnderlyingRisk(book, grid, { spotRatio: ONE, logSpotRatio: 0 }))
  const maintenanceMarginUsd = sum(current.map((risk) => risk.maintenanceMargin))
  const initialMarginUsd = maintenanceMarginUsd.mul(imMultiplier)

  // Equity needs the option values and the liquidation prices need equity: figures first.
  const options = underlyings.flatMap((book) => book.options.map((option) => optionFigures(option, book)))
  const perps = underlyings.flatMap((book) => book.perps.map((perp) => perpFigures(perp, book)))
  const derivativesValueUsd = sum(options.map((option) => option.valueUsd)).add(
    sum(perps.map((perp) => perp.unrealizedPnlUsd)),
  )
  const equityUsd = collateral.valueUsd.add(derivativesValueUsd)
  const haircutEquityUsd = collateral.haircutValueUsd.add(derivativesValueUsd)

  const hasExposure = underlyings.length > 0
  const marginRatio: Ratio = !hasExposure
    ? RATIO_NONE
    : haircutEquityUsd.lte(0)
      ? RATIO_INFINITE
      : finite(maintenanceMarginUsd.div(haircutEquityUsd))
  const liquidatable = hasExposure && haircutEquityUsd.lte(maintenanceMarginUsd)
  const grossNotionalUsd = sum([
    ...options.map((option) => option.figures.notionalUsd),
    ...perps.map((perp) => perp.notionalUsd),
  ])
  const leverage: Ratio = grossNotionalUsd.isZero()
    ? RATIO_NONE
    : equityUsd.lte(0)
      ? RATIO_INFINITE
      : finite(grossNotionalUsd.div(equityUsd))

  const figures: RiskFigures = {
    ...reportIdentity('portfolio-margin', snapshot),
    equityUsd,
    haircutEquityUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    marginRatio,
    freeCollateralUsd: haircutEquityUsd.sub(initialMarginUsd),
    leverage,
    grossNotionalUsd,
    healthFactor: null,
    liquidatable,
  }
  if (positions === null) return figures

  const liquidationPrices = new Map<string, LiquidationPrice>()
  underlyings.forEach((book, index) => {
    if (liquidatable) {
      liquidationPrices.set(book.underlying, { kind: 'none', reason: 'already-liquidatable' })
      return
    }
    const risk = current[index] as (typeof current)[number]
    const collateralUnits = sum(
      snapshot.collateral
        .filter((balance) => balance.asset === book.underlying)
        .map((balance) => {
          const amount = dec(balance.amount)
          const haircut = haircuts[book.underlying]
          return amount.isPositive() && haircut !== undefined ? amount.mul(ONE.sub(dec(haircut))) : amount
        }),
    )
    liquidationPrices.set(
      book.underlying,
      solvePortfolioLiquidationPrice({
        book,
        grid,
        current: risk,
        equityUsd: haircutEquityUsd,
        otherMaintenanceMarginUsd: maintenanceMarginUsd.sub(risk.maintenanceMargin),
        linearExposure: book.perpSize.add(collateralUnits),
      }),
    )
  })
  const withLiquidationPrice = (position: PositionFigures): ModelPositionRisk => ({
    ...position,
    liquidationPrice: liquidationPrices.get(position.priceKey) as LiquidationPrice,
  })

  positions.push(
    ...collateral.positions,
    ...options.map((option) => withLiquidationPrice(option.figures)),
    ...perps.map(withLiquidationPrice),
  )
  return figures
}
