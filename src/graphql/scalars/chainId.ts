import { GraphQLScalarType, Kind } from 'graphql'
import { invalidScalar } from './invalid'

const EXPECTED = 'a positive integer'

/** EIP-155 chain ids are positive; 2^53 − 1 keeps them exact in JSON. */
function parseChainId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw invalidScalar('ChainId', EXPECTED, value)
  return value
}

export const ChainIdScalar = new GraphQLScalarType<number, number>({
  name: 'ChainId',
  serialize: parseChainId,
  parseValue: parseChainId,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw invalidScalar('ChainId', `${EXPECTED} literal`)
    return parseChainId(Number(ast.value))
  },
})
