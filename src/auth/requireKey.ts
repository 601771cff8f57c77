import { sha256Hex } from '../alerts/ids'
import type { AuthenticatedKey } from '../alerts/types'
import { getActiveKeyByHash, touchApiKey } from '../db/queries/apiKeys'
import { UnauthenticatedError } from '../errors/auth'
import { consumeKeyQuota } from './consumeKeyQuota'
import { KEY_LIMITS } from './limits'
import type { AuthContext } from './types'

/** `lastUsedAt` is this precise: one write per key per minute at most, not one per request. */
export const LAST_USED_PRECISION_MS = 60_000

/** One lookup per request, however many fields ask. */
const resolved = new WeakMap<object, Promise<AuthenticatedKey>>()

/**
 * The API key of this request (`Authorization: Bearer <key>`), looked up once per request; throws
 * UNAUTHENTICATED without a valid, unrevoked key and RATE_LIMITED past the key's requests per minute.
 */
export function requireKey(context: AuthContext): Promise<AuthenticatedKey> {
  let key = resolved.get(context)
  if (!key) {
    key = lookUp(context)
    resolved.set(context, key)
  }
  return key
}

async function lookUp(context: AuthContext): Promise<AuthenticatedKey> {
  const header = context.request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match?.[1]) throw new UnauthenticatedError('Sign in first: send Authorization: Bearer <apiKey>.')
  const key = await getActiveKeyByHash(context.db, await sha256Hex(match[1]))
  if (!key) throw new UnauthenticatedError('Unknown or revoked API key.')
  await consumeKeyQuota(context, {
    keyId: key.id,
    name: 'requests',
    limit: KEY_LIMITS.requestsPerMinute,
    windowMs: 60_000,
    message: 'Too many requests for this API key',
  })
  const staleBeforeMs = context.nowMs - LAST_USED_PRECISION_MS
  if (key.lastUsedAtMs === null || key.lastUsedAtMs < staleBeforeMs) {
    // After the answer: the caller never waits for bookkeeping.
    context.executionCtx.waitUntil(touchApiKey(context.db, { id: key.id, nowMs: context.nowMs, staleBeforeMs }))
  }
  return { key }
}
