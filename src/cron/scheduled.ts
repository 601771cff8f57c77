import { createDatabase } from '../db/client'
import { recordHeartbeat } from '../db/queries/heartbeats'
import { sweepExpiredRows } from '../db/queries/housekeeping'
import { evaluateSubscriptions } from './evaluateSubscriptions'

export const CRON_JOB = 'cron'

/**
 * The cron trigger (every minute): evaluates the watched accounts, deletes expired bookkeeping rows,
 * then records the heartbeat that `health { lastCronAt }` reports, so the heartbeat means "a tick
 * completed". The tick runs on the trigger's scheduled time, so two overlapping runs of one tick see
 * the same instant.
 */
export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const db = createDatabase(env.DB)
  const started = Date.now()
  const report = await evaluateSubscriptions({ env, db, nowMs: controller.scheduledTime })
  console.log(JSON.stringify({ job: CRON_JOB, ms: Date.now() - started, ...report }))
  await sweepExpiredRows(db, controller.scheduledTime)
  await recordHeartbeat(db, { job: CRON_JOB, trigger: controller.cron, atMs: controller.scheduledTime })
}
