/**
 * The one place where money types convert.
 *
 * - Inside the engine every amount is a `Decimal` from the local clone `D` (never the global
 *   Decimal config, so embedding apps keep theirs).
 * - On-chain fixed point is `bigint`; `fromRaw` / `toRaw` convert between the two.
 * - At the boundary (snapshots, GraphQL) amounts are decimal strings; `dec` parses them and
 *   `toDecimalString` prints them without exponent notation.
 */

import Decimal from 'decimal.js'
import { EngineInputError } from './errors'

/**
 * 60 significant digits: an 18-decimal amount (up to ~1e30 wei) times a price with 18 decimals
 * needs ~48 digits to stay exact; the margin keeps transcendental results (ln, exp, sqrt) stable.
 */
export const D = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -100,
  toExpPos: 100,
})
export type D = InstanceType<typeof D>

/** A decimal string at the boundary, e.g. `"1234.5"`. Never a JS number. */
export type DecimalString = string
/** An unsigned or signed integer string of an on-chain fixed-point value, e.g. `"1000000"`. */
export type IntegerString = string

export const ZERO = new D(0)
export const ONE = new D(1)

/** Parses a decimal string (or bigint) into the engine's Decimal. Throws on anything else. */
export function dec(value: DecimalString | bigint | D): D {
  if (value instanceof D) return value
  if (typeof value === 'bigint') return new D(value.toString())
  if (typeof value !== 'string') throw new EngineInputError(`Not a decimal string: ${String(value)}`)
  const known = parsed.get(value)
  if (known !== undefined) return known
  if (!DECIMAL_RE.test(value)) throw new EngineInputError(`Not a decimal string: ${value}`)
  const parsedValue = new D(value)
  if (parsed.size >= PARSED_LIMIT) parsed.clear()
  parsed.set(value, parsedValue)
  return parsedValue
}
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/**
 * Memo of `dec` over strings. Parsing is pure and a Decimal is immutable, so handing back the
 * same instance for the same string changes no result; it spares the parse of the figures a
 * snapshot repeats (each stress scenario evaluates the same balances, indexes and parameters
 * again, and each request the same cached snapshot). Bounded: cleared when full.
 */
const parsed = new Map<string, D>()
const PARSED_LIMIT = 20_000

/** 10^decimals, exact (one significant digit), built once per exponent. */
function powerOfTen(decimals: number): D {
  let power = powersOfTen[decimals]
  if (power === undefined) {
    power = new D(10).pow(decimals)
    if (Number.isInteger(decimals) && decimals >= 0 && decimals <= 255) powersOfTen[decimals] = power
  }
  return power
}
const powersOfTen: D[] = []
/** `raw / 10^decimals` exactly (a bigint of up to 1e60 fits the precision). */
export function fromRaw(raw: bigint | IntegerString, decimals: number): D {
  const key = `${raw}e-${decimals}`
  const known = scaled.get(key)
  if (known !== undefined) return known
  // Up to the precision's 60 digits the quotient is exact, so parsing the scaled string gives the
  // same value as the division without its cost; longer integers are divided (and rounded) as before.
  const digits = typeof raw === 'bigint' ? raw.toString() : raw
  const value =
    digits.length <= 60 && Number.isInteger(decimals) && decimals >= 0
      ? new D(key)
      : new D(digits).div(powerOfTen(decimals))
  if (scaled.size >= PARSED_LIMIT) scaled.clear()
  scaled.set(key, value)
  return value
}
/** Memo of `fromRaw` (pure, immutable results, like `parsed`): a balance or index converts once, not once per scenario. */
const scaled = new Map<string, D>()

/** `value * 10^decimals`, rounded toward zero to an integer (on-chain truncation). */
export function toRaw(value: D, decimals: number): bigint {
  return BigInt(value.mul(powerOfTen(decimals)).toDecimalPlaces(0, D.ROUND_DOWN).toFixed(0))
}

/** Plain decimal string, no exponent, trailing zeros trimmed. */
export function toDecimalString(value: D): DecimalString {
  return value.toFixed()
}

/**
 * The output precision of each kind of figure, for the API and webhook bodies (inside, every figure
 * stays exact). Rounding is half to even; trailing zeros are trimmed.
 *
 * - `UsdAmount`: 8 decimal places, the base unit of the Aave oracle and of Chainlink USD feeds (10⁻⁸ USD).
 * - `UsdPrice`: 10 significant digits, so a 0.00001234 USD token keeps its digits as a 3,000 USD one does.
 * - `Quantity`: 18 decimal places, the most an ERC-20 token carries in practice (wei-exact for 18-decimal tokens).
 * - `Fraction`: 18 decimal places (a wad), so an Aave health factor prints equal to the Pool's to the wei.
 * - `BigDecimal`: exact, for echoes of what a caller or a venue stated.
 */
export const OUTPUT_PRECISION = {
  BigDecimal: { kind: 'exact' },
  UsdAmount: { kind: 'decimalPlaces', digits: 8 },
  UsdPrice: { kind: 'significantDigits', digits: 10 },
  Quantity: { kind: 'decimalPlaces', digits: 18 },
  Fraction: { kind: 'decimalPlaces', digits: 18 },
} as const satisfies Record<string, { kind: 'exact' } | { kind: 'decimalPlaces' | 'significantDigits'; digits: number }>

export type FigureKind = keyof typeof OUTPUT_PRECISION

/** `value` printed at its kind's precision: plain notation, half to even, no trailing zeros, never `-0`. */
export function formatFigure(value: D, kind: FigureKind): DecimalString {
  const precision: { kind: string; digits?: number } = OUTPUT_PRECISION[kind]
  const rounded =
    precision.digits === undefined
      ? value
      : precision.kind === 'decimalPlaces'
        ? value.toDecimalPlaces(precision.digits, D.ROUND_HALF_EVEN)
        : value.toSignificantDigits(precision.digits, D.ROUND_HALF_EVEN)
  return rounded.isZero() ? '0' : rounded.toFixed()
}

export function max(a: D, b: D): D {
  return a.gte(b) ? a : b
}

export function min(a: D, b: D): D {
  return a.lte(b) ? a : b
}

export function sum(values: readonly D[]): D {
  let total = ZERO
  for (const v of values) total = total.add(v)
  return total
}

/**
 * A ratio that may not exist. Never a sentinel number:
 * - `finite`: a value.
 * - `infinite`: the denominator is zero or negative while the numerator is positive
 *   (e.g. margin ratio with exposure and equity <= 0, health factor with zero... see callers).
 * - `none`: the ratio is meaningless (no exposure, no debt).
 */
export type Ratio = { kind: 'finite'; value: D } | { kind: 'infinite' } | { kind: 'none' }

export const RATIO_NONE: Ratio = { kind: 'none' }
export const RATIO_INFINITE: Ratio = { kind: 'infinite' }
export const finite = (value: D): Ratio => ({ kind: 'finite', value })

/** Orders ratios: none < finite (by value) < infinite. Useful for "closest to liquidation". */
export function compareRatio(a: Ratio, b: Ratio): number {
  const rank = (r: Ratio) => (r.kind === 'none' ? 0 : r.kind === 'finite' ? 1 : 2)
  if (rank(a) !== rank(b)) return rank(a) - rank(b)
  if (a.kind === 'finite' && b.kind === 'finite') return a.value.comparedTo(b.value)
  return 0
}
