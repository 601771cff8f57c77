import { GraphQLScalarType, Kind } from 'graphql'
import { D, type FigureKind, formatFigure } from '../../engine'
import { invalidScalar } from './invalid'

/** Plain decimal notation only: no exponent, no hex, no `Infinity`, at most 78 digits on each side of the point. */
const DECIMAL_RE = /^-?(0|[1-9]\d{0,77})(\.\d{1,78})?$/
const EXPECTED = 'a decimal string such as "1234.5" (numbers are not accepted: pass a string)'

function parseDecimal(name: string, value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL_RE.test(value)) throw invalidScalar(name, EXPECTED, value)
  return value
}

/**
 * A decimal scalar of one kind. On output it takes the engine's `D`, a bigint or a decimal string
 * and prints it at the kind's precision; a JS number is a programming error and is refused. On input
 * it takes a decimal string, exactly as sent (inputs are never rounded).
 */
function createDecimalScalar(name: FigureKind): GraphQLScalarType<string, string> {
  // A `D` is immutable, and the engine's reports of cached snapshots are shared across requests
  // (src/portfolio/evaluateEntries.ts): each value is printed once per kind per isolate.
  const printed = new WeakMap<D, string>()
  return new GraphQLScalarType<string, string>({
    name,
    serialize: (value) => {
      if (value instanceof D) {
        let text = printed.get(value)
        if (text === undefined) {
          text = formatFigure(value, name)
          printed.set(value, text)
        }
        return text
      }
      if (typeof value === 'bigint') return value.toString()
      return formatFigure(new D(parseDecimal(name, value)), name)
    },
    parseValue: (value) => parseDecimal(name, value),
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw invalidScalar(name, EXPECTED)
      return parseDecimal(name, ast.value)
    },
  })
}

export const BigDecimalScalar = createDecimalScalar('BigDecimal')
export const UsdAmountScalar = createDecimalScalar('UsdAmount')
export const UsdPriceScalar = createDecimalScalar('UsdPrice')
export const QuantityScalar = createDecimalScalar('Quantity')
export const FractionScalar = createDecimalScalar('Fraction')
