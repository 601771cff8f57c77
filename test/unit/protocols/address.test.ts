import { bech32 } from '@scure/base'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../src/errors/input'
import { parseAccount } from '../../../src/protocols/address'

const checksummed = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const dydx = 'dydx1y5crk3j3t3nhylvgjw02nd9let27p6lkx9le25'

function rejects(input: string, message: RegExp) {
  let error: unknown
  try {
    parseAccount(input)
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(InvalidInputError)
  expect((error as InvalidInputError).code).toBe('BAD_USER_INPUT')
  expect((error as InvalidInputError).shortMessage).toMatch(message)
}

describe('parseAccount', () => {
  it('checksums EVM addresses given in one case', () => {
    expect(parseAccount(checksummed.toLowerCase())).toEqual({ kind: 'evm', address: checksummed })
    expect(parseAccount(`0x${checksummed.slice(2).toUpperCase()}`)).toEqual({ kind: 'evm', address: checksummed })
    expect(parseAccount(`  ${checksummed}\n`)).toEqual({ kind: 'evm', address: checksummed })
  })

  it('refuses a mixed-case EVM address with a wrong checksum', () => {
    rejects(checksummed.replace('C51812', 'c51812'), /checksum/)
  })

  it('refuses malformed EVM addresses', () => {
    rejects('0x1234', /40 hex digits/)
    rejects(`${checksummed}00`, /40 hex digits/)
    rejects(`0X${checksummed.slice(2)}`, /40 hex digits/)
    rejects('0xZZ997970C51812dc3A010C7d01b50e0d17dc79C8', /40 hex digits/)
  })

  it('accepts dYdX bech32 addresses in either case and returns lowercase', () => {
    expect(parseAccount(dydx)).toEqual({ kind: 'dydx', address: dydx })
    expect(parseAccount(dydx.toUpperCase())).toEqual({ kind: 'dydx', address: dydx })
  })

  it('refuses a bad bech32 checksum, mixed case and other Cosmos prefixes', () => {
    rejects(`${dydx.slice(0, -1)}6`, /bech32/)
    rejects(`dydx1Y5crk3j3t3nhylvgjw02nd9let27p6lkx9le25`, /bech32/)
    const words = bech32.decode(dydx).words
    rejects(bech32.encode('cosmos', words), /cosmos1… address; dYdX v4 addresses start with dydx1/)
    rejects(bech32.encode('osmo', words), /osmo1…/)
  })

  it('refuses a dydx1 address whose payload is not 20 bytes', () => {
    rejects(bech32.encode('dydx', bech32.toWords(new Uint8Array(32).fill(7))), /20-byte/)
  })

  it('refuses empty and unrelated input', () => {
    rejects('', /required/)
    rejects('vitalik.eth', /not an account address/)
    rejects('x'.repeat(500), /not an account address/)
  })
})
