import { and, asc, gte, inArray } from 'drizzle-orm'
import type { Database } from '../client'
import { priceHistory } from '../schema'
import { chunk, IDS_PER_STATEMENT } from './alertSubscriptions'

export type PricePoint = { minuteMs: number; price: string }

/**
 * Records one price per underlying for the minute of `atMs` (the first observation of a minute wins:
 * an overlapping tick adds nothing). One statement whatever the number of underlyings: the rows travel
 * as one JSON parameter.
 */
export function recordPricesStatement(db: Database, prices: ReadonlyMap<string, string>, atMs: number) {
  const minuteMs = atMs - (atMs % 60_000)
  const rows = JSON.stringify([...prices].map(([underlying, price]) => ({ u: underlying, p: price })))
  return db.$client
    .prepare(
      `INSERT INTO price_history (underlying, minute_ms, price)
       SELECT json_extract(value, '$.u'), ?1, json_extract(value, '$.p') FROM json_each(?2) WHERE true
       ON CONFLICT DO NOTHING`,
    )
    .bind(minuteMs, rows)
}

/** Prices of the underlyings since `sinceMs`, oldest first, per underlying. */
export async function getPriceHistory(
  db: Database,
  underlyings: readonly string[],
  sinceMs: number,
): Promise<Map<string, PricePoint[]>> {
  const out = new Map<string, PricePoint[]>()
  for (const names of chunk(underlyings, IDS_PER_STATEMENT)) {
    const rows = await db
      .select()
      .from(priceHistory)
      .where(and(inArray(priceHistory.underlying, names), gte(priceHistory.minuteMs, sinceMs)))
      .orderBy(asc(priceHistory.underlying), asc(priceHistory.minuteMs))
    for (const row of rows) {
      const points = out.get(row.underlying) ?? []
      points.push({ minuteMs: row.minuteMs, price: row.price })
      out.set(row.underlying, points)
    }
  }
  return out
}
