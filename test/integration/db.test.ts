import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/client'
import { getHeartbeat, recordHeartbeat } from '../../src/db/queries/heartbeats'

describe('D1 migrations and queries', () => {
  it('applied every migration (the tables drizzle expects exist)', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'heartbeats'",
    ).all()
    expect(results).toEqual([{ name: 'heartbeats' }])
  })

  it('upserts heartbeats per job', async () => {
    const db = createDatabase(env.DB)
    await recordHeartbeat(db, { job: 'a', trigger: '* * * * *', atMs: 1_000 })
    await recordHeartbeat(db, { job: 'b', trigger: 'manual', atMs: 5_000 })
    await recordHeartbeat(db, { job: 'a', trigger: '*/5 * * * *', atMs: 2_000 })
    expect(await getHeartbeat(db, 'a')).toEqual({ lastRunAtMs: 2_000, trigger: '*/5 * * * *', runs: 2 })
    expect(await getHeartbeat(db, 'b')).toEqual({ lastRunAtMs: 5_000, trigger: 'manual', runs: 1 })
    expect(await getHeartbeat(db, 'missing')).toBeUndefined()
  })
})
