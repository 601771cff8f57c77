import { GraphQLScalarType, Kind } from 'graphql'
import { invalidScalar } from './invalid'

const ISO_UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/
const EXPECTED = 'ISO-8601 UTC such as "2026-01-31T12:00:00Z"'

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && ISO_UTC_RE.test(value) ? new Date(value) : undefined
  if (!date || Number.isNaN(date.getTime())) throw invalidScalar('DateTime', EXPECTED, value)
  return date
}

/** ISO-8601 UTC instant. Serialises a `Date` (or an ISO string) with `toISOString()`. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (value) =>
    (value instanceof Date && !Number.isNaN(value.getTime()) ? value : parseDateTime(value)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalidScalar('DateTime', `${EXPECTED} in a string literal`)
    return parseDateTime(ast.value)
  },
})
