import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { CRON_JOB } from '../../src/cron/scheduled'
import { createDatabase } from '../../src/db/client'
import { getHeartbeat } from '../../src/db/queries/heartbeats'
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
})
