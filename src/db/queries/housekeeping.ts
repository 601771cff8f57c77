import type { Database } from '../client'

/** How long bookkeeping rows outlive their use. */
export const RETENTION_MS = {
  /** Rate-limit windows are at most an hour long. */
  rateLimitWindows: 86_400_000,
  /** Nonces expire after 10 minutes; a day keeps "already used" answers for late replays. */
  siweNonces: 86_400_000,
  /** The probability rule reads 6 hours of minute prices; a week leaves room for longer windows. */
  priceHistory: 7 * 86_400_000,
  /** Events handed to their endpoint; the endpoint's object forgets finished deliveries after 30 days too. */
  alertEvents: 30 * 86_400_000,
  /** The dashboard's history (per margin account per minute) shows up to a week. */
  riskMinutes: 7 * 86_400_000,
  /** A live-push watch is renewed while its object holds streams; an hour past expiry it is gone. */
  riskWatches: 3_600_000,
} as const

/**
 * Deletes expired bookkeeping (rate-limit windows, used or expired sign-in nonces, old minute prices, events
 * handed off long ago, old risk minutes, expired live-push watches) in
 * one batch; the cron runs it every tick, so each run deletes about a minute's worth of rows.
 */
export async function sweepExpiredRows(db: Database, nowMs: number): Promise<void> {
  const d1 = db.$client
  await d1.batch([
    d1.prepare('DELETE FROM rate_limit_windows WHERE window_start_ms < ?1').bind(nowMs - RETENTION_MS.rateLimitWindows),
    d1.prepare('DELETE FROM siwe_nonces WHERE expires_at_ms < ?1').bind(nowMs - RETENTION_MS.siweNonces),
    d1.prepare('DELETE FROM price_history WHERE minute_ms < ?1').bind(nowMs - RETENTION_MS.priceHistory),
    d1.prepare('DELETE FROM alert_events WHERE handed_off_at_ms < ?1').bind(nowMs - RETENTION_MS.alertEvents),
    d1.prepare('DELETE FROM risk_minutes WHERE minute_ms < ?1').bind(nowMs - RETENTION_MS.riskMinutes),
    d1.prepare('DELETE FROM risk_watches WHERE expires_at_ms < ?1').bind(nowMs - RETENTION_MS.riskWatches),
  ])
}
