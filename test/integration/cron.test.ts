import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { CRON_JOB } from '../../src/cron/scheduled'
import { createDatabase } from '../../src/db/client'
import { getHeartbeat } from '../../src/db/queries/heartbeats'
import { priceHistory, rateLimitWindows, siweNonces } from '../../src/db/schema'
import { CRON_STALE_AFTER_MS } from '../../src/graphql/resolvers/health'
import worker from '../../src/index'
import { post } from '../helpers/graphql'

async function tick(scheduledTime: number): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime }), env, ctx)
  await waitOnExecutionContext(ctx)
}

type HealthData = { health: { status: string; lastCronAt: string | null } }

describe('scheduled handler', () => {
  it('reports no cron run before the first tick', async () => {
    const { body } = await post<HealthData>('{ health { status lastCronAt } }')
    expect(body.data?.health).toEqual({ status: 'OK', lastCronAt: null })
  })

  it('records a heartbeat in D1 that health reports', async () => {
    const at = Date.now() - 1_000
    await tick(at)
    const heartbeat = await getHeartbeat(createDatabase(env.DB), CRON_JOB)
    expect(heartbeat).toEqual({ lastRunAtMs: at, trigger: '* * * * *', runs: 1 })
    const { body } = await post<HealthData>('{ health { status lastCronAt } }')
    expect(body.data?.health).toEqual({ status: 'OK', lastCronAt: new Date(at).toISOString() })
  })

  it('counts runs and never moves the heartbeat backwards (late, overlapping ticks)', async () => {
    const latest = Date.now()
    await tick(latest)
    await tick(latest - 60_000)
    const heartbeat = await getHeartbeat(createDatabase(env.DB), CRON_JOB)
    expect(heartbeat?.lastRunAtMs).toBe(latest)
    expect(heartbeat?.runs).toBe(3)
  })

  it('reports DEGRADED when the cron trigger stalls', async () => {
    await env.DB.prepare('UPDATE heartbeats SET last_run_at_ms = ? WHERE job = ?')
      .bind(Date.now() - CRON_STALE_AFTER_MS - 1_000, CRON_JOB)
      .run()
    const { body } = await post<HealthData>('{ health { status } }')
    expect(body.data?.health.status).toBe('DEGRADED')
  })

  it('deletes expired bookkeeping rows and keeps the rest', async () => {
    const db = createDatabase(env.DB)
    const now = Date.now()
    const day = 86_400_000
    await db.insert(rateLimitWindows).values([
      { bucket: 'key_old:requests', windowStartMs: now - 2 * day, count: 3 },
      { bucket: 'key_new:requests', windowStartMs: now - 60_000, count: 1 },
    ])
    await db.insert(siweNonces).values([
      { nonce: 'old', issuedAtMs: now - 3 * day, expiresAtMs: now - 2 * day },
      { nonce: 'new', issuedAtMs: now, expiresAtMs: now + 600_000 },
    ])
    await db.insert(priceHistory).values([
      { underlying: 'ETH', minuteMs: now - 8 * day, price: '3000' },
      { underlying: 'ETH', minuteMs: now - day, price: '3100' },
    ])
    await tick(now)
    expect((await db.select().from(rateLimitWindows)).map((row) => row.bucket)).toEqual(['key_new:requests'])
    expect((await db.select().from(siweNonces)).map((row) => row.nonce)).toEqual(['new'])
    expect((await db.select().from(priceHistory)).map((row) => row.price)).toEqual(['3100'])
  })
})
