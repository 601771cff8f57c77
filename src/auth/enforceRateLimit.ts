import type { Database } from '../db/client'
import { consumeRateLimit } from '../db/queries/rateLimits'
import { RateLimitedError } from '../errors/auth'

export type EnforceRateLimitParameters = {
  /** What is limited for whom, e.g. `key_…:requests` or `nonce:203.0.113.7`. */
  bucket: string
  limit: number
  windowMs: number
  nowMs: number
  /** Says what ran out, e.g. `Too many requests for this API key`; the wait is appended (never the limit). */
  message: string
}

/**
 * Counts one use against a fixed-window limit and throws RATE_LIMITED, with the seconds until the
 * window resets, once it is exhausted. Refused uses still count, so hammering does not help.
 *
 * @throws {RateLimitedError} past `limit` uses in the window.
 */
export async function enforceRateLimit(
  db: Database,
  { bucket, limit, windowMs, nowMs, message }: EnforceRateLimitParameters,
): Promise<void> {
  const { allowed, resetAtMs } = await consumeRateLimit(db, { bucket, limit, windowMs, nowMs })
  if (allowed) return
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000))
  // The limit stays out of the message: a client learns when to come back, not how much it may send.
  throw new RateLimitedError(`${message}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds })
}
