import { GraphQLScalarType, Kind } from 'graphql'
import { type Address, getAddress, isAddress } from 'viem'
import { invalidScalar } from './invalid'

const EXPECTED = 'a 0x-prefixed 20-byte hex string (mixed case must be a valid EIP-55 checksum)'

function parseAddress(value: unknown): Address {
  if (typeof value !== 'string') throw invalidScalar('Address', EXPECTED, value)
  const hex = value.slice(2)
  // One letter case carries no checksum; mixed case must be EIP-55 valid (a wrong one is a likely typo).
  const strict = hex !== hex.toLowerCase() && hex !== hex.toUpperCase()
  if (!isAddress(value, { strict })) throw invalidScalar('Address', EXPECTED, value)
  return getAddress(value)
}

/** EVM address: all-lower, all-upper or checksummed in; EIP-55 checksummed out (viem `isAddress` / `getAddress`). */
export const AddressScalar = new GraphQLScalarType<Address, Address>({
  name: 'Address',
  serialize: parseAddress,
  parseValue: parseAddress,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalidScalar('Address', `${EXPECTED} in a string literal`)
    return parseAddress(ast.value)
  },
})
