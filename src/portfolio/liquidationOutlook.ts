/**
 * The predictive figures of a margin account or a summary: the band of each underlying's moves it
 * survives (engine solver, memoized per evaluated view), the volatility of each underlying (recorded
 * history, the caller's, or a flagged default) and the outlook the engine computes from both.
 * Nothing here runs unless a caller asks for `liquidationOutlook`.
 */
import { volatilityFromHistory } from '../alerts/rules/volatilityFromHistory'
import type { Database } from '../db/client'
import { getPriceHistory } from '../db/queries/priceHistory'
import {
  type ComputeLiquidationOutlookReturnType,
  computeLiquidationOutlook,
  D,
  EngineInputError,
  intersectBands,
  solveLiquidationBand,
} from '../engine'
import { InvalidInputError } from '../errors/input'
import { computedAtSec } from './evaluateEntries'
import type { MarginAccountView } from './types'

/** Used when fewer than `MIN_RETURNS` minute returns are recorded: a placeholder, flagged `default`. */
export const DEFAULT_VOLATILITY = new D('0.8')
/** The window of recorded minute prices the EWMA reads (the same as the probability alert rule's). */
export const HISTORY_WINDOW_MS = 6 * 3_600_000
export const DEFAULT_HORIZONS_SEC = [3600, 86_400, 604_800] as const
const MAX_HORIZONS = 10
const MAX_HORIZON_SEC = 10 * 365 * 86_400

export type VolatilitySource = 'history' | 'caller' | 'default'

export type UnderlyingVolatilityView = {
  underlying: string
  volatility: D
  source: VolatilitySource
  /** History: the price key read and the number of returns used. */
  priceKey: string | null
  returns: number | null
}

/** The band of one underlying's moves, all other prices fixed, inside which the margin account survives. */
export type BandView = { underlying: string; down: D | null; up: D | null }

export type MarginAccountBands = { liquidatable: boolean; bands: BandView[] }

/** Probability of liquidation within one horizon (what `LiquidationProbability` resolves from). */
export type LiquidationProbabilityView = ComputeLiquidationOutlookReturnType['probabilities'][number]

export type LiquidationOutlookView = ComputeLiquidationOutlookReturnType & {
  volatilities: UnderlyingVolatilityView[]
  bands: BandView[]
  liquidatableNow: boolean
}

const bandsCache = new WeakMap<MarginAccountView, MarginAccountBands>()

/** The crypto underlyings a margin account's figures move with (stablecoins keep their price). */
export function riskUnderlyings(view: MarginAccountView): string[] {
  const names = new Set<string>()
  for (const position of view.report.positions) {
    if (position.size.isZero()) continue
    const quote = view.snapshot.prices[position.priceKey]
    if (quote?.class === 'stable') continue
    names.add(position.underlying)
  }
  return [...names].sort()
}

/** Per crypto underlying, the nearest fall and rise that liquidate the margin account (`solveLiquidationBand`). */
export function bandsOf(view: MarginAccountView): MarginAccountBands {
  const cached = bandsCache.get(view)
  if (cached) return cached
  let liquidatable = view.report.liquidatable
  const bands: BandView[] = []
  if (!liquidatable) {
    for (const underlying of riskUnderlyings(view)) {
      const band = solveLiquidationBand({ snapshot: view.snapshot, nowSec: computedAtSec(view.snapshot), underlying })
      if (band.kind === 'already-liquidatable') liquidatable = true
      if (band.kind !== 'band') continue
      bands.push({ underlying, down: band.down?.move ?? null, up: band.up?.move ?? null })
    }
  }
  const result = { liquidatable, bands }
  bandsCache.set(view, result)
  return result
}

export type OutlookArguments = {
  horizonsSec: readonly number[]
  /** Caller-given annualized volatilities by underlying. */
  volatilities: readonly { underlying: string; volatility: string }[]
}

/**
 * The outlook of a set of margin accounts that must all survive (one margin account, or a summary):
 * the same underlying is one factor, so its bands intersect.
 */
export async function getLiquidationOutlook(
  context: { db: Database; nowMs: number },
  views: readonly MarginAccountView[],
  { horizonsSec, volatilities }: OutlookArguments,
): Promise<LiquidationOutlookView> {
  checkHorizons(horizonsSec)
  const perAccount = views.map(bandsOf)
  const liquidatableNow = perAccount.some((entry) => entry.liquidatable)
  const merged = intersectBands(perAccount.flatMap((entry) => entry.bands))
  const bands = [...merged].map(([underlying, band]) => ({ underlying, ...band }))
  const relevant = bands.filter((band) => band.down !== null || band.up !== null).map((band) => band.underlying)
  const resolved = await resolveVolatilities(context, views, relevant, volatilities)
  const outlook = computeOutlookOrRefuse(() =>
    computeLiquidationOutlook({
      factors: bands.flatMap((band) => {
        const volatility = resolved.get(band.underlying)?.volatility
        return volatility === undefined ? [] : [{ ...band, volatility }]
      }),
      horizonsSec,
      liquidatableNow,
    }),
  )
  return { ...outlook, volatilities: [...resolved.values()], bands, liquidatableNow }
}

function checkHorizons(horizonsSec: readonly number[]): void {
  if (horizonsSec.length > MAX_HORIZONS)
    throw new InvalidInputError(`At most ${MAX_HORIZONS} horizons per outlook (got ${horizonsSec.length}).`)
  for (const horizon of horizonsSec) {
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON_SEC)
      throw new InvalidInputError(`A horizon must be an integer from 1 to ${MAX_HORIZON_SEC} seconds (got ${horizon}).`)
  }
}

function computeOutlookOrRefuse<value>(run: () => value): value {
  try {
    return run()
  } catch (error) {
    if (error instanceof EngineInputError) throw new InvalidInputError(error.message, { cause: error })
    throw error
  }
}

const historyCache = new WeakMap<object, Map<string, ReturnType<typeof getPriceHistory>>>()

/**
 * One volatility per underlying: the caller's when given, else the EWMA of the minute prices the
 * cron recorded (of the underlying's own key, else of the asset key with the most history), else
 * the flagged default. The price history is read once per request and key set.
 */
export async function resolveVolatilities(
  context: { db: Database; nowMs: number },
  views: readonly MarginAccountView[],
  underlyings: readonly string[],
  given: readonly { underlying: string; volatility: string }[],
): Promise<Map<string, UnderlyingVolatilityView>> {
  const out = new Map<string, UnderlyingVolatilityView>()
  const byCaller = new Map<string, D>()
  for (const { underlying, volatility } of given) {
    const value = new D(volatility)
    if (value.isNegative()) throw new InvalidInputError(`The volatility of ${underlying} must be at least 0.`)
    byCaller.set(underlying.toUpperCase(), value)
  }
  const keysOf = new Map<string, string[]>()
  for (const underlying of underlyings) {
    const keys = new Set([underlying])
    for (const view of views)
      for (const position of view.report.positions) if (position.underlying === underlying) keys.add(position.priceKey)
    keysOf.set(underlying, [...keys])
  }
  const needHistory = underlyings.filter((underlying) => !byCaller.has(underlying.toUpperCase()))
  const keys = [...new Set(needHistory.flatMap((underlying) => keysOf.get(underlying) ?? []))].sort()
  const history = keys.length === 0 ? new Map() : await historyOf(context, keys)
  for (const underlying of underlyings) {
    const callerValue = byCaller.get(underlying.toUpperCase())
    if (callerValue !== undefined) {
      out.set(underlying, { underlying, volatility: callerValue, source: 'caller', priceKey: null, returns: null })
      continue
    }
    let best: UnderlyingVolatilityView | null = null
    for (const key of keysOf.get(underlying) ?? []) {
      const points = history.get(key) ?? []
      const volatility = volatilityFromHistory(points)
      if (volatility === null) continue
      const returns = points.length - 1
      if (best === null || (best.returns ?? 0) < returns)
        best = { underlying, volatility, source: 'history', priceKey: key, returns }
    }
    out.set(
      underlying,
      best ?? { underlying, volatility: DEFAULT_VOLATILITY, source: 'default', priceKey: null, returns: null },
    )
  }
  return out
}

function historyOf(context: { db: Database; nowMs: number }, keys: readonly string[]) {
  let perContext = historyCache.get(context)
  if (!perContext) {
    perContext = new Map()
    historyCache.set(context, perContext)
  }
  const id = keys.join('\n')
  let pending = perContext.get(id)
  if (!pending) {
    pending = getPriceHistory(context.db, keys, context.nowMs - HISTORY_WINDOW_MS)
    perContext.set(id, pending)
  }
  return pending
}
