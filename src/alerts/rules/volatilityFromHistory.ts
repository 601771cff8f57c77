import type { PricePoint } from '../../db/queries/priceHistory'
import { computeEwmaVolatility, D } from '../../engine'

/** Fewer returns than this and the estimate is noise: the probability rule reports NONE instead. */
export const MIN_RETURNS = 10

/**
 * Annualised EWMA volatility (RiskMetrics λ = 0.94, the engine's `computeEwmaVolatility`) of the minute
 * prices the cron recorded. Missed minutes leave gaps: a return over g minutes is divided by √g, the
 * one-minute return with the same variance under a random walk, so a gap neither inflates nor hides
 * volatility. null with fewer than MIN_RETURNS returns.
 */
export function volatilityFromHistory(points: readonly PricePoint[]): D | null {
  const logReturns: D[] = []
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1] as PricePoint
    const current = points[i] as PricePoint
    const minutes = (current.minuteMs - previous.minuteMs) / 60_000
    const before = new D(previous.price)
    const after = new D(current.price)
    if (minutes <= 0 || !before.gt(0) || !after.gt(0)) continue
    logReturns.push(after.div(before).ln().div(new D(minutes).sqrt()))
  }
  if (logReturns.length < MIN_RETURNS) return null
  return computeEwmaVolatility({ logReturns, periodSec: 60 }).volatility
}
