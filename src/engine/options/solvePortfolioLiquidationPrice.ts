/**
 * Liquidation price of one underlying in a portfolio-margin account (internal): the price at which
 * haircut equity = maintenance margin, every other price fixed. Revalues the underlying's risk
 * matrix at each trial price, since the margin itself moves with the price: in doubles to rank the
 * cells, exactly for the ones that can be the worst (`evaluateUnderlyingMargin`), which gives the
 * same Decimals as the whole exact matrix at ~1/10 of the cost (33 → 3 ms for a 20-option book,
 * `npm run bench -- optionsLiq`).
 */

import { computeLiquidationDistance } from '../computeLiquidationDistance'
import { D, ONE } from '../decimal'
import { findRootBrent } from '../math/findRootBrent'
import type { LiquidationPrice } from '../types'
import {
  evaluateUnderlyingMargin,
  type PreparedGrid,
  type PreparedUnderlying,
  type UnderlyingMarginAt,
  type UnderlyingRiskAt,
} from './preparePortfolioMargin'
import { type KernelPricePoint, lnToNumber } from './scenarioKernel'

export type SolvePortfolioLiquidationPriceParameters = {
  book: PreparedUnderlying
  grid: PreparedGrid
  /** The book evaluated at the current price. */
  current: UnderlyingRiskAt
  /** Haircut equity at current prices, USD. */
  equityUsd: D
  /** Maintenance margin of the other underlyings, which does not move, USD. */
  otherMaintenanceMarginUsd: D
  /**
   * Units of the underlying whose value moves equity one for one: Σ perp sizes plus collateral
   * held in the underlying (haircut-weighted when positive, as in the haircut equity).
   */
  linearExposure: D
  /**
   * Evaluates the book at a trial price. Default `evaluateUnderlyingMargin` (doubles rank the
   * scenarios, the exact kernel values the worst); `evaluateUnderlyingRisk` (the whole matrix
   * exact) gives the same Decimals slower, and is what the bench and tests compare against.
   */
  evaluate?: ((book: PreparedUnderlying, grid: PreparedGrid, at: KernelPricePoint) => UnderlyingMarginAt) | undefined
}

/**
 * Trial distances in ln(price): 0.1 · 2^k for k < 7, i.e. from ±10% up to ×/÷ ~600. Each level is
 * tried down then up; the first level with a sign change gives the bracket(s).
 */
const SCAN_LEVELS = 7
const FIRST_LOG_STEP = 0.1
/** Root tolerance on price / current price. */
const RATIO_TOLERANCE = new D('1e-15')

/**
 * Finds where gap(ρ) = equity(S·ρ) − MM(S·ρ) crosses 0, scanning outward from the current price
 * in both directions on a geometric ladder and refining the first bracket with Brent's method.
 * When both directions cross on the same rung, the price closer to the current one is returned.
 * Assumes gap > 0 now (the caller reports `already-liquidatable` otherwise); a crossing that
 * starts and ends between two rungs is not seen (rungs are ≤ 2× apart in log distance).
 */
export function solvePortfolioLiquidationPrice({
  book,
  grid,
  current,
  equityUsd,
  otherMaintenanceMarginUsd,
  linearExposure,
  evaluate = evaluateUnderlyingMargin,
}: SolvePortfolioLiquidationPriceParameters): LiquidationPrice {
  const gapAt = (spotRatio: D, logSpotRatio: number): D => {
    const risk = evaluate(book, grid, { spotRatio, logSpotRatio })
    const equity = equityUsd
      .add(risk.optionValue.sub(current.optionValue))
      .add(linearExposure.mul(book.price).mul(spotRatio.sub(1)))
    return equity.sub(otherMaintenanceMarginUsd).sub(risk.maintenanceMargin)
  }
  const currentGap = equityUsd.sub(otherMaintenanceMarginUsd).sub(current.maintenanceMargin)
  const sides = [
    { sign: -1, ratio: ONE, gap: currentGap },
    { sign: 1, ratio: ONE, gap: currentGap },
  ]
  for (let level = 0; level < SCAN_LEVELS; level++) {
    const brackets: { lower: D; upper: D; fLower: D; fUpper: D }[] = []
    for (const side of sides) {
      const logRatio = side.sign * FIRST_LOG_STEP * 2 ** level
      const ratio = new D(logRatio).exp()
      const gap = gapAt(ratio, logRatio)
      if (!gap.isPositive() || gap.isZero())
        brackets.push({ lower: side.ratio, upper: ratio, fLower: side.gap, fUpper: gap })
      side.ratio = ratio
      side.gap = gap
    }
    if (brackets.length === 0) continue
    const roots = brackets.map((bracket) => {
      const root = findRootBrent({
        f: (ratio) => gapAt(ratio, lnToNumber(ratio)),
        ...bracket,
        tolerance: RATIO_TOLERANCE,
      })
      return root.kind === 'not-bracketed' ? bracket.upper : root.x
    })
    const closest = roots.reduce((best, ratio) => (ratio.sub(1).abs().lt(best.sub(1).abs()) ? ratio : best))
    return computeLiquidationDistance({ liquidationPriceUsd: book.price.mul(closest), priceUsd: book.price })
  }
  return { kind: 'none', reason: 'unreachable' }
}
