import { eq, sql } from 'drizzle-orm'
import type { Database } from '../client'
import { heartbeats } from '../schema'

export type RecordHeartbeatParameters = { job: string; trigger: string; atMs: number }

/** Upserts the job's heartbeat and counts the run. */
export async function recordHeartbeat(db: Database, { job, trigger, atMs }: RecordHeartbeatParameters): Promise<void> {
  await db
    .insert(heartbeats)
    .values({ job, trigger, lastRunAtMs: atMs, runs: 1 })
    .onConflictDoUpdate({
      target: heartbeats.job,
      set: {
        lastRunAtMs: sql`max(${heartbeats.lastRunAtMs}, excluded.last_run_at_ms)`,
        trigger,
        runs: sql`${heartbeats.runs} + 1`,
      },
    })
}

export type GetHeartbeatReturnType = { lastRunAtMs: number; trigger: string; runs: number } | undefined

export async function getHeartbeat(db: Database, job: string): Promise<GetHeartbeatReturnType> {
  return db.query.heartbeats.findFirst({
    columns: { lastRunAtMs: true, trigger: true, runs: true },
    where: eq(heartbeats.job, job),
  })
}
