import { sql } from 'drizzle-orm'
import type { Database } from '../client'
import { rateLimitWindows } from '../schema'

export type ConsumeRateLimitParameters = {
  /** What is limited for whom, e.g. `key_…:requests`. */
  bucket: string
  limit: number
  windowMs: number
  nowMs: number
}

export type ConsumeRateLimitReturnType = {
  allowed: boolean
  /** Requests counted in this window, this one included. */
  count: number
  /** Unix ms when the window resets. */
  resetAtMs: number
}

/**
 * Counts one use in a fixed window and says whether it is within `limit`. One statement (an upsert
 * returning the new count), so concurrent requests cannot both take the last slot.
 */
export async function consumeRateLimit(
  db: Database,
  { bucket, limit, windowMs, nowMs }: ConsumeRateLimitParameters,
): Promise<ConsumeRateLimitReturnType> {
  const windowStartMs = nowMs - (nowMs % windowMs)
  const [row] = await db
    .insert(rateLimitWindows)
    .values({ bucket, windowStartMs, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitWindows.bucket, rateLimitWindows.windowStartMs],
      set: { count: sql`${rateLimitWindows.count} + 1` },
    })
    .returning({ count: rateLimitWindows.count })
  const count = row?.count ?? 1
  return { allowed: count <= limit, count, resetAtMs: windowStartMs + windowMs }
}
