import { getChainConfig } from '../chains/getChainConfig'
import { deleteExpiredSiweNonces, insertSiweNonce } from '../db/queries/siweNonces'
import { clientIp } from './clientIp'
import { enforceRateLimit } from './enforceRateLimit'
import { generateNonce } from './generateNonce'
import type { AuthContext } from './types'

/** How long a nonce can start a sign-in. */
export const SIWE_NONCE_TTL_MS = 10 * 60_000

export type RequestNonceReturnType = {
  nonce: string
  expiresAt: Date
  /** The `domain` the SIWE message must carry: this API's RFC 3986 authority (`host[:port]`). */
  domain: string
  /** The `uri` the SIWE message should carry: this API's origin. */
  uri: string
  /** Chains a message may name: the deployment's configured chains. */
  chainIds: number[]
}

/**
 * Starts a sign-in: a fresh single-use nonce, stored with its expiry, and the values the SIWE message
 * must carry. Limited per client IP (`config.siweNoncesPerMinute`), since each call writes a row.
 *
 * @throws {RateLimitedError} past the per-IP limit.
 */
export async function requestNonce(context: AuthContext): Promise<RequestNonceReturnType> {
  const { db, nowMs, request, env, config } = context
  await enforceRateLimit(db, {
    bucket: `nonce:${clientIp(request)}`,
    limit: config.siweNoncesPerMinute,
    windowMs: 60_000,
    nowMs,
    message: 'Too many sign-in nonces requested from this IP address',
  })
  const nonce = generateNonce()
  const expiresAtMs = nowMs + SIWE_NONCE_TTL_MS
  await insertSiweNonce(db, { nonce, issuedAtMs: nowMs, expiresAtMs })
  // Expired nonces can never sign in: drop them after the answer so the table stays small.
  context.executionCtx.waitUntil(deleteExpiredSiweNonces(db, nowMs))
  const url = new URL(request.url)
  return {
    nonce,
    expiresAt: new Date(expiresAtMs),
    domain: url.host,
    uri: url.origin,
    chainIds: [...getChainConfig(env).keys()],
  }
}
