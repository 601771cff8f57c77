import { and, asc, gte, inArray } from 'drizzle-orm'
import type { Ratio } from '../../engine'
import { dec } from '../../engine'
import type { MarginAccountView } from '../../portfolio/types'
import type { Database } from '../client'
import { riskMinutes, riskWatches } from '../schema'
import { chunk, IDS_PER_STATEMENT } from './alertSubscriptions'

/** One minute of one margin account (what `RiskHistoryPoint` resolves from). */
export type RiskHistoryPointView = {
  atMs: number
  equityUsd: string
  maintenanceMarginUsd: string
  marginRatio: Ratio
  healthFactor: Ratio | null
  liquidatable: boolean
}

/** What `RiskHistorySeries` resolves from. */
export type RiskHistorySeriesView = {
  marginAccount: string
  protocol: string
  account: string
  points: RiskHistoryPointView[]
}

const encodeRatio = (ratio: Ratio): string =>
  ratio.kind === 'finite' ? ratio.value.toFixed() : ratio.kind === 'infinite' ? 'infinite' : 'none'

const decodeRatio = (text: string): Ratio =>
  text === 'infinite' ? { kind: 'infinite' } : text === 'none' ? { kind: 'none' } : { kind: 'finite', value: dec(text) }

/**
 * Records the evaluated margin accounts for the minute of `atMs`, in one statement whatever their number
 * (the rows travel as one JSON parameter). A later evaluation in the same minute replaces the row: the
 * minute shows its latest state (a manual sandbox tick after a price move is not hidden by the cron's).
 */
export function recordRiskMinutesStatement(db: Database, views: readonly MarginAccountView[], atMs: number) {
  const minuteMs = atMs - (atMs % 60_000)
  const rows = JSON.stringify(
    views.map((view) => ({
      id: view.id,
      a: view.snapshot.account,
      p: view.snapshot.venue,
      e: view.report.equityUsd.toFixed(),
      m: view.report.maintenanceMarginUsd.toFixed(),
      r: encodeRatio(view.report.marginRatio),
      h: view.report.healthFactor === null ? null : encodeRatio(view.report.healthFactor),
      l: view.report.liquidatable ? 1 : 0,
    })),
  )
  return db.$client
    .prepare(
      `INSERT INTO risk_minutes (margin_account_id, minute_ms, account, protocol, equity_usd, maintenance_margin_usd,
         margin_ratio, health_factor, liquidatable)
       SELECT json_extract(value, '$.id'), ?1, json_extract(value, '$.a'), json_extract(value, '$.p'),
         json_extract(value, '$.e'), json_extract(value, '$.m'), json_extract(value, '$.r'), json_extract(value, '$.h'),
         json_extract(value, '$.l')
       FROM json_each(?2) WHERE true
       ON CONFLICT (margin_account_id, minute_ms) DO UPDATE SET equity_usd = excluded.equity_usd,
         maintenance_margin_usd = excluded.maintenance_margin_usd, margin_ratio = excluded.margin_ratio,
         health_factor = excluded.health_factor, liquidatable = excluded.liquidatable`,
    )
    .bind(minuteMs, rows)
}

/** The minute records of the addresses since `sinceMs`, one series per margin account, oldest point first. */
export async function getRiskHistory(
  db: Database,
  accounts: readonly string[],
  sinceMs: number,
): Promise<RiskHistorySeriesView[]> {
  const series = new Map<string, RiskHistorySeriesView>()
  for (const names of chunk(accounts, IDS_PER_STATEMENT)) {
    const rows = await db
      .select()
      .from(riskMinutes)
      .where(and(inArray(riskMinutes.account, names), gte(riskMinutes.minuteMs, sinceMs)))
      .orderBy(asc(riskMinutes.marginAccountId), asc(riskMinutes.minuteMs))
    for (const row of rows) {
      const one = series.get(row.marginAccountId) ?? {
        marginAccount: row.marginAccountId,
        protocol: row.protocol,
        account: row.account,
        points: [],
      }
      one.points.push({
        atMs: row.minuteMs,
        equityUsd: row.equityUsd,
        maintenanceMarginUsd: row.maintenanceMarginUsd,
        marginRatio: decodeRatio(row.marginRatio),
        healthFactor: row.healthFactor === null ? null : decodeRatio(row.healthFactor),
        liquidatable: row.liquidatable,
      })
      series.set(row.marginAccountId, one)
    }
  }
  return [...series.values()]
}

export type RiskWatch = { key: string; addresses: string[] }

/** Writes (or renews) the watch of one live-push object. */
export async function putRiskWatch(
  db: Database,
  { key, addresses, streams, expiresAtMs }: RiskWatch & { streams: number; expiresAtMs: number },
): Promise<void> {
  await db
    .insert(riskWatches)
    .values({ key, addresses: JSON.stringify(addresses), streams, expiresAtMs })
    .onConflictDoUpdate({ target: riskWatches.key, set: { streams, expiresAtMs } })
}

export async function deleteRiskWatch(db: Database, key: string): Promise<void> {
  await db.delete(riskWatches).where(inArray(riskWatches.key, [key]))
}

/** The watches still live at `nowMs`, at most `limit`. */
export async function getLiveRiskWatches(db: Database, nowMs: number, limit: number): Promise<RiskWatch[]> {
  const rows = await db
    .select({ key: riskWatches.key, addresses: riskWatches.addresses })
    .from(riskWatches)
    .where(gte(riskWatches.expiresAtMs, nowMs))
    .orderBy(asc(riskWatches.key))
    .limit(limit)
  return rows.map((row) => ({ key: row.key, addresses: JSON.parse(row.addresses) as string[] }))
}
