/**
 * What-if rules for option books (used by ../whatIf/applyChanges.ts).
 *
 * An option valued at a venue mark keeps that mark only while nothing moves. Before a price move
 * or a volatility shift its volatility is pinned: the mark's implied volatility becomes the
 * position's `impliedVolatility` and the mark is dropped, so the option is revalued by the model
 * at the new price (sticky-strike volatility).
 */
import { dec, max, toDecimalString, ZERO } from '../decimal'
import { preparePortfolioMargin } from './preparePortfolioMargin'
import type { OptionPosition, PortfolioMarginSnapshot } from './types'

export function pinOptionVolatilities(snapshot: PortfolioMarginSnapshot, nowSec: number): PortfolioMarginSnapshot {
  if (!snapshot.options.some((option) => option.impliedVolatility === undefined)) return snapshot
  const volatilities = new Map<string, string>()
  for (const book of preparePortfolioMargin(snapshot, nowSec).underlyings) {
    for (const option of book.options) volatilities.set(option.position.id, toDecimalString(option.volatility))
  }
  return {
    ...snapshot,
    options: snapshot.options.map((option) => {
      const volatility = volatilities.get(option.id)
      if (option.impliedVolatility !== undefined || volatility === undefined) return option
      const { markPriceUsd: _stale, ...rest } = option
      return { ...rest, impliedVolatility: volatility }
    }),
  }
}

export type ShiftOptionVolatilityChange = { underlying?: string | undefined; shift: string }

/** Adds `shift` (absolute volatility, floored at 0) to every option on `underlying`, or on all underlyings. */
export function shiftOptionVolatility(
  snapshot: PortfolioMarginSnapshot,
  { underlying, shift }: ShiftOptionVolatilityChange,
  nowSec: number,
): PortfolioMarginSnapshot {
  const pinned = pinOptionVolatilities(snapshot, nowSec)
  const delta = dec(shift)
  return {
    ...pinned,
    options: pinned.options.map((option) =>
      (underlying === undefined || option.underlying === underlying) && option.impliedVolatility !== undefined
        ? { ...option, impliedVolatility: toDecimalString(max(dec(option.impliedVolatility).add(delta), ZERO)) }
        : option,
    ),
  }
}

/** Adds an option, replaces the one with the same id, or removes it when its size is 0. */
export function setOptionPosition(snapshot: PortfolioMarginSnapshot, option: OptionPosition): PortfolioMarginSnapshot {
  const removed = dec(option.size).isZero()
  const exists = snapshot.options.some((existing) => existing.id === option.id)
  const options = exists
    ? snapshot.options.flatMap((existing) => (existing.id !== option.id ? [existing] : removed ? [] : [option]))
    : removed
      ? snapshot.options
      : [...snapshot.options, option]
  return { ...snapshot, options }
}
