import { DurableObject } from 'cloudflare:workers'
import { readConfig } from '../config'
import { createDatabase } from '../db/client'
import { disableEndpoint, type EndpointForDelivery, getEndpointForDelivery } from '../db/queries/endpointDelivery'
import { type AttemptDeliveryReturnType, attemptDelivery } from './delivery/attemptDelivery'
import { type DeliveryCursor, decodeDeliveryCursor, encodeDeliveryCursor } from './delivery/cursor'
import {
  countDeliveries,
  countPending,
  createDeliveryTables,
  deleteFinishedBefore,
  getDeliveryPage,
  getDeliveryView,
  getDueDeliveries,
  getEndpointId,
  getNextAttemptAtMs,
  getSchedule,
  insertDelivery,
  recordAttempt,
  restartDelivery,
  setEndpointId,
} from './delivery/deliveryStore'
import {
  DELIVERIES_PER_RUN,
  DELIVERY_RETENTION_MS,
  FAILED_RUN_RETRY_MS,
  INACTIVE_RECHECK_MS,
  PARALLEL_ATTEMPTS,
} from './delivery/limits'
import { computeRetryDelay } from './delivery/retrySchedule'
import { signingSecrets } from './delivery/signatureHeader'
import type { DeliveryCounts, DeliveryPage, DeliveryStatus, DeliveryView, WebhookEvent } from './types'

/** Test seams of one delivery run; production uses the defaults. */
export type DeliverDueOptions = {
  /** Per-attempt timeout (default ATTEMPT_TIMEOUT_MS, 15 s). */
  attemptTimeoutMs?: number
  /** Uniform [0, 1) source for the retry jitter (default Math.random). */
  random?: () => number
}

export type DeliverDueReturnType = {
  /** Attempts made by this run. */
  attempted: number
  delivered: number
  /** What the endpoint row said (`deleted` = no row: the object purged itself). */
  endpointStatus: EndpointForDelivery['status'] | 'deleted' | 'unknown'
}

/**
 * Owns delivery for ONE webhook endpoint (one object per endpoint id, see `endpointStub`).
 *
 * An event is stored in the object's SQLite storage before anything else happens to it, so an
 * eviction, a deploy or a crash loses nothing: the alarm is durable too and resumes the work. The
 * alarm drives every attempt: POST with Standard Webhooks headers, 2xx = delivered, 410 = the endpoint
 * is disabled, anything else is retried on the schedule of `delivery/retrySchedule.ts` (later when a
 * 429 or 503 carries `Retry-After`) until the event is dead-lettered. Delivery is at least once under a
 * stable id (`webhook-id` = the event id); order is not promised. Runs are serialized within the object,
 * so no event is attempted twice at once.
 */
export class WebhookEndpoint extends DurableObject<Env> {
  /** The run in progress (alarm, or a test calling `deliverDue`); the next one waits for it. */
  private running: Promise<unknown> = Promise.resolve()

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    ctx.blockConcurrencyWhile(async () => createDeliveryTables(this.ctx.storage.sql))
  }

  /**
   * Stores events (idempotent by id: a duplicate changes nothing) for endpoint `endpointId`, then makes
   * sure the alarm fires by the earliest pending attempt (now, for new events), so they are attempted as
   * soon as this call returns.
   */
  async enqueueEvents(
    endpointId: string,
    events: readonly WebhookEvent[],
  ): Promise<{ stored: number; duplicates: number }> {
    const nowMs = Date.now()
    const sql = this.ctx.storage.sql
    let stored = 0
    this.ctx.storage.transactionSync(() => {
      setEndpointId(sql, endpointId)
      for (const event of events) if (insertDelivery(sql, event, nowMs)) stored += 1
    })
    // Not only when something new was stored: a first call that stored events but died before its alarm
    // was set is retried by the cron with the same events, all duplicates, and must still leave an alarm.
    const nextAttemptAtMs = getNextAttemptAtMs(sql)
    if (nextAttemptAtMs !== null) await this.alarmNoLaterThan(nextAttemptAtMs)
    return { stored, duplicates: events.length - stored }
  }

  /**
   * Deliveries newest first; `after` = the `endCursor` of a previous page, `first` clamped to 1..100.
   * A cursor this API did not issue gives an empty page: errors lose their class (and code) across RPC,
   * so callers check it first with `decodeDeliveryCursor` to answer BAD_USER_INPUT.
   */
  async listDeliveries(options: {
    first: number
    after?: string | null
    status?: DeliveryStatus | null
  }): Promise<DeliveryPage> {
    const first = Math.min(Math.max(Math.trunc(options.first) || 1, 1), 100)
    let after: DeliveryCursor | null = null
    if (options.after) {
      try {
        after = decodeDeliveryCursor(options.after)
      } catch {
        return { nodes: [], hasNextPage: false, endCursor: null }
      }
    }
    const { views, hasNextPage } = getDeliveryPage(this.ctx.storage.sql, {
      first,
      after,
      status: options.status ?? null,
    })
    const last = views.at(-1)
    return {
      nodes: views,
      hasNextPage,
      endCursor: last ? encodeDeliveryCursor({ createdAtMs: last.createdAtMs, eventId: last.eventId }) : null,
    }
  }

  async getDelivery(eventId: string): Promise<DeliveryView | null> {
    return getDeliveryView(this.ctx.storage.sql, eventId)
  }

  /**
   * Delivers a stored event again under the same id: back to pending, due now, with a fresh retry
   * schedule (attempt numbers continue, the history is kept). Null when this object does not have it.
   */
  async replay(eventId: string): Promise<DeliveryView | null> {
    const nowMs = Date.now()
    if (!restartDelivery(this.ctx.storage.sql, eventId, nowMs)) return null
    await this.alarmNoLaterThan(nowMs)
    return getDeliveryView(this.ctx.storage.sql, eventId)
  }

  async deliveryCounts(): Promise<DeliveryCounts> {
    return countDeliveries(this.ctx.storage.sql)
  }

  /** The endpoint was resumed (or its secret rotated): deliver what is due now. */
  async wake(): Promise<void> {
    if (countPending(this.ctx.storage.sql) > 0) await this.alarmNoLaterThan(Date.now())
  }

  /** The endpoint was deleted: drop every event and the alarm. */
  async purge(): Promise<void> {
    await this.ctx.storage.deleteAlarm()
    await this.ctx.storage.deleteAll()
    // deleteAll() dropped the tables as well; the object may be called again (a late enqueue).
    createDeliveryTables(this.ctx.storage.sql)
  }

  override async alarm(): Promise<void> {
    try {
      await this.deliverDue()
    } catch (error) {
      // D1 unreachable, say: try again in a minute rather than through the runtime's few alarm retries.
      console.error('Webhook delivery run failed; retrying in a minute.', error)
      if (countPending(this.ctx.storage.sql) > 0) await this.alarmNoLaterThan(Date.now() + FAILED_RUN_RETRY_MS)
    }
  }

  /**
   * One delivery run at `nowMs` (the alarm's body; public so tests can move time forward through
   * `runInDurableObject`). Reads the endpoint from D1 (the source of truth for URL, secrets and status),
   * attempts up to DELIVERIES_PER_RUN due events, then sets the alarm to the next due attempt.
   */
  async deliverDue(nowMs: number = Date.now(), options: DeliverDueOptions = {}): Promise<DeliverDueReturnType> {
    const run = this.running.then(() => this.runOnce(nowMs, options))
    this.running = run.catch(() => undefined)
    return run
  }

  private async runOnce(nowMs: number, options: DeliverDueOptions): Promise<DeliverDueReturnType> {
    const sql = this.ctx.storage.sql
    deleteFinishedBefore(sql, nowMs - DELIVERY_RETENTION_MS)
    const endpointId = getEndpointId(sql)
    if (endpointId === null) return { attempted: 0, delivered: 0, endpointStatus: 'unknown' }
    const db = createDatabase(this.env.DB)
    const endpoint = await getEndpointForDelivery(db, endpointId)
    if (!endpoint) {
      await this.purge()
      return { attempted: 0, delivered: 0, endpointStatus: 'deleted' }
    }
    if (endpoint.status !== 'active') {
      // Nothing is attempted and no attempt is consumed; resume() wakes the object, and the recheck covers a lost wake.
      await this.setAlarmAt(countPending(sql) > 0 ? nowMs + INACTIVE_RECHECK_MS : null)
      return { attempted: 0, delivered: 0, endpointStatus: endpoint.status }
    }

    const due = getDueDeliveries(sql, nowMs, DELIVERIES_PER_RUN)
    const secrets = signingSecrets(endpoint, nowMs)
    const { allowLoopbackWebhooks } = readConfig(this.env)
    // Attempts are timed on the run's clock: `nowMs` plus the real time elapsed since the run began.
    const clockOffsetMs = nowMs - Date.now()
    let next = 0
    let gone = false
    let attempted = 0
    let delivered = 0
    const worker = async () => {
      while (!gone) {
        const row = due[next++]
        if (!row) return
        attempted += 1
        const atMs = Date.now() + clockOffsetMs
        const result = await attemptDelivery({
          url: endpoint.url,
          eventId: row.id,
          body: row.body,
          secrets,
          allowLoopbackHttp: allowLoopbackWebhooks,
          ...(options.attemptTimeoutMs === undefined ? {} : { timeoutMs: options.attemptTimeoutMs }),
        })
        this.record(row.id, result, atMs, options.random)
        if (result.outcome === 'delivered') delivered += 1
        if (result.outcome === 'gone' && !gone) {
          gone = true
          await disableEndpoint(db, endpointId, `The receiver answered 410 Gone (event ${row.id}).`, Date.now())
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL_ATTEMPTS, due.length) }, worker))
    await this.setAlarmAt(gone ? nowMs + INACTIVE_RECHECK_MS : getNextAttemptAtMs(sql))
    return { attempted, delivered, endpointStatus: gone ? 'disabled' : 'active' }
  }

  /** Stores the attempt and moves the event along its schedule, in one synchronous (atomic) step. */
  private record(eventId: string, result: AttemptDeliveryReturnType, atMs: number, random?: () => number): void {
    const sql = this.ctx.storage.sql
    const schedule = getSchedule(sql, eventId)
    if (!schedule) return // purged while the attempt was in flight
    const attempt = { atMs, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error }
    recordAttempt(sql, eventId, attempt, nextState(schedule, result, atMs, random))
  }

  /** Sets the alarm to `atMs` unless one is already set earlier. */
  private async alarmNoLaterThan(atMs: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm()
    if (current === null || current > atMs) await this.ctx.storage.setAlarm(atMs)
  }

  private async setAlarmAt(atMs: number | null): Promise<void> {
    if (atMs === null) await this.ctx.storage.deleteAlarm()
    else await this.ctx.storage.setAlarm(atMs)
  }
}

/** Where an attempt's outcome moves its event. */
function nextState(
  schedule: { failures: number; startedAtMs: number | null },
  result: AttemptDeliveryReturnType,
  atMs: number,
  random: (() => number) | undefined,
): { status: DeliveryStatus; nextAttemptAtMs: number | null; countsAsFailure: boolean } {
  if (result.outcome === 'delivered') return { status: 'delivered', nextAttemptAtMs: null, countsAsFailure: false }
  // A 410: the event waits, due, for the endpoint's resume; it is the receiver's choice, not a failure to retry.
  if (result.outcome === 'gone') return { status: 'pending', nextAttemptAtMs: atMs, countsAsFailure: false }
  const delayMs = computeRetryDelay({
    failedAttempts: schedule.failures + 1,
    elapsedMs: atMs - (schedule.startedAtMs ?? atMs),
    retryAfterMs: result.retryAfterMs,
    ...(random ? { random } : {}),
  })
  return delayMs === null
    ? { status: 'dead', nextAttemptAtMs: null, countsAsFailure: true }
    : { status: 'pending', nextAttemptAtMs: atMs + delayMs, countsAsFailure: true }
}
