import { createSiweMessage, generateSiweNonce } from 'viem/siwe'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../src/alerts/ids'
import { generateApiKey } from '../../../src/auth/generateApiKey'
import { generateNonce } from '../../../src/auth/generateNonce'
import { parseSignInMessage, SIWE_FRESHNESS } from '../../../src/auth/parseSignInMessage'
import { UnauthenticatedError } from '../../../src/errors/auth'

const NOW_MS = Date.UTC(2026, 4, 1, 12)
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const DOMAIN = 'api.solvent.test'

type MessageFields = Partial<Parameters<typeof createSiweMessage>[0]>

function message(fields: MessageFields = {}): string {
  return createSiweMessage({
    domain: DOMAIN,
    address: ADDRESS,
    uri: `https://${DOMAIN}`,
    version: '1',
    chainId: 1,
    nonce: 'abcdef0123456789',
    issuedAt: new Date(NOW_MS - 5_000),
    ...fields,
  })
}

function parse(text: string) {
  return parseSignInMessage({ message: text, domain: DOMAIN, chainIds: [1, 31337], nowMs: NOW_MS })
}

/** The refusal's message; fails the test when the message is accepted or fails otherwise. */
function refusal(text: string): string {
  try {
    parse(text)
  } catch (error) {
    if (error instanceof UnauthenticatedError) return error.shortMessage
    throw error
  }
  throw new Error('accepted')
}

describe('parseSignInMessage', () => {
  it('returns the checked fields of a valid message', () => {
    const expirationTime = new Date(NOW_MS + 60_000)
    expect(parse(message({ chainId: 31337, expirationTime, address: ADDRESS.toLowerCase() as `0x${string}` }))).toEqual(
      {
        address: ADDRESS,
        chainId: 31337,
        nonce: 'abcdef0123456789',
        issuedAtMs: NOW_MS - 5_000,
        expirationTimeMs: expirationTime.getTime(),
      },
    )
  })

  it('accepts the edges of the freshness window', () => {
    expect(parse(message({ issuedAt: new Date(NOW_MS - SIWE_FRESHNESS.maxAgeMs) })).issuedAtMs).toBe(
      NOW_MS - SIWE_FRESHNESS.maxAgeMs,
    )
    expect(parse(message({ issuedAt: new Date(NOW_MS + SIWE_FRESHNESS.maxFutureMs) })).issuedAtMs).toBe(
      NOW_MS + SIWE_FRESHNESS.maxFutureMs,
    )
    expect(parse(message({ notBefore: new Date(NOW_MS) })).chainId).toBe(1)
  })

  const refusals: [string, string, RegExp][] = [
    ['another domain', message({ domain: 'evil.example' }), /domain "evil\.example", not this API/],
    ['the same host on another port', message({ domain: `${DOMAIN}:8443` }), /not this API/],
    ['an unconfigured chain', message({ chainId: 10 }), /Chain 10 is not a chain this API signs in on/],
    ['an expired message', message({ expirationTime: new Date(NOW_MS) }), /expired at 2026-05-01T12:00:00\.000Z/],
    ['a message not valid yet', message({ notBefore: new Date(NOW_MS + 1) }), /not valid before/],
    [
      'a stale issuedAt',
      message({ issuedAt: new Date(NOW_MS - SIWE_FRESHNESS.maxAgeMs - 1) }),
      /more than 10 minutes ago/,
    ],
    ['an issuedAt in the future', message({ issuedAt: new Date(NOW_MS + 61_000) }), /in the future/],
    ['plain text', 'hello', /not an EIP-4361 sign-in message: it must start/],
    [
      'a message without its fields',
      `${DOMAIN} wants you to sign in with your Ethereum account:\n${ADDRESS}\n\n`,
      /lacks URI, Version, Chain ID, Nonce, Issued At/,
    ],
    ['version 2', message().replace('Version: 1', 'Version: 2'), /Version 2; EIP-4361 messages are Version 1/],
    [
      'a date that is not RFC 3339',
      message().replace(/Issued At: .*/, 'Issued At: yesterday'),
      /Issued At is not an RFC 3339/,
    ],
    [
      'a bad EIP-55 checksum',
      message().replace(ADDRESS, '0x70997970c51812dc3A010C7d01b50e0d17dc79C8'),
      /invalid EIP-55 checksum/,
    ],
    ['an oversized message', message({ statement: 'x'.repeat(9_000) }), /longer than 8192 characters/],
  ]

  it.each(refusals)('refuses %s', (_name, text, reason) => {
    expect(refusal(text)).toMatch(reason)
  })

  it('gives every refusal its own message', () => {
    // Without the values they quote, the two domain cases read alike; every other reason reads differently.
    const reasons = refusals.map(([, text]) => refusal(text).replace(/"[^"]*"|\([^)]*\)|[\d:.TZ-]{10,}|\d+/g, '…'))
    expect(new Set(reasons).size).toBe(refusals.length - 1)
  })
})

describe('generateNonce', () => {
  it('is an EIP-4361 nonce with 128 random bits', () => {
    const nonces = Array.from({ length: 200 }, generateNonce)
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(nonces).size).toBe(200)
  })

  it('does not leak the next nonce (viem generateSiweNonce does: consecutive ones overlap)', () => {
    const overlaps = (generate: () => string) => {
      const nonces = Array.from({ length: 5 }, generate)
      return nonces.slice(1).filter((next, i) => nonces[i]?.slice(1) === next.slice(0, -1)).length
    }
    // viem refills its buffer every ~400 calls, which can break at most one of the four pairs.
    expect(overlaps(generateSiweNonce)).toBeGreaterThanOrEqual(3)
    expect(overlaps(generateNonce)).toBe(0)
  })
})

describe('generateApiKey', () => {
  it('is slv_ + 64 hex, stored as its SHA-256 with a 12-character prefix', async () => {
    const { apiKey, keyHash, prefix } = await generateApiKey()
    expect(apiKey).toMatch(/^slv_[0-9a-f]{64}$/)
    expect(keyHash).toBe(await sha256Hex(apiKey))
    expect(keyHash).not.toContain(apiKey.slice(4))
    expect(prefix).toBe(apiKey.slice(0, 12))
  })
})
