import type {
  AlertEventType,
  DeliveryAttemptView,
  DeliveryCounts,
  DeliveryStatus,
  DeliveryView,
  WebhookEvent,
} from '../types'
import type { DeliveryCursor } from './cursor'

/**
 * The delivering object's own SQLite tables (ctx.storage.sql), and every statement it runs on them.
 * The storage is synchronous: a method that runs several statements without awaiting in between is
 * atomic (the runtime coalesces them into one write), so the object is never seen half-updated.
 *
 * - `deliveries`: one row per event, `schedule_*` track the current retry schedule (a replay starts a
 *   new one), `attempt_count` numbers attempts across schedules.
 * - `delivery_attempts`: one row per attempt, kept across replays.
 * - `meta`: the endpoint id the object is named after (an object cannot read its own name).
 */
export function createDeliveryTables(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    next_attempt_at_ms INTEGER,
    attempt_count INTEGER NOT NULL DEFAULT 0,
    schedule_failures INTEGER NOT NULL DEFAULT 0,
    schedule_started_at_ms INTEGER,
    finished_at_ms INTEGER
  )`)
  sql.exec('CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at_ms)')
  sql.exec('CREATE INDEX IF NOT EXISTS deliveries_newest ON deliveries (created_at_ms, id)')
  sql.exec(`CREATE TABLE IF NOT EXISTS delivery_attempts (
    event_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    status_code INTEGER,
    latency_ms INTEGER NOT NULL,
    error TEXT,
    PRIMARY KEY (event_id, number)
  )`)
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
}

/** A stored event as the delivery loop needs it. */
export type DeliveryRow = {
  id: string
  type: AlertEventType
  body: string
  created_at_ms: number
  status: DeliveryStatus
  next_attempt_at_ms: number | null
  attempt_count: number
  schedule_failures: number
  schedule_started_at_ms: number | null
  finished_at_ms: number | null
}

type AttemptRow = {
  event_id: string
  number: number
  at_ms: number
  status_code: number | null
  latency_ms: number
  error: string | null
}

export function getEndpointId(sql: SqlStorage): string | null {
  return sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'endpointId'").toArray()[0]?.value ?? null
}

export function setEndpointId(sql: SqlStorage, endpointId: string): void {
  sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('endpointId', ?)", endpointId)
}

/** Stores an event as pending and due at `dueAtMs`; false when its id is already stored (nothing changes). */
export function insertDelivery(sql: SqlStorage, event: WebhookEvent, dueAtMs: number): boolean {
  const cursor = sql.exec(
    `INSERT INTO deliveries (id, type, body, created_at_ms, status, next_attempt_at_ms)
     VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (id) DO NOTHING`,
    event.id,
    event.type,
    event.body,
    event.createdAtMs,
    dueAtMs,
  )
  return cursor.rowsWritten > 0
}

/** Pending events due at `nowMs`, longest waiting first. */
export function getDueDeliveries(sql: SqlStorage, nowMs: number, limit: number): DeliveryRow[] {
  return sql
    .exec<DeliveryRow>(
      `SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at_ms <= ?
       ORDER BY next_attempt_at_ms, created_at_ms, id LIMIT ?`,
      nowMs,
      limit,
    )
    .toArray()
}

export function getNextAttemptAtMs(sql: SqlStorage): number | null {
  return (
    sql
      .exec<{ at: number | null }>("SELECT min(next_attempt_at_ms) AS at FROM deliveries WHERE status = 'pending'")
      .one().at ?? null
  )
}

export function countPending(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT count(*) AS n FROM deliveries WHERE status = 'pending'").one().n
}

export type AttemptRecord = { atMs: number; statusCode: number | null; latencyMs: number; error: string | null }

/**
 * Records one attempt and moves the event: `delivered`, `dead`, or still pending with its next attempt
 * at `nextAttemptAtMs` (`countsAsFailure` = false for a 410: the endpoint is disabled and the event
 * waits, its schedule untouched, for the resume). Reads the row again first: a replay or a purge may
 * have happened while the attempt was in flight (the object serves calls during a fetch). False when the
 * event is gone (purged).
 */
export function recordAttempt(
  sql: SqlStorage,
  eventId: string,
  attempt: AttemptRecord,
  next: { status: DeliveryStatus; nextAttemptAtMs: number | null; countsAsFailure: boolean },
): boolean {
  const row = sql
    .exec<{ attempt_count: number }>('SELECT attempt_count FROM deliveries WHERE id = ?', eventId)
    .toArray()[0]
  if (!row) return false
  const number = row.attempt_count + 1
  sql.exec(
    'INSERT INTO delivery_attempts (event_id, number, at_ms, status_code, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?)',
    eventId,
    number,
    attempt.atMs,
    attempt.statusCode,
    attempt.latencyMs,
    attempt.error,
  )
  sql.exec(
    `UPDATE deliveries SET status = ?, next_attempt_at_ms = ?, attempt_count = ?,
       schedule_failures = schedule_failures + ?, schedule_started_at_ms = coalesce(schedule_started_at_ms, ?),
       finished_at_ms = ?
     WHERE id = ?`,
    next.status,
    next.status === 'pending' ? next.nextAttemptAtMs : null,
    number,
    next.countsAsFailure ? 1 : 0,
    attempt.atMs,
    next.status === 'pending' ? null : attempt.atMs,
    eventId,
  )
  return true
}

/** The schedule state the next delay depends on (read after the attempt, for the same reason as above). */
export function getSchedule(sql: SqlStorage, eventId: string): { failures: number; startedAtMs: number | null } | null {
  const row = sql
    .exec<{ schedule_failures: number; schedule_started_at_ms: number | null }>(
      'SELECT schedule_failures, schedule_started_at_ms FROM deliveries WHERE id = ?',
      eventId,
    )
    .toArray()[0]
  return row ? { failures: row.schedule_failures, startedAtMs: row.schedule_started_at_ms } : null
}

/** Back to pending, due at `nowMs`, with a fresh schedule; the attempts so far are kept. False when unknown. */
export function restartDelivery(sql: SqlStorage, eventId: string, nowMs: number): boolean {
  const cursor = sql.exec(
    `UPDATE deliveries SET status = 'pending', next_attempt_at_ms = ?, schedule_failures = 0,
       schedule_started_at_ms = NULL, finished_at_ms = NULL
     WHERE id = ?`,
    nowMs,
    eventId,
  )
  return cursor.rowsWritten > 0
}

/** Deletes delivered and dead events (and their attempts) that finished before `beforeMs`. */
export function deleteFinishedBefore(sql: SqlStorage, beforeMs: number): void {
  sql.exec(
    `DELETE FROM delivery_attempts WHERE event_id IN
       (SELECT id FROM deliveries WHERE status != 'pending' AND finished_at_ms < ?)`,
    beforeMs,
  )
  sql.exec("DELETE FROM deliveries WHERE status != 'pending' AND finished_at_ms < ?", beforeMs)
}

export function getDeliveryView(sql: SqlStorage, eventId: string): DeliveryView | null {
  const row = sql.exec<DeliveryRow>('SELECT * FROM deliveries WHERE id = ?', eventId).toArray()[0]
  return row ? (withAttempts(sql, [row])[0] ?? null) : null
}

/** One page, newest first, strictly after `after`; `first + 1` rows are read to know whether more follow. */
export function getDeliveryPage(
  sql: SqlStorage,
  options: { first: number; after: DeliveryCursor | null; status: DeliveryStatus | null },
): { views: DeliveryView[]; hasNextPage: boolean } {
  const { first, after, status } = options
  const rows = sql
    .exec<DeliveryRow>(
      `SELECT * FROM deliveries
       WHERE (?1 IS NULL OR status = ?1)
         AND (?2 IS NULL OR created_at_ms < ?2 OR (created_at_ms = ?2 AND id < ?3))
       ORDER BY created_at_ms DESC, id DESC LIMIT ?4`,
      status,
      after?.createdAtMs ?? null,
      after?.eventId ?? null,
      first + 1,
    )
    .toArray()
  return { views: withAttempts(sql, rows.slice(0, first)), hasNextPage: rows.length > first }
}

export function countDeliveries(sql: SqlStorage): DeliveryCounts {
  const counts: DeliveryCounts = { pending: 0, delivered: 0, dead: 0 }
  for (const row of sql.exec<{ status: DeliveryStatus; n: number }>(
    'SELECT status, count(*) AS n FROM deliveries GROUP BY status',
  )) {
    counts[row.status] = row.n
  }
  return counts
}

/** The views of `rows` with their attempts, read in one statement (the ids travel as one JSON parameter). */
function withAttempts(sql: SqlStorage, rows: readonly DeliveryRow[]): DeliveryView[] {
  if (rows.length === 0) return []
  const attempts = new Map<string, DeliveryAttemptView[]>()
  for (const attempt of sql.exec<AttemptRow>(
    'SELECT * FROM delivery_attempts WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, number',
    JSON.stringify(rows.map((row) => row.id)),
  )) {
    const list = attempts.get(attempt.event_id) ?? []
    list.push({
      number: attempt.number,
      atMs: attempt.at_ms,
      statusCode: attempt.status_code,
      latencyMs: attempt.latency_ms,
      error: attempt.error,
    })
    attempts.set(attempt.event_id, list)
  }
  return rows.map((row) => ({
    eventId: row.id,
    eventType: row.type,
    status: row.status,
    createdAtMs: row.created_at_ms,
    nextAttemptAtMs: row.status === 'pending' ? row.next_attempt_at_ms : null,
    attempts: attempts.get(row.id) ?? [],
    body: row.body,
  }))
}
