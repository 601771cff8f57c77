import { and, eq, inArray, isNull, lte } from 'drizzle-orm'
import type { Database } from '../client'
import { type AlertEventRow, alertEvents } from '../schema'

/** D1 allows 100 bound parameters per statement; an UPDATE … WHERE id IN (…) takes one per id plus one. */
const IDS_PER_STATEMENT = 90

/** Marks events as handed to their endpoint's Durable Object. */
export async function markHandedOff(db: Database, ids: readonly string[], atMs: number): Promise<void> {
  const statements = []
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    statements.push(
      db
        .update(alertEvents)
        .set({ handedOffAtMs: atMs })
        .where(inArray(alertEvents.id, ids.slice(i, i + IDS_PER_STATEMENT))),
    )
  }
  const [first, ...rest] = statements
  if (first) await db.batch([first, ...rest])
}

/** Events stored but never handed off (a tick that died in between): the next tick hands them on. */
export async function getUnhandedEvents(
  db: Database,
  createdBeforeMs: number,
  limit: number,
): Promise<AlertEventRow[]> {
  return db
    .select()
    .from(alertEvents)
    .where(and(isNull(alertEvents.handedOffAtMs), lte(alertEvents.createdAtMs, createdBeforeMs)))
    .limit(limit)
}

/** The `alert.fired` events a tick at `createdAtMs` stored (a tick stamps its events with its own time). */
export async function getFiredEventsCreatedAt(db: Database, createdAtMs: number): Promise<AlertEventRow[]> {
  return db
    .select()
    .from(alertEvents)
    .where(and(eq(alertEvents.createdAtMs, createdAtMs), eq(alertEvents.type, 'alert.fired')))
}

export async function getEvent(db: Database, id: string): Promise<AlertEventRow | undefined> {
  return db.select().from(alertEvents).where(eq(alertEvents.id, id)).get()
}

/**
 * Stores one event (a test send) before it is handed on. The cron's events are written with their rule
 * state instead (`commitTickBatch`); this is the one-off path.
 */
export async function insertEvent(db: Database, event: AlertEventRow): Promise<void> {
  await db.insert(alertEvents).values(event)
}
