/**
 * The endpoint Durable Object's storage and API (no delivery semantics here, see webhookDelivery.test.ts):
 * idempotent enqueue, survival across restarts, the deliveries connection, counts, purge and retention.
 * Endpoints are paused unless a test needs an attempt, so nothing is sent.
 */
import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { DELIVERY_RETENTION_MS } from '../../src/alerts/delivery/limits'
import { endpointStub } from '../../src/alerts/endpointStub'
import { buildEventBody } from '../../src/alerts/eventBody'
import { newId } from '../../src/alerts/ids'
import type { WebhookEvent } from '../../src/alerts/types'
import type { WebhookEndpoint } from '../../src/alerts/WebhookEndpoint'
import { createDatabase } from '../../src/db/client'
import { webhookEndpoints } from '../../src/db/schema'
import { receiverInbox } from '../helpers/receiver'

const db = createDatabase(env.DB)

async function createEndpoint(status: 'active' | 'paused' = 'paused', inboxName = 'endpoint-storage') {
  const id = newId('ep')
  await db.insert(webhookEndpoints).values({
    id,
    keyId: 'key_endpoint_tests',
    url: receiverInbox(inboxName).url,
    secret: `whsec_${btoa('0123456789abcdef01234567')}`,
    status,
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  })
  return { id, stub: endpointStub(env, id) }
}

const event = (id: string, createdAtMs = 1_764_000_000_000): WebhookEvent => ({
  id,
  type: 'alert.fired',
  body: buildEventBody('alert.fired', createdAtMs, { account: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045' }),
  createdAtMs,
})

const alarmOf = (stub: ReturnType<typeof endpointStub>) =>
  runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())

describe('WebhookEndpoint storage', () => {
  it('stores an event once, whatever the number of enqueues', async () => {
    const { id, stub } = await createEndpoint()
    expect(await stub.enqueueEvents(id, [event('evt_1'), event('evt_2'), event('evt_1')])).toEqual({
      stored: 2,
      duplicates: 1,
    })
    expect(await stub.enqueueEvents(id, [event('evt_1', 42)])).toEqual({ stored: 0, duplicates: 1 })
    expect(await stub.getDelivery('evt_1')).toEqual({
      eventId: 'evt_1',
      eventType: 'alert.fired',
      status: 'pending',
      createdAtMs: 1_764_000_000_000,
      nextAttemptAtMs: expect.any(Number),
      attempts: [],
      body: event('evt_1').body,
    })
    expect(await stub.deliveryCounts()).toEqual({ pending: 2, delivered: 0, dead: 0 })
    expect(await alarmOf(stub)).not.toBeNull()
  })

  it('keeps its events and its endpoint id when the object is re-instantiated', async () => {
    const { id, stub } = await createEndpoint()
    await stub.enqueueEvents(id, [event('evt_kept')])
    const instanceBefore = await runInDurableObject(stub, (instance: WebhookEndpoint) => instance)
    await runInDurableObject(stub, (_instance, state) => state.abort('test: simulate eviction')).catch(() => undefined)

    const again = endpointStub(env, id)
    expect(await runInDurableObject(again, (instance: WebhookEndpoint) => instance)).not.toBe(instanceBefore)
    expect(await again.getDelivery('evt_kept')).toMatchObject({ eventId: 'evt_kept', status: 'pending' })
    // The new instance still knows which endpoint row to read (paused here).
    expect(await runInDurableObject(again, (i: WebhookEndpoint) => i.deliverDue())).toMatchObject({
      endpointStatus: 'paused',
    })
    expect((await listDurableObjectIds(env.WEBHOOK_ENDPOINT)).map(String)).toContain(
      env.WEBHOOK_ENDPOINT.idFromName(id).toString(),
    )
  })

  it('sets the alarm again when a retried enqueue brings only duplicates of pending events', async () => {
    const { id, stub } = await createEndpoint()
    await stub.enqueueEvents(id, [event('evt_alarm_lost')])
    // Its alarm runs (paused: nothing is sent, a recheck is scheduled); then say the first call had died
    // before setting any alarm.
    await runDurableObjectAlarm(stub)
    // The runtime may be running the first enqueue's own alarm (due at once) right now, which schedules a
    // recheck when it ends: delete until no alarm is left, whatever the machine's speed.
    await vi.waitFor(
      async () => {
        await runInDurableObject(stub, (_instance, state) => state.storage.deleteAlarm())
        expect(await alarmOf(stub)).toBeNull()
      },
      { timeout: 10_000, interval: 50 },
    )
    expect(await stub.enqueueEvents(id, [event('evt_alarm_lost')])).toEqual({ stored: 0, duplicates: 1 })
    // Due at once, so it may be running right now (the runtime clears an alarm while it runs, and this
    // paused endpoint's run schedules a recheck): wait for one to be set. Without it, none ever is.
    await vi.waitFor(async () => expect(await alarmOf(stub)).not.toBeNull(), { timeout: 3_000, interval: 20 })
  })

  it('isolates endpoints from one another', async () => {
    const a = await createEndpoint()
    const b = await createEndpoint()
    await a.stub.enqueueEvents(a.id, [event('evt_only_a')])
    expect(await b.stub.getDelivery('evt_only_a')).toBeNull()
    expect(await b.stub.deliveryCounts()).toEqual({ pending: 0, delivered: 0, dead: 0 })
  })

  it('lists deliveries newest first through an opaque cursor, filtered by status', async () => {
    const { id, stub } = await createEndpoint()
    const ids = ['evt_p0', 'evt_p1', 'evt_p2', 'evt_p3', 'evt_p4']
    // Two share a creation time: the id breaks the tie, so no page repeats or skips one.
    const times = [1_000, 2_000, 3_000, 3_000, 4_000]
    await stub.enqueueEvents(
      id,
      ids.map((eventId, i) => event(eventId, times[i])),
    )
    const seen: string[] = []
    let after: string | null = null
    for (let page = 0; page < 5; page++) {
      const result: Awaited<ReturnType<typeof stub.listDeliveries>> = await stub.listDeliveries({ first: 2, after })
      seen.push(...result.nodes.map((n) => n.eventId))
      if (!result.hasNextPage) break
      after = result.endCursor
    }
    expect(seen).toEqual(['evt_p4', 'evt_p3', 'evt_p2', 'evt_p1', 'evt_p0'])
    expect((await stub.listDeliveries({ first: 10, status: 'pending' })).nodes).toHaveLength(5)
    expect(await stub.listDeliveries({ first: 10, status: 'dead' })).toEqual({
      nodes: [],
      hasNextPage: false,
      endCursor: null,
    })
    // A cursor this API did not issue: an empty page (the resolver refuses it first, with BAD_USER_INPUT).
    expect((await stub.listDeliveries({ first: 2, after: 'garbage' })).nodes).toEqual([])
  })

  it('wakes only when something is pending', async () => {
    const { stub } = await createEndpoint()
    await stub.wake()
    expect(await alarmOf(stub)).toBeNull()
  })

  it('purges everything and the alarm; a deleted endpoint row makes the object purge itself', async () => {
    const first = await createEndpoint()
    await first.stub.enqueueEvents(first.id, [event('evt_purged')])
    await first.stub.purge()
    expect(await first.stub.getDelivery('evt_purged')).toBeNull()
    expect(await first.stub.deliveryCounts()).toEqual({ pending: 0, delivered: 0, dead: 0 })
    expect(await alarmOf(first.stub)).toBeNull()

    const second = await createEndpoint()
    await second.stub.enqueueEvents(second.id, [event('evt_orphan')])
    await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, second.id))
    // The object's own alarm (set by the enqueue) may get there first: then there is nothing left to run on.
    const run = await runInDurableObject(second.stub, (i: WebhookEndpoint) => i.deliverDue())
    expect(['deleted', 'unknown']).toContain(run.endpointStatus)
    expect(await second.stub.getDelivery('evt_orphan')).toBeNull()
    expect(await alarmOf(second.stub)).toBeNull()
  })

  it('deletes finished deliveries 30 days after they finished, never pending ones', async () => {
    const { id, stub } = await createEndpoint('active', 'endpoint-retention')
    await receiverInbox('endpoint-retention').program({ reset: true })
    await stub.enqueueEvents(id, [event('evt_old_delivered')])
    // Delivered by this run or by the enqueue's own alarm just before: the attempt's time is the finish time.
    await runInDurableObject(stub, (i: WebhookEndpoint) => i.deliverDue(Date.now()))
    const delivered = await stub.getDelivery('evt_old_delivered')
    expect(delivered).toMatchObject({ status: 'delivered' })
    const finishedAtMs = delivered?.attempts[0]?.atMs ?? 0
    await db.update(webhookEndpoints).set({ status: 'paused' }).where(eq(webhookEndpoints.id, id))
    await stub.enqueueEvents(id, [event('evt_still_pending')])

    await runInDurableObject(stub, (i: WebhookEndpoint) => i.deliverDue(finishedAtMs + DELIVERY_RETENTION_MS))
    expect(await stub.getDelivery('evt_old_delivered')).not.toBeNull()
    await runInDurableObject(stub, (i: WebhookEndpoint) => i.deliverDue(finishedAtMs + DELIVERY_RETENTION_MS + 1))
    expect(await stub.getDelivery('evt_old_delivered')).toBeNull()
    expect(await stub.getDelivery('evt_still_pending')).toMatchObject({ status: 'pending' })
    expect(await stub.deliveryCounts()).toEqual({ pending: 1, delivered: 0, dead: 0 })
  })
})
