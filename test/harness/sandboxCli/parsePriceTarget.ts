/** A price argument: an absolute USD price (`2500`) or a move relative to each venue's current price (`-10%`). */
export type PriceTarget = { kind: 'usd'; usd: string } | { kind: 'percent'; percent: string }

const USD_RE = /^\d+(\.\d+)?$/
const PERCENT_RE = /^([+-]?)(\d+(\.\d+)?)%$/

/**
 * Parses `2500`, `2500.5`, `-10%`, `+5%` or `5%` (same as `+5%`). Refuses a price of 0 and moves of
 * -100 % or more: an oracle at zero or below is not a price the sandbox's contracts accept.
 * @example
 * parsePriceTarget('-10%') // { kind: 'percent', percent: '-10' }
 */
export function parsePriceTarget(text: string): PriceTarget {
  const trimmed = text.trim()
  const percent = PERCENT_RE.exec(trimmed)
  if (percent) {
    const value = `${percent[1] === '-' ? '-' : ''}${percent[2]}`
    if (Number(value) <= -100) throw new Error(`A move of ${trimmed} would take the price to zero or below.`)
    return { kind: 'percent', percent: value }
  }
  if (USD_RE.test(trimmed)) {
    if (Number(trimmed) <= 0) throw new Error('The price must be above 0.')
    return { kind: 'usd', usd: trimmed }
  }
  throw new Error(`"${text}" is neither a USD price (2500) nor a percentage (-10%, +5%).`)
}
