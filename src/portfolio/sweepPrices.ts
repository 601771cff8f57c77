import { applyChanges, assetOf, D, dec, EngineInputError, type WhatIfChange } from '../engine'
import { InvalidInputError } from '../errors/input'
import { checkPriceNames } from './checkPriceNames'
import { computedAtSec, evaluateEntries } from './evaluateEntries'
import { type GetPortfolioParameters, getEntries } from './getPortfolio'
import { summarize } from './summarize'
import type { Entry, MarginAccountView, PortfolioContext, SummaryView, WarningView } from './types'

/** The most points one sweep may ask for (each is one evaluation of every margin account). */
export const MAX_SWEEP_STEPS = 101
/** The most underlyings one query sweeps. */
export const MAX_SWEEP_UNDERLYINGS = 8

export type SweepPricesParameters = GetPortfolioParameters & {
  /** Underlyings to sweep; null: every crypto underlying a margin account has a position on. */
  underlyings: readonly string[] | null
  /** Relative moves bounding the range, decimal strings (`"-0.5"`: half the price). */
  fromMove: string
  toMove: string
  /** Points from `fromMove` to `toMove`, both included (today's price, move 0, is added when inside the range). */
  steps: number
}

export type SweepPointView = {
  move: D
  /** The reference price moved (null when no margin account prices the underlying). */
  priceUsd: D | null
  summary: SummaryView
}

/** A position's liquidation price on the swept underlying, placed on the sweep's price axis. */
export type SweepMarkView = {
  marginAccount: MarginAccountView
  positionId: string
  /** The asset whose price it is (WETH, wstETH, an ETH perp's coin). */
  asset: string
  /** The liquidation price of the position's own price key, as `Position.liquidationPrice.priceUsd`. */
  priceUsd: D
  /** Its relative distance from the current price, as `Position.liquidationPrice.distance`. */
  distance: D
  /** The venue's own current price of that key (`Position.markPriceUsd`): what `priceUsd` and `distance` are measured from. */
  markPriceUsd: D
  /** The reference price moved by the same relative distance: where the mark sits on the sweep's axis. */
  referencePriceUsd: D | null
}

export type SweepView = {
  underlying: string
  /** Today's price of the underlying in the margin account nearest to liquidation that prices it (rate-1 asset or the underlying itself). */
  referencePriceUsd: D | null
  /** Which price key (and margin account) the reference price is. */
  referenceSource: string | null
  points: SweepPointView[]
  marks: SweepMarkView[]
  warnings: WarningView[]
}

/**
 * Equity and maintenance margin over a range of prices of each underlying: every margin account is
 * moved by the same relative move (`movePrice`, the engine path of `stress` and `simulate`: ETH moves
 * WETH, wstETH at its exchange rate and ETH perps together) and evaluated again. Writes nothing.
 *
 * @throws {InvalidInputError} for an unknown underlying, a range with `fromMove` ≥ `toMove`, a move
 * at or below −1, or a step count outside 2..MAX_SWEEP_STEPS.
 */
export async function sweepPrices(
  context: PortfolioContext,
  { underlyings, fromMove, toMove, steps, ...query }: SweepPricesParameters,
): Promise<SweepView[]> {
  const moves = sweepMoves(fromMove, toMove, steps)
  const { entries, sources, warnings } = await getEntries(context, query)
  if (underlyings !== null) {
    if (underlyings.length > MAX_SWEEP_UNDERLYINGS)
      throw new InvalidInputError(`At most ${MAX_SWEEP_UNDERLYINGS} underlyings per sweep.`)
    checkPriceNames(
      underlyings,
      entries.map((entry) => entry.snapshot),
    )
  }
  const base = evaluateEntries(entries, sources)
  const baseSummary = summarize(base.views, context.nowMs, base.sources)
  const names = underlyings ?? cryptoUnderlyings(baseSummary.marginAccounts)
  const evaluable = base.views.map(toEntry)
  return names.map((underlying) => {
    const reference = referencePrice(baseSummary.marginAccounts, underlying)
    const points = moves.map((move): SweepPointView => {
      const summary = move.isZero()
        ? baseSummary
        : (() => {
            const change: WhatIfChange = { kind: 'movePrice', underlying, move: move.toFixed() }
            const moved = evaluateEntries(
              evaluable.map((entry) => withChange(entry, change)),
              base.sources,
            )
            return summarize(moved.views, context.nowMs, moved.sources)
          })()
      return { move, priceUsd: reference ? reference.priceUsd.mul(move.add(1)) : null, summary }
    })
    const marks = baseSummary.marginAccounts.flatMap((view) =>
      view.report.positions.flatMap((position): SweepMarkView[] => {
        if (position.underlying.toUpperCase() !== underlying.toUpperCase()) return []
        if (position.liquidationPrice.kind !== 'price') return []
        const { priceUsd, distance } = position.liquidationPrice
        return [
          {
            marginAccount: view,
            positionId: position.id,
            asset: position.asset.symbol,
            priceUsd,
            distance,
            markPriceUsd: position.markPriceUsd,
            referencePriceUsd: reference ? reference.priceUsd.mul(distance.add(1)) : null,
          },
        ]
      }),
    )
    return {
      underlying,
      referencePriceUsd: reference?.priceUsd ?? null,
      referenceSource: reference?.source ?? null,
      points,
      marks,
      warnings,
    }
  })
}

/**
 * The grid of moves: `steps` evenly spaced from `fromMove` to `toMove` (exact decimals, not floats),
 * plus 0 when it lies inside the range and is not on the grid (today's price is always a point).
 */
export function sweepMoves(fromMove: string, toMove: string, steps: number): D[] {
  const from = dec(fromMove)
  const to = dec(toMove)
  if (!Number.isInteger(steps) || steps < 2 || steps > MAX_SWEEP_STEPS)
    throw new InvalidInputError(`"steps" must be an integer from 2 to ${MAX_SWEEP_STEPS}.`)
  if (from.lte(-1)) throw new InvalidInputError('"fromMove" must be above -1 (a price cannot reach 0 or below).')
  if (from.gte(to)) throw new InvalidInputError('"fromMove" must be below "toMove".')
  const span = to.sub(from)
  const moves = Array.from({ length: steps }, (_, i) => from.add(span.mul(i).div(steps - 1)))
  if (from.lt(0) && to.gt(0) && !moves.some((move) => move.isZero())) moves.push(new D(0))
  return moves.sort((a, b) => a.comparedTo(b))
}

/** Underlyings of crypto-priced positions, most exposed first (by gross notional), each once. */
function cryptoUnderlyings(views: readonly MarginAccountView[]): string[] {
  const notional = new Map<string, D>()
  for (const view of views) {
    for (const position of view.report.positions) {
      const quote = view.snapshot.prices[position.priceKey]
      if (quote?.class !== 'crypto') continue
      notional.set(position.underlying, (notional.get(position.underlying) ?? new D(0)).add(position.notionalUsd))
    }
  }
  return [...notional]
    .sort((a, b) => b[1].comparedTo(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, MAX_SWEEP_UNDERLYINGS)
    .map(([underlying]) => underlying)
}

/**
 * Today's price of one unit of the underlying: in risk order, the first margin account with a price key
 * that is the underlying itself (a perp coin) or an asset on it at exchange rate 1 (WETH for ETH).
 */
function referencePrice(
  views: readonly MarginAccountView[],
  underlying: string,
): { priceUsd: D; source: string } | null {
  const wanted = underlying.toUpperCase()
  for (const view of views) {
    const keys = Object.keys(view.snapshot.prices).sort()
    for (const key of keys) {
      const asset = assetOf(view.snapshot.prices, key)
      const quote = view.snapshot.prices[key]
      if (!quote || asset.underlying.toUpperCase() !== wanted || !dec(asset.exchangeRate).eq(1)) continue
      return { priceUsd: dec(quote.priceUsd), source: `${view.id} ${key}` }
    }
  }
  return null
}

const toEntry = ({ snapshot, source, venueReported }: MarginAccountView): Entry => ({ snapshot, source, venueReported })

function withChange(entry: Entry, change: WhatIfChange): Entry {
  try {
    return {
      ...entry,
      snapshot: applyChanges({ snapshot: entry.snapshot, changes: [change], nowSec: computedAtSec(entry.snapshot) }),
    }
  } catch (error) {
    if (error instanceof EngineInputError) throw new InvalidInputError(error.message, { cause: error })
    throw error
  }
}
