import { type D, ONE, sum } from '../decimal'
import { evaluateUnderlyingRisk, preparePortfolioMargin } from './preparePortfolioMargin'
import type { PortfolioMarginSnapshot, PortfolioScenario, UnderlyingScenarioRisk } from './types'

export type ComputePortfolioMarginScenariosParameters = {
  snapshot: PortfolioMarginSnapshot
  /** Valuation time, unix seconds (sets every option's time to expiry). */
  nowSec: number
}

export type ComputePortfolioMarginScenariosReturnType = {
  /** One risk matrix per underlying with options or perps, in order of first appearance. */
  underlyings: UnderlyingScenarioRisk[]
  /** Σ of the underlyings' maintenance margins. */
  maintenanceMarginUsd: D
  /** maintenanceMarginUsd × imMultiplier. */
  initialMarginUsd: D
}

/**
 * The portfolio-margin risk matrix, Deribit style: per underlying, every option and perp is
 * revalued on a grid of underlying price moves × volatility shocks; the worst scenario's loss
 * (floored at `mmFloor` × short-option notional) is that underlying's maintenance margin.
 *
 * - Scenario P&L = Σ options [V(S·(1+move), σ') − V(S, σ)] + Σ perps size·S·move, USD, where V is the
 *   option's own model (Black–Scholes on spot with carry, or Black-76 with the forward moving with
 *   the underlying) at its implied volatility σ, and σ' = σ·(1 + shock) (`relative`) or σ + shock
 *   (`absolute`), floored at 0. Expired options are worth their intrinsic value.
 * - Underlyings are margined separately and their requirements added: no offset across
 *   underlyings (Deribit's segregated portfolio margin treats each currency on its own).
 * - Collateral is not stressed here: its haircut is its risk charge (see `evaluatePortfolioMargin`).
 * - With `extendedTable`, Deribit's extended table: extreme moves on the largest vol shock only,
 *   each row's loss counted as max(0, pnlFraction × loss − dampener) (see `PortfolioMarginParams`).
 * - With `volShockTerm` and `netShortOptionContingency`, Deribit's expiry-dependent vol shocks and
 *   its net-short-option add-on. Not modelled: its contingency for offsetting futures, delta shock
 *   and roll shock.
 *
 * @see https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin  (risk matrix: price-move buckets × volatility range up/same/down, worst scenario)
 * @see https://www.deribit.com/kb/portfolio-margin
 * @example
 * computePortfolioMarginScenarios({ snapshot, nowSec }).underlyings[0].worst // { priceMove: -0.15, volShock: 0.3, pnlUsd: -1234.5, ... }
 */
export function computePortfolioMarginScenarios({
  snapshot,
  nowSec,
}: ComputePortfolioMarginScenariosParameters): ComputePortfolioMarginScenariosReturnType {
  const { underlyings, grid, imMultiplier } = preparePortfolioMargin(snapshot, nowSec)
  const shockCount = grid.volShocks.length
  const risks = underlyings.map((book): UnderlyingScenarioRisk => {
    const risk = evaluateUnderlyingRisk(book, grid, { spotRatio: ONE, logSpotRatio: 0 })
    const scenarios = risk.pnl.map(
      (pnlUsd, index): PortfolioScenario => ({
        priceMove: grid.moves[Math.floor(index / shockCount)] as D,
        volShock: grid.volShocks[index % shockCount] as D,
        priceUsd: book.price.mul(grid.factors[Math.floor(index / shockCount)] as D),
        pnlUsd,
      }),
    )
    return {
      underlying: book.underlying,
      priceUsd: book.price,
      scenarios,
      worst: scenarios[risk.worstIndex] as PortfolioScenario,
      worstLossUsd: risk.worstLoss,
      extendedScenarios: risk.extendedPnl.map(
        (pnlUsd, index): PortfolioScenario => ({
          priceMove: grid.extended?.moves[index] as D,
          volShock: grid.volShocks[grid.extended?.shockIndex ?? 0] as D,
          priceUsd: book.price.mul(grid.extended?.factors[index] as D),
          pnlUsd,
        }),
      ),
      extendedLossUsd: risk.extendedLoss,
      floorUsd: risk.floor,
      contingencyUsd: risk.contingency,
      maintenanceMarginUsd: risk.maintenanceMargin,
      initialMarginUsd: risk.maintenanceMargin.mul(imMultiplier),
    }
  })
  const maintenanceMarginUsd = sum(risks.map((risk) => risk.maintenanceMarginUsd))
  return { underlyings: risks, maintenanceMarginUsd, initialMarginUsd: maintenanceMarginUsd.mul(imMultiplier) }
}
