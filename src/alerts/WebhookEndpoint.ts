import { DurableObject } from 'cloudflare:workers'
import type { DeliveryCounts, DeliveryPage, DeliveryStatus, DeliveryView, WebhookEvent as WebhookEvent2 } from './types'

/** An alert event handed to an endpoint for delivery. `id` is stable across retries and replays. */
export type WebhookEvent = {
  id: string
  type: string
  /** JSON-serialisable body, delivered as is. */
  payload: unknown
  /** Unix milliseconds the event was created (by the cron tick or a test send). */
  createdAtMs: number
}

export type StoredWebhookEvent = WebhookEvent & {
  status: 'pending' | 'delivered' | 'dead'
  attempts: number
}

export type EnqueueReturnType = { id: string; duplicate: boolean }

/**
 * Owns delivery for ONE webhook endpoint (one object per endpoint id). It stores an event before
 * anything else happens to it, so a restart (eviction, deploy, crash) loses nothing: the object's
 * SQLite storage survives re-instantiation. Delivery and retries through the alarm build on this.
 */
export class WebhookEndpoint extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    ctx.blockConcurrencyWhile(async () => {
      this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0
      )`)
    })
  }

  /** Stores the event; enqueuing the same id twice is a no-op (at-least-once producers are safe). */
  async enqueue(event: WebhookEvent): Promise<EnqueueReturnType> {
    const cursor = this.ctx.storage.sql.exec(
      'INSERT INTO events (id, type, payload, created_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
      event.id,
      event.type,
      JSON.stringify(event.payload),
      event.createdAtMs,
    )
    return { id: event.id, duplicate: cursor.rowsWritten === 0 }
  }

  // ---- The delivery API the cron and GraphQL call (contract; bodies land with delivery) ----

  /** Stores events (idempotent by id) for endpoint `endpointId`, then schedules delivery. */
  async enqueueEvents(
    endpointId: string,
    events: readonly WebhookEvent2[],
  ): Promise<{ stored: number; duplicates: number }> {
    void endpointId
    void events
    throw new Error('not implemented')
  }

  /** Deliveries newest first, `after` = an `endCursor` of a previous page. */
  async listDeliveries(options: {
    first: number
    after?: string | null
    status?: DeliveryStatus | null
  }): Promise<DeliveryPage> {
    void options
    throw new Error('not implemented')
  }

  async getDelivery(eventId: string): Promise<DeliveryView | null> {
    void eventId
    throw new Error('not implemented')
  }

  /** Delivers a stored event again under the same id with a fresh retry schedule; null when this object does not have it. */
  async replay(eventId: string): Promise<DeliveryView | null> {
    void eventId
    throw new Error('not implemented')
  }

  async deliveryCounts(): Promise<DeliveryCounts> {
    throw new Error('not implemented')
  }

  /** The endpoint was resumed (or its secret rotated): deliver what is due now. */
  async wake(): Promise<void> {
    throw new Error('not implemented')
  }

  /** The endpoint was deleted: drop every event and the alarm. */
  async purge(): Promise<void> {
    throw new Error('not implemented')
  }

  async getEvent(id: string): Promise<StoredWebhookEvent | null> {
    const row = this.ctx.storage.sql
      .exec<EventRow>('SELECT id, type, payload, created_at_ms, status, attempts FROM events WHERE id = ?', id)
      .toArray()[0]
    return row ? toStoredEvent(row) : null
  }

  async countByStatus(): Promise<Record<StoredWebhookEvent['status'], number>> {
    const counts = { pending: 0, delivered: 0, dead: 0 }
    for (const row of this.ctx.storage.sql.exec<{ status: StoredWebhookEvent['status']; n: number }>(
      'SELECT status, count(*) AS n FROM events GROUP BY status',
    )) {
      counts[row.status] = row.n
    }
    return counts
  }
}

type EventRow = {
  id: string
  type: string
  payload: string
  created_at_ms: number
  status: StoredWebhookEvent['status']
  attempts: number
}

function toStoredEvent(row: EventRow): StoredWebhookEvent {
  return {
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    createdAtMs: row.created_at_ms,
    status: row.status,
    attempts: row.attempts,
  }
}
