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

export type SpendRateLimitParameters = {
  /** Whose budget, e.g. `budget:ip:203.0.113.7` or `budget:key_…`. */
  bucket: string
  /** Units this use costs (a whole number, at least 1). */
  cost: number
  limit: number
  windowMs: number
  nowMs: number
}

export type SpendRateLimitReturnType = {
  allowed: boolean
  /** Unix ms when the window resets. */
  resetAtMs: number
}

/**
 * Spends `cost` units of a fixed-window budget when they fit, in one statement: the upsert adds them
 * only while the window's total stays within `limit` (a refused use spends nothing, so one request
 * too large for what is left does not lock the caller out), and concurrent uses cannot both take the
 * last units. A cost above the whole limit is refused without a write.
 */
export async function spendRateLimit(
  db: Database,
  { bucket, cost, limit, windowMs, nowMs }: SpendRateLimitParameters,
): Promise<SpendRateLimitReturnType> {
  const windowStartMs = nowMs - (nowMs % windowMs)
  const resetAtMs = windowStartMs + windowMs
  if (cost > limit) return { allowed: false, resetAtMs }
  const rows = await db
    .insert(rateLimitWindows)
    .values({ bucket, windowStartMs, count: cost })
    .onConflictDoUpdate({
      target: [rateLimitWindows.bucket, rateLimitWindows.windowStartMs],
      set: { count: sql`${rateLimitWindows.count} + ${cost}` },
      setWhere: sql`${rateLimitWindows.count} + ${cost} <= ${limit}`,
    })
    .returning({ count: rateLimitWindows.count })
  return { allowed: rows.length > 0, resetAtMs }
}
