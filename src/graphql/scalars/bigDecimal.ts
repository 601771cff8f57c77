import { GraphQLScalarType, Kind } from 'graphql'
import { D } from '../../engine/decimal'
import { invalidScalar } from './invalid'

/** Plain decimal notation only: no exponent, no hex, no `Infinity`, at most 78 digits on each side of the point. */
const BIG_DECIMAL_RE = /^-?(0|[1-9]\d{0,77})(\.\d{1,78})?$/
const EXPECTED = 'a decimal string such as "1234.5" (numbers are not accepted: pass a string)'

function parseBigDecimal(value: unknown): string {
  if (typeof value !== 'string' || !BIG_DECIMAL_RE.test(value)) throw invalidScalar('BigDecimal', EXPECTED, value)
  return value
}

/**
 * Exact decimal as a string in both directions. On output it accepts the engine's `D` (printed
 * without exponent), a bigint or a decimal string; a JS number is a programming error and is refused.
 */
export const BigDecimalScalar = new GraphQLScalarType<string, string>({
  name: 'BigDecimal',
  serialize: (value) => {
    if (value instanceof D) return value.toFixed()
    if (typeof value === 'bigint') return value.toString()
    return parseBigDecimal(value)
  },
  parseValue: parseBigDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalidScalar('BigDecimal', EXPECTED)
    return parseBigDecimal(ast.value)
  },
})
