import { type Address, getAddress, isAddress } from 'viem'
import { parseSiweMessage } from 'viem/siwe'
import { UnauthenticatedError } from '../errors/auth'

/** How fresh a sign-in message must be (EIP-4361 `Issued At`). */
export const SIWE_FRESHNESS = {
  /** Older messages are refused: a signed message lying around is not a standing credential. */
  maxAgeMs: 10 * 60_000,
  /** Tolerated clock skew of the signing device. */
  maxFutureMs: 60_000,
} as const

/** Longer messages are refused before parsing (a wallet's message is a few hundred characters). */
export const SIWE_MAX_MESSAGE_CHARS = 8_192

export type ParseSignInMessageParameters = {
  /** The EIP-4361 message as signed. */
  message: string
  /** This API's RFC 3986 authority (`host[:port]`): the `domain` the message must name. */
  domain: string
  /** Chains a message may name (the deployment's configured chains). */
  chainIds: readonly number[]
  /** The request clock (Unix ms). */
  nowMs: number
}

/** The fields sign-in acts on, checked. */
export type ParseSignInMessageReturnType = {
  /** EIP-55. */
  address: Address
  chainId: number
  nonce: string
  issuedAtMs: number
  expirationTimeMs: number | null
}

export type ParseSignInMessageErrorType = UnauthenticatedError

/**
 * Parses a Sign-In with Ethereum message (viem's `parseSiweMessage`) and checks everything that does
 * not need storage or a chain: required fields, version, address, domain, chain id, expiration, not
 * before and issued-at freshness. Pure: the clock is an argument. Each refusal says what is wrong,
 * so a wallet integrator can fix it without guessing. The nonce and signature are checked by `signIn`.
 *
 * @throws {UnauthenticatedError} for any message that must not sign in.
 * @see https://eips.ethereum.org/EIPS/eip-4361
 * @example
 * parseSignInMessage({ message, domain: 'api.solvent.xyz', chainIds: [1, 42161], nowMs: Date.now() })
 * // { address: '0x…', chainId: 1, nonce: '…', issuedAtMs: …, expirationTimeMs: null }
 */
export function parseSignInMessage({
  message,
  domain,
  chainIds,
  nowMs,
}: ParseSignInMessageParameters): ParseSignInMessageReturnType {
  if (message.length > SIWE_MAX_MESSAGE_CHARS) {
    throw refuse(`The message is longer than ${SIWE_MAX_MESSAGE_CHARS} characters; sign a standard EIP-4361 message.`)
  }
  const fields = parseSiweMessage(message)
  if (!fields.domain || !fields.address) {
    throw refuse(
      'The message is not an EIP-4361 sign-in message: it must start with "<domain> wants you to sign in with your Ethereum account:" and an address.',
    )
  }
  const { uri, version, chainId, nonce, issuedAt } = fields
  if (!uri || !version || !chainId || !nonce || !issuedAt) {
    const present = { URI: uri, Version: version, 'Chain ID': chainId, Nonce: nonce, 'Issued At': issuedAt }
    const missing = Object.entries(present).filter(([, value]) => !value)
    throw refuse(
      `The message is not an EIP-4361 sign-in message: it lacks ${missing.map(([name]) => name).join(', ')}.`,
    )
  }
  if (version !== '1') throw refuse(`The message has Version ${version}; EIP-4361 messages are Version 1.`)
  const issuedAtMs = timeOf('Issued At', issuedAt)
  const expirationTimeMs = fields.expirationTime ? timeOf('Expiration Time', fields.expirationTime) : null
  const notBeforeMs = fields.notBefore ? timeOf('Not Before', fields.notBefore) : null
  const hex = fields.address.slice(2)
  const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase()
  if (!isAddress(fields.address, { strict: mixedCase })) {
    throw refuse("The message's address has an invalid EIP-55 checksum.")
  }

  if (fields.domain !== domain) {
    throw refuse(`The message is for domain "${fields.domain}", not this API ("${domain}").`)
  }
  if (!chainIds.includes(chainId)) {
    throw refuse(`Chain ${chainId} is not a chain this API signs in on; use one of requestNonce's chainIds.`)
  }
  if (expirationTimeMs !== null && nowMs >= expirationTimeMs) {
    throw refuse(`The message expired at ${iso(expirationTimeMs)}.`)
  }
  if (notBeforeMs !== null && nowMs < notBeforeMs) {
    throw refuse(`The message is not valid before ${iso(notBeforeMs)}.`)
  }
  if (nowMs - issuedAtMs > SIWE_FRESHNESS.maxAgeMs) {
    throw refuse(
      `The message was issued at ${iso(issuedAtMs)}, more than ${SIWE_FRESHNESS.maxAgeMs / 60_000} minutes ago; sign a new one.`,
    )
  }
  if (issuedAtMs - nowMs > SIWE_FRESHNESS.maxFutureMs) {
    throw refuse(`The message's Issued At (${iso(issuedAtMs)}) is in the future; check the signing device's clock.`)
  }
  return { address: getAddress(fields.address), chainId, nonce, issuedAtMs, expirationTimeMs }
}

function refuse(shortMessage: string): UnauthenticatedError {
  return new UnauthenticatedError(shortMessage)
}

/** viem parses a malformed date-time into an invalid Date; refuse it rather than skip the check. */
function timeOf(field: string, date: Date): number {
  const ms = date.getTime()
  if (Number.isNaN(ms)) throw refuse(`The message's ${field} is not an RFC 3339 date-time.`)
  return ms
}

const iso = (ms: number) => new Date(ms).toISOString()
