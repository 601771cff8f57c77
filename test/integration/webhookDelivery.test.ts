/**
 * Webhook delivery end to end inside workerd: the endpoint's Durable Object, its endpoint row in D1 and
 * a real receiver on loopback (test/harness/receiver) that verifies every request with the
 * standardwebhooks package. Time moves forward by calling the object's `deliverDue(nowMs)` at each
 * event's next attempt; the alarm may run a due attempt itself, and runs are serialized inside the
 * object, so each step below makes exactly one attempt per due event either way.
 */
import { runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  MAX_ATTEMPTS,
  MIN_RETRY_SPAN_MS,
  RETRY_AFTER_CAP_MS,
  RETRY_DELAYS_MS,
  RETRY_JITTER,
} from '../../src/alerts/delivery/retrySchedule'
import { endpointStub } from '../../src/alerts/endpointStub'
import { buildEventBody } from '../../src/alerts/eventBody'
import { newId } from '../../src/alerts/ids'
import type { WebhookEvent } from '../../src/alerts/types'
import type { WebhookEndpoint } from '../../src/alerts/WebhookEndpoint'
import { createDatabase } from '../../src/db/client'
import { webhookEndpoints } from '../../src/db/schema'
import { createTestKey } from '../helpers/apiKey'
import { post } from '../helpers/graphql'
import { type ReceivedRequest, receiverInbox } from '../helpers/receiver'

const db = createDatabase(env.DB)
const newSecret = () => `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`

/** An endpoint row pointing at its own inbox, with the inbox verifying signatures with its secret(s). */
async function createEndpoint(
  inboxName: string,
  row: Partial<typeof webhookEndpoints.$inferInsert> = {},
  inboxSecrets?: string[],
) {
  const inbox = receiverInbox(`delivery-${inboxName}`)
  const id = newId('ep')
  const secret = row.secret ?? newSecret()
  const nowMs = Date.now()
  await db.insert(webhookEndpoints).values({
    id,
    keyId: 'key_delivery_tests',
    url: inbox.url,
    secret,
    status: 'active',
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    ...row,
  })
  await inbox.program({ secrets: inboxSecrets ?? [secret], reset: true })
  return { id, secret, inbox, stub: endpointStub(env, id) }
}

let eventCount = 0
function event(data: Record<string, unknown> = {}): WebhookEvent {
  const createdAtMs = Date.now() + eventCount++
  return {
    id: newId('evt'),
    type: 'alert.fired',
    body: buildEventBody('alert.fired', createdAtMs, { rule: 'HEALTH_FACTOR_BELOW', value: '1.04 ✓', ...data }),
    createdAtMs,
  }
}

type Stub = ReturnType<typeof endpointStub>
const deliverAt = (stub: Stub, nowMs: number, options?: Parameters<WebhookEndpoint['deliverDue']>[1]) =>
  runInDurableObject(stub, (instance: WebhookEndpoint) => instance.deliverDue(nowMs, options))

/** Moves time to the latest next attempt of `ids` (each has its own jitter) and runs delivery there: all are due. */
async function advance(stub: Stub, ids: readonly string[]) {
  const due = (await Promise.all(ids.map((id) => stub.getDelivery(id))))
    .map((view) => view?.nextAttemptAtMs ?? null)
    .filter((at): at is number => at !== null)
  if (due.length === 0) throw new Error('nothing pending')
  return deliverAt(stub, Math.max(...due))
}

const setStatus = (id: string, status: 'active' | 'paused' | 'disabled') =>
  db.update(webhookEndpoints).set({ status }).where(eq(webhookEndpoints.id, id))

const byId = (requests: readonly ReceivedRequest[], id: string) =>
  requests.filter((r) => r.headers['webhook-id'] === id)

describe('webhook delivery', () => {
  it('delivers once with Standard Webhooks headers the reference verifier accepts, the body byte for byte', async () => {
    const { id, stub, inbox } = await createEndpoint('once')
    const sent = event()
    expect(await stub.enqueueEvents(id, [sent])).toEqual({ stored: 1, duplicates: 0 })
    const before = Math.floor(Date.now() / 1000)
    await deliverAt(stub, Date.now())

    const requests = await inbox.requests()
    expect(requests).toHaveLength(1)
    const [request] = requests as [ReceivedRequest]
    expect(request.verified).toBe(true)
    expect(request.body).toBe(sent.body)
    expect(request.method).toBe('POST')
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Solvent-Webhooks/1',
      'webhook-id': sent.id,
    })
    expect(Number(request.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(before - 1)
    expect(Number(request.headers['webhook-timestamp'])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000))
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/)

    const view = await stub.getDelivery(sent.id)
    expect(view).toMatchObject({ eventId: sent.id, status: 'delivered', nextAttemptAtMs: null, body: sent.body })
    expect(view?.attempts).toEqual([
      { number: 1, atMs: expect.any(Number), statusCode: 200, latencyMs: expect.any(Number), error: null },
    ])
    expect(await stub.deliveryCounts()).toEqual({ pending: 0, delivered: 1, dead: 0 })

    // The same event handed over again (an at-least-once producer) changes nothing and sends nothing.
    expect(await stub.enqueueEvents(id, [sent])).toEqual({ stored: 0, duplicates: 1 })
    await deliverAt(stub, Date.now() + 60_000)
    expect(await inbox.requests()).toHaveLength(1)
  })

  it('retries through an outage on the schedule until every event arrives, each under one id', async () => {
    const { id, stub, inbox } = await createEndpoint('outage')
    const events = [event({ n: 1 }), event({ n: 2 }), event({ n: 3 })]
    const ids = events.map((e) => e.id)
    // Three failed rounds for three events: 503, connection dropped, 503 (in arrival order), then 200.
    await inbox.program({ responses: [503, 503, 503, 'drop', 'drop', 'drop', 503, 503, 503] })
    await stub.enqueueEvents(id, events)
    await deliverAt(stub, Date.now())
    for (let round = 0; round < 3; round++) await advance(stub, ids)

    const requests = await inbox.requests()
    expect(requests).toHaveLength(12)
    expect(requests.every((r) => r.verified)).toBe(true)
    for (const sent of events) {
      const received = byId(requests, sent.id)
      expect(received.map((r) => r.answer)).toEqual([503, 'drop', 503, 200])
      expect(received.every((r) => r.body === sent.body)).toBe(true)

      const view = await stub.getDelivery(sent.id)
      expect(view?.status).toBe('delivered')
      const attempts = view?.attempts ?? []
      expect(attempts.map((a) => [a.number, a.statusCode])).toEqual([
        [1, 503],
        [2, null],
        [3, 503],
        [4, 200],
      ])
      expect(attempts[0]?.error).toBe('HTTP 503')
      expect(attempts[1]?.error).toMatch(/^connection failed/)
      expect(attempts.every((a) => a.latencyMs >= 0)).toBe(true)
      // Attempt n+1 came after the n-th delay of the schedule, within its jitter.
      for (let n = 0; n < 3; n++) {
        const gap = (attempts[n + 1]?.atMs ?? 0) - (attempts[n]?.atMs ?? 0)
        // (Attempts are timed on the run's clock plus the real milliseconds a run takes: allow a second.)
        expect(gap).toBeGreaterThanOrEqual((RETRY_DELAYS_MS[n] ?? 0) * (1 - RETRY_JITTER))
        expect(gap).toBeLessThanOrEqual((RETRY_DELAYS_MS[n] ?? 0) * (1 + RETRY_JITTER) + 1_000)
      }
    }
    expect(await stub.deliveryCounts()).toEqual({ pending: 0, delivered: 3, dead: 0 })
  })

  it('loses nothing when the object restarts mid-retry: the stored alarm delivers afterwards', async () => {
    const { id, stub, inbox } = await createEndpoint('restart')
    const sent = event()
    await inbox.program({ responses: [503] })
    await stub.enqueueEvents(id, [sent])
    await deliverAt(stub, Date.now())
    const before = await runInDurableObject(stub, (instance: WebhookEndpoint) => instance)
    await runInDurableObject(stub, (_instance, state) => state.abort('test: eviction mid-retry')).catch(() => undefined)

    const again = endpointStub(env, id)
    expect(await runInDurableObject(again, (instance: WebhookEndpoint) => instance)).not.toBe(before)
    const pending = await again.getDelivery(sent.id)
    expect(pending).toMatchObject({ status: 'pending', attempts: [{ number: 1, statusCode: 503 }] })
    // Nobody nudges the new instance: the alarm stored before the restart (about 5 s later) delivers.
    const deadline = Date.now() + 15_000
    while ((await again.getDelivery(sent.id))?.status !== 'delivered' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const view = await again.getDelivery(sent.id)
    expect(view?.status).toBe('delivered')
    expect(view?.attempts.map((a) => a.statusCode)).toEqual([503, 200])
    const requests = await inbox.requests()
    expect(requests.map((r) => [r.headers['webhook-id'], r.answer])).toEqual([
      [sent.id, 503],
      [sent.id, 200],
    ])
  }, 30_000)

  it('disables the endpoint on 410 Gone and delivers again only once it is active and woken', async () => {
    const { id, stub, inbox } = await createEndpoint('gone')
    const first = event()
    await inbox.program({ responses: [410] })
    await stub.enqueueEvents(id, [first])
    await deliverAt(stub, Date.now())

    const row = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get()
    expect(row).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('410') })
    expect(await stub.getDelivery(first.id)).toMatchObject({
      status: 'pending',
      attempts: [{ number: 1, statusCode: 410, error: expect.stringContaining('410') }],
    })
    // Disabled: later events are stored, nothing is attempted, however much time passes.
    const second = event()
    await stub.enqueueEvents(id, [second])
    expect(await deliverAt(stub, Date.now() + 3_600_000)).toMatchObject({ attempted: 0, endpointStatus: 'disabled' })
    expect(await inbox.requests()).toHaveLength(1)

    await setStatus(id, 'active')
    await stub.wake()
    await deliverAt(stub, Date.now())
    expect(await stub.deliveryCounts()).toEqual({ pending: 0, delivered: 2, dead: 0 })
    const requests = await inbox.requests()
    expect(requests.map((r) => r.answer)).toEqual([410, 200, 200])
    expect(byId(requests, first.id)).toHaveLength(2)
    expect(byId(requests, second.id)).toHaveLength(1)
  })

  it('shows why and since when a 410 disabled the endpoint through GraphQL, and clears both on resume', async () => {
    const key = await createTestKey()
    const { id, stub, inbox } = await createEndpoint('gone-api', { keyId: key.id })
    const sent = event()
    await inbox.program({ responses: [410] })
    await stub.enqueueEvents(id, [sent])
    const before = Date.now()
    await deliverAt(stub, Date.now())
    const after = Date.now()

    type View = { status: string; disabledReason: string | null; disabledAt: string | null }
    const QUERY = 'query ($id: ID!) { webhookEndpoint(id: $id) { status disabledReason disabledAt } }'
    const disabled = await post<{ webhookEndpoint: View }>(QUERY, { headers: key.headers, variables: { id } })
    expect(disabled.body.errors).toBeUndefined()
    const view = disabled.body.data?.webhookEndpoint
    expect(view).toMatchObject({
      status: 'DISABLED',
      disabledReason: `The receiver answered 410 Gone (event ${sent.id}).`,
      disabledAt: expect.any(String),
    })
    const disabledAtMs = Date.parse(view?.disabledAt ?? '')
    expect(disabledAtMs).toBeGreaterThanOrEqual(before)
    expect(disabledAtMs).toBeLessThanOrEqual(after)
    // Another key does not see it at all.
    const other = await createTestKey('0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC')
    const hidden = await post<{ webhookEndpoint: View | null }>(QUERY, { headers: other.headers, variables: { id } })
    expect(hidden.body.data?.webhookEndpoint).toBeNull()

    const RESUME = 'mutation ($id: ID!) { resumeWebhookEndpoint(id: $id) { status disabledReason disabledAt } }'
    const resumed = await post<{ resumeWebhookEndpoint: View }>(RESUME, { headers: key.headers, variables: { id } })
    expect(resumed.body.data?.resumeWebhookEndpoint).toEqual({
      status: 'ACTIVE',
      disabledReason: null,
      disabledAt: null,
    })
    const row = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get()
    expect(row).toMatchObject({ status: 'active', disabledReason: null, disabledAtMs: null })
  })

  it('waits out a 429 with Retry-After: 120 before retrying, not the schedule’s 5 s', async () => {
    const { id, stub, inbox } = await createEndpoint('retry-after')
    await inbox.program({ responses: [{ status: 429, headers: { 'retry-after': '120' } }] })
    const sent = event()
    await stub.enqueueEvents(id, [sent])
    await deliverAt(stub, Date.now())

    const first = await stub.getDelivery(sent.id)
    const firstAtMs = first?.attempts[0]?.atMs ?? 0
    expect(first).toMatchObject({
      status: 'pending',
      attempts: [{ number: 1, statusCode: 429, error: 'HTTP 429 (Retry-After: 120)' }],
    })
    expect(first?.nextAttemptAtMs).toBe(firstAtMs + 120_000)
    // Where the schedule alone would retry (5 s + 20 %), and a millisecond short of 120 s: nothing is sent.
    expect(await deliverAt(stub, firstAtMs + 6_001)).toMatchObject({ attempted: 0 })
    expect(await deliverAt(stub, firstAtMs + 119_999)).toMatchObject({ attempted: 0 })
    expect(await inbox.requests()).toHaveLength(1)

    expect(await deliverAt(stub, firstAtMs + 120_000)).toMatchObject({ attempted: 1, delivered: 1 })
    const view = await stub.getDelivery(sent.id)
    expect(view?.status).toBe('delivered')
    expect(view?.attempts.map((a) => a.statusCode)).toEqual([429, 200])
    expect((view?.attempts[1]?.atMs ?? 0) - firstAtMs).toBeGreaterThanOrEqual(120_000)
    expect((await inbox.requests()).map((r) => [r.headers['webhook-id'], r.answer])).toEqual([
      [sent.id, 429],
      [sent.id, 200],
    ])
  })

  it('reads Retry-After as an HTTP-date, caps it at 6 h, and ignores garbage and other statuses', async () => {
    const { id, stub, inbox } = await createEndpoint('retry-after-forms')
    // Ten minutes ahead, on a whole second (an HTTP-date has no fraction).
    const dateAhead = new Date(Math.ceil((Date.now() + 600_000) / 1000) * 1000).toUTCString()
    await inbox.program({
      responses: [
        { status: 503, headers: { 'retry-after': dateAhead } },
        { status: 429, headers: { 'retry-after': '86400' } },
        { status: 503, headers: { 'retry-after': 'soon' } },
        { status: 500, headers: { 'retry-after': '36000' } },
      ],
    })
    const sent = event()
    await stub.enqueueEvents(id, [sent])
    await deliverAt(stub, Date.now())
    const gaps: number[] = []
    for (let attempt = 1; attempt <= 4; attempt++) {
      const view = await stub.getDelivery(sent.id)
      const last = view?.attempts.at(-1)
      expect(last?.number).toBe(attempt)
      gaps.push((view?.nextAttemptAtMs ?? 0) - (last?.atMs ?? 0))
      await advance(stub, [sent.id])
    }
    const view = await stub.getDelivery(sent.id)
    expect(view?.status).toBe('delivered')
    expect(view?.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [503, `HTTP 503 (Retry-After: ${dateAhead})`],
      [429, 'HTTP 429 (Retry-After: 86400)'],
      [503, 'HTTP 503'],
      [500, 'HTTP 500'],
      [200, null],
    ])
    const [dateGap, cappedGap, garbageGap, otherStatusGap] = gaps as [number, number, number, number]
    // The date, read against the wall clock at the answer (attempts run on that clock here): ≈ 10 min.
    expect(dateGap).toBeGreaterThanOrEqual(590_000)
    expect(dateGap).toBeLessThanOrEqual(601_000)
    // A day asked, 6 h waited (the schedule's own 5 min is shorter).
    expect(cappedGap).toBe(RETRY_AFTER_CAP_MS)
    // Garbage and a 500's Retry-After are ignored: the schedule's 30 min and 2 h, within the jitter.
    expect(garbageGap).toBeGreaterThanOrEqual(30 * 60_000 * (1 - RETRY_JITTER))
    expect(garbageGap).toBeLessThanOrEqual(30 * 60_000 * (1 + RETRY_JITTER))
    expect(otherStatusGap).toBeGreaterThanOrEqual(2 * 3_600_000 * (1 - RETRY_JITTER))
    expect(otherStatusGap).toBeLessThanOrEqual(2 * 3_600_000 * (1 + RETRY_JITTER))
  })

  it('attempts nothing while paused and delivers on resume', async () => {
    const { id, stub, inbox } = await createEndpoint('paused', { status: 'paused' })
    const sent = event()
    await stub.enqueueEvents(id, [sent])
    expect(await deliverAt(stub, Date.now() + 86_400_000)).toMatchObject({ attempted: 0, endpointStatus: 'paused' })
    expect(await inbox.requests()).toEqual([])
    expect(await stub.getDelivery(sent.id)).toMatchObject({ status: 'pending', attempts: [] })

    await setStatus(id, 'active')
    await stub.wake()
    await deliverAt(stub, Date.now())
    expect(await stub.getDelivery(sent.id)).toMatchObject({ status: 'delivered', attempts: [{ number: 1 }] })
    expect((await inbox.requests()).map((r) => [r.headers['webhook-id'], r.verified])).toEqual([[sent.id, true]])
  })

  it('dead-letters an event after 12 failed attempts over at least 3 days; replay delivers it under the same id', async () => {
    const { id, stub, inbox } = await createEndpoint('dead')
    const sent = event()
    await inbox.program({ fallback: 500 })
    await stub.enqueueEvents(id, [sent])
    await deliverAt(stub, Date.now())
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) await advance(stub, [sent.id])

    const dead = await stub.getDelivery(sent.id)
    expect(dead).toMatchObject({ status: 'dead', nextAttemptAtMs: null })
    expect(dead?.attempts.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    const span = (dead?.attempts.at(-1)?.atMs ?? 0) - (dead?.attempts[0]?.atMs ?? 0)
    expect(span).toBeGreaterThanOrEqual(MIN_RETRY_SPAN_MS)
    expect(await stub.deliveryCounts()).toEqual({ pending: 0, delivered: 0, dead: 1 })
    const listed = await stub.listDeliveries({ first: 10, status: 'dead' })
    expect(listed.nodes.map((n) => [n.eventId, n.status])).toEqual([[sent.id, 'dead']])
    // Nothing more is attempted for a dead event.
    await deliverAt(stub, Date.now() + 100 * 3_600_000)
    expect(await inbox.requests()).toHaveLength(12)

    await inbox.program({ fallback: 200 })
    const replayed = await stub.replay(sent.id)
    expect(replayed).toMatchObject({ status: 'pending', nextAttemptAtMs: expect.any(Number) })
    expect(replayed?.attempts).toHaveLength(12)
    await deliverAt(stub, Date.now())
    const delivered = await stub.getDelivery(sent.id)
    expect(delivered?.status).toBe('delivered')
    expect(delivered?.attempts.map((a) => [a.number, a.statusCode])).toContainEqual([13, 200])
    const requests = await inbox.requests()
    expect(requests).toHaveLength(13)
    expect(requests.every((r) => r.headers['webhook-id'] === sent.id && r.verified)).toBe(true)
    expect(await stub.replay('evt_unknown')).toBeNull()
  })

  it('never follows a redirect, to another inbox or to the metadata address', async () => {
    const { id, stub, inbox } = await createEndpoint('redirect')
    const target = receiverInbox('delivery-redirect-target')
    await target.reset()
    await inbox.program({
      responses: [
        { status: 302, location: target.url },
        { status: 307, location: 'http://169.254.169.254/latest/meta-data/' },
      ],
    })
    const sent = event()
    await stub.enqueueEvents(id, [sent])
    await deliverAt(stub, Date.now())
    await advance(stub, [sent.id])

    const view = await stub.getDelivery(sent.id)
    expect(view?.status).toBe('pending')
    expect(view?.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [302, expect.stringContaining('redirect')],
      [307, expect.stringContaining('redirect')],
    ])
    expect(await target.requests()).toEqual([])
    expect(await inbox.requests()).toHaveLength(2)
  })

  it('signs with both secrets while a rotated one is in its grace period, then with the new one only', async () => {
    const previous = newSecret()
    const current = newSecret()
    const { id, stub, inbox } = await createEndpoint(
      'rotation',
      { secret: current, previousSecret: previous, previousSecretExpiresAtMs: Date.now() + 3_600_000 },
      [previous, current],
    )
    const during = event()
    await stub.enqueueEvents(id, [during])
    await deliverAt(stub, Date.now())
    await db
      .update(webhookEndpoints)
      .set({ previousSecretExpiresAtMs: Date.now() - 1 })
      .where(eq(webhookEndpoints.id, id))
    const after = event()
    await stub.enqueueEvents(id, [after])
    await deliverAt(stub, Date.now())

    const [first, second] = await inbox.requests()
    expect(first?.headers['webhook-signature']?.split(' ')).toHaveLength(2)
    expect(first?.verifiedWith).toEqual([0, 1])
    expect(second?.headers['webhook-signature']?.split(' ')).toHaveLength(1)
    expect(second?.verifiedWith).toEqual([1])
  })

  it('gives up on a receiver that does not answer within the timeout, and retries', async () => {
    // Paused first, and wait for the enqueue's own alarm run to find it paused (it leaves the hourly recheck
    // alarm): otherwise that run could attempt with the 15 s production timeout.
    const { id, stub, inbox } = await createEndpoint('hang', { status: 'paused' })
    await inbox.program({ responses: ['hang'] })
    const sent = event()
    await stub.enqueueEvents(id, [sent])
    const alarmAt = () => runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())
    const deadline = Date.now() + 5_000
    while (((await alarmAt()) ?? 0) < Date.now() + 30 * 60_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await setStatus(id, 'active')
    const nowMs = Date.now()
    await deliverAt(stub, nowMs, { attemptTimeoutMs: 300 })

    const view = await stub.getDelivery(sent.id)
    expect(view?.status).toBe('pending')
    expect(view?.attempts).toEqual([
      {
        number: 1,
        atMs: expect.any(Number),
        statusCode: null,
        latencyMs: expect.any(Number),
        error: 'timed out after 300 ms',
      },
    ])
    expect(view?.attempts[0]?.atMs).toBeGreaterThanOrEqual(nowMs)
    expect(view?.attempts[0]?.latencyMs).toBeGreaterThanOrEqual(250)
    expect(view?.nextAttemptAtMs).toBeGreaterThan(nowMs)
    expect(await inbox.requests()).toHaveLength(1)
  })

  it('counts a URL the SSRF check refuses as a failed attempt, without any request', async () => {
    const { id, stub } = await createEndpoint('refused', { url: 'not a url' })
    const sent = event()
    await stub.enqueueEvents(id, [sent])
    await deliverAt(stub, Date.now())
    expect((await stub.getDelivery(sent.id))?.attempts).toEqual([
      {
        number: 1,
        atMs: expect.any(Number),
        statusCode: null,
        latencyMs: 0,
        error: expect.stringMatching(/^URL refused/),
      },
    ])
  })
})
