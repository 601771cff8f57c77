import { DurableObject } from 'cloudflare:workers'

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
