import { bech32 } from '@scure/base'
import { getAddress, isAddress } from 'viem'
import { InvalidInputError } from '../errors/input'
import type { AccountRef } from './types'

export type ParseAccountParameters = string
export type ParseAccountReturnType = AccountRef
export type ParseAccountErrorType = InvalidInputError

/** Human-readable part of dYdX v4 addresses (Cosmos SDK bech32, 20-byte account). */
const DYDX_HRP = 'dydx'
/** BIP-173 caps an address at 90 characters. */
const BECH32_MAX_LENGTH = 90
const EVM_RE = /^0x[0-9a-fA-F]{40}$/
const BECH32_RE = /^([a-z0-9]+)1[02-9ac-hj-np-z]+$/i

/**
 * Parses an account as a caller typed it into an {@link AccountRef}:
 *
 * - an EVM address (`0x` + 40 hex digits): all-lowercase or all-uppercase digits are taken as they
 *   are; mixed case must carry a valid EIP-55 checksum. Returned checksummed.
 * - a dYdX v4 address: bech32 (BIP-173) with the `dydx` prefix and a 20-byte payload, e.g.
 *   `dydx1y5crk3j3t3nhylvgjw02nd9let27p6lkx9le25`. Returned in lowercase. Other Cosmos prefixes
 *   (`cosmos1…`, `osmo1…`, `noble1…`) are refused: the same key has a different address per chain.
 *
 * Surrounding whitespace is ignored.
 *
 * @see https://eips.ethereum.org/EIPS/eip-55
 * @see https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki
 * @see https://docs.dydx.xyz/concepts/trading/accounts-and-subaccounts
 * @throws {InvalidInputError} `BAD_USER_INPUT` with a message that says what is wrong.
 * @example
 * parseAccount('0x70997970c51812dc3a010c7d01b50e0d17dc79c8')
 * // { kind: 'evm', address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' }
 */
export function parseAccount(input: ParseAccountParameters): ParseAccountReturnType {
  const value = input.trim()
  if (value === '') throw new InvalidInputError('An account address is required.')
  if (/^0x/i.test(value)) return parseEvm(value)
  if (BECH32_RE.test(value)) return parseDydx(value)
  throw new InvalidInputError(`"${shorten(value)}" is not an account address.`, {
    metaMessages: ['Expected an EVM address (0x + 40 hex digits) or a dYdX address (dydx1…).'],
  })
}

function parseEvm(value: string): AccountRef {
  if (!value.startsWith('0x') || !EVM_RE.test(value)) {
    throw new InvalidInputError(`"${shorten(value)}" is not an EVM address: expected 0x followed by 40 hex digits.`)
  }
  const digits = value.slice(2)
  const singleCase = digits === digits.toLowerCase() || digits === digits.toUpperCase()
  if (!singleCase && !isAddress(value, { strict: true })) {
    throw new InvalidInputError(`"${value}" has an invalid EIP-55 checksum.`, {
      metaMessages: ['Send the address in all lowercase, or with its correct mixed-case checksum.'],
    })
  }
  return { kind: 'evm', address: getAddress(value.toLowerCase()) }
}

function parseDydx(value: string): AccountRef {
  let decoded: { prefix: string; words: number[] }
  try {
    decoded = bech32.decode(value as `${string}1${string}`, BECH32_MAX_LENGTH)
  } catch (cause) {
    throw new InvalidInputError(`"${shorten(value)}" is not a valid bech32 address (bad checksum or characters).`, {
      cause,
    })
  }
  if (decoded.prefix !== DYDX_HRP) {
    throw new InvalidInputError(
      `"${shorten(value)}" is a ${decoded.prefix}1… address; dYdX v4 addresses start with dydx1.`,
      { metaMessages: ['The same key has a different address on each Cosmos chain: use its dydx1… form.'] },
    )
  }
  const payload = bech32.fromWordsUnsafe(decoded.words)
  if (payload === undefined || payload.length !== 20) {
    throw new InvalidInputError(`"${shorten(value)}" is not a dYdX account address: expected a 20-byte payload.`)
  }
  return { kind: 'dydx', address: bech32.encode(DYDX_HRP, decoded.words) }
}

function shorten(value: string): string {
  return value.length > 100 ? `${value.slice(0, 97)}...` : value
}
