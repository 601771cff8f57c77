import { createDatabase } from '../db/client'
import { recordHeartbeat } from '../db/queries/heartbeats'

export const CRON_JOB = 'cron'

/**
 * The cron trigger (every minute). Today it records the heartbeat that `health { lastCronAt }`
 * reports; watched-account evaluation plugs in before the heartbeat, so the heartbeat means
 * "a tick completed".
 */
export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const db = createDatabase(env.DB)
  await recordHeartbeat(db, { job: CRON_JOB, trigger: controller.cron, atMs: controller.scheduledTime })
}
