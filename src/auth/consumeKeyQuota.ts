import { enforceRateLimit } from './enforceRateLimit'
import type { AuthContext } from './types'

export type ConsumeKeyQuotaParameters = {
  /** The key the use counts against (`requireKey(context)`'s `key.id`). */
  keyId: string
  /** The limit's name, unique per kind of use: the bucket is `${keyId}:${name}`. E.g. `test-events`. */
  name: string
  limit: number
  windowMs: number
  /** Says what ran out, e.g. `Too many test events for this API key`. */
  message: string
}

/**
 * Counts one use of a per-key, fixed-window quota (say, test sends per hour) and throws RATE_LIMITED
 * with `retryAfterSeconds` once the key has used it up. One D1 statement; safe under concurrency.
 *
 * @throws {RateLimitedError} past `limit` uses in the window.
 * @example
 * await consumeKeyQuota(context, {
 *   keyId: key.id, name: 'test-events', limit: KEY_LIMITS.testEventsPerHour, windowMs: 3_600_000,
 *   message: 'Too many test events for this API key',
 * })
 */
export async function consumeKeyQuota(
  context: Pick<AuthContext, 'db' | 'nowMs'>,
  { keyId, name, limit, windowMs, message }: ConsumeKeyQuotaParameters,
): Promise<void> {
  await enforceRateLimit(context.db, { bucket: `${keyId}:${name}`, limit, windowMs, nowMs: context.nowMs, message })
}
