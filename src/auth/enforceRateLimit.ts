import type { Database } from '../db/client'
import { consumeRateLimit } from '../db/queries/rateLimits'
import { RateLimitedError } from '../errors/auth'

export type EnforceRateLimitParameters = {
  /** What is limited for whom, e.g. `key_…:requests` or `nonce:203.0.113.7`. */
  bucket: string
  limit: number
  windowMs: number
  nowMs: number
  /** Says what ran out, e.g. `Too many requests for this API key`; the limit and the wait are appended. */
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
  throw new RateLimitedError(
    `${message} (${limit} per ${describeWindow(windowMs)}); retry in ${retryAfterSeconds} s.`,
    {
      retryAfterSeconds,
    },
  )
}

function describeWindow(windowMs: number): string {
  if (windowMs % 3_600_000 === 0) return windowMs === 3_600_000 ? 'hour' : `${windowMs / 3_600_000} hours`
  if (windowMs % 60_000 === 0) return windowMs === 60_000 ? 'minute' : `${windowMs / 60_000} minutes`
  return `${Math.ceil(windowMs / 1000)} s`
}
