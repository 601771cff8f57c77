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
  parameters: SpendRateLimitParameters,
): Promise<SpendRateLimitReturnType> {
  const spend = prepareRateLimitSpend(db, parameters)
  return spend.statement ? spend.decide(await spend.statement.run<{ count: number }>()) : spend.decide(undefined)
}

export type PreparedRateLimitSpend = {
  /** The upsert to run, alone or in a D1 batch with other statements; undefined when no write is needed (refused outright). */
  statement: D1PreparedStatement | undefined
  /** The outcome from the statement's result (undefined when there was no statement). */
  decide(result: D1Result<{ count: number }> | undefined): SpendRateLimitReturnType
}

/**
 * `spendRateLimit` as a statement not yet run, so it can ride in the same D1 batch as a request's
 * other statements (one round trip to D1 instead of two): the request's budget spent with its cache
 * read. The statement is prepared once per binding.
 */
export function prepareRateLimitSpend(
  db: Database,
  { bucket, cost, limit, windowMs, nowMs }: SpendRateLimitParameters,
): PreparedRateLimitSpend {
  const windowStartMs = nowMs - (nowMs % windowMs)
  const resetAtMs = windowStartMs + windowMs
  if (cost > limit) return { statement: undefined, decide: () => ({ allowed: false, resetAtMs }) }
  return {
    statement: spendStatement(db.$client).bind(bucket, windowStartMs, cost, limit),
    decide: (result) => ({ allowed: (result?.results.length ?? 0) > 0, resetAtMs }),
  }
}

/** Adds ?3 to the window's count only while it stays within ?4; a row comes back when spent. */
const SPEND_SQL = `INSERT INTO rate_limit_windows (bucket, window_start_ms, count) VALUES (?1, ?2, ?3)
  ON CONFLICT (bucket, window_start_ms) DO UPDATE SET count = count + ?3 WHERE count + ?3 <= ?4
  RETURNING count`
const spendStatements = new WeakMap<D1Database, D1PreparedStatement>()
function spendStatement(d1: D1Database): D1PreparedStatement {
  let statement = spendStatements.get(d1)
  if (!statement) {
    statement = d1.prepare(SPEND_SQL)
    spendStatements.set(d1, statement)
  }
  return statement
}
