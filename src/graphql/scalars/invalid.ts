import { GraphQLError } from 'graphql'

/** The one error every scalar throws for bad input: `BAD_USER_INPUT`, naming what was expected and what came. */
export function invalidScalar(scalar: string, expected: string, ...received: [] | [unknown]): GraphQLError {
  const got = received.length === 0 ? '' : `, got ${describe(received[0])}`
  return new GraphQLError(`Invalid ${scalar}: expected ${expected}${got}.`, { extensions: { code: 'BAD_USER_INPUT' } })
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 66 ? `${value.slice(0, 66)}…` : value)
  if (value === null) return 'null'
  return `a ${typeof value}`
}
