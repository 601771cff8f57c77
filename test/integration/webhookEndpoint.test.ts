import { listDurableObjectIds, runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { WebhookEndpoint, WebhookEvent } from '../../src/alerts/WebhookEndpoint'

const event = (id: string): WebhookEvent => ({
  id,
  type: 'health_factor.below',
  payload: { account: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', healthFactor: '1.04' },
  createdAtMs: 1_764_000_000_000,
})

describe('WebhookEndpoint durable object', () => {
  it('stores an event once, whatever the number of enqueues', async () => {
    const stub = env.WEBHOOK_ENDPOINT.get(env.WEBHOOK_ENDPOINT.idFromName('endpoint-a'))
    expect(await stub.enqueue(event('evt_1'))).toEqual({ id: 'evt_1', duplicate: false })
    expect(await stub.enqueue(event('evt_1'))).toEqual({ id: 'evt_1', duplicate: true })
    expect(await stub.getEvent('evt_1')).toEqual({ ...event('evt_1'), status: 'pending', attempts: 0 })
    expect(await stub.countByStatus()).toEqual({ pending: 1, delivered: 0, dead: 0 })
  })

  it('keeps its events when the object is re-instantiated', async () => {
    const id = env.WEBHOOK_ENDPOINT.idFromName('endpoint-b')
    const first = env.WEBHOOK_ENDPOINT.get(id)
    await first.enqueue(event('evt_2'))
    const instanceBefore = await runInDurableObject(first, (instance: WebhookEndpoint) => instance)

    // Abort resets the object: the next call builds a new instance from storage.
    await runInDurableObject(first, (_instance, state) => state.abort('test: simulate eviction')).catch(() => undefined)

    const second = env.WEBHOOK_ENDPOINT.get(id)
    const instanceAfter = await runInDurableObject(second, (instance: WebhookEndpoint) => instance)
    expect(instanceAfter).not.toBe(instanceBefore)
    expect(await second.getEvent('evt_2')).toMatchObject({ id: 'evt_2', status: 'pending' })
    expect((await listDurableObjectIds(env.WEBHOOK_ENDPOINT)).map(String)).toContain(id.toString())
  })

  it('isolates endpoints from one another', async () => {
    const other = env.WEBHOOK_ENDPOINT.get(env.WEBHOOK_ENDPOINT.idFromName('endpoint-c'))
    expect(await other.getEvent('evt_1')).toBeNull()
  })
})
