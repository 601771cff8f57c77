import { createDatabase } from '../db/client'
import { recordHeartbeat } from '../db/queries/heartbeats'
import { sweepExpiredRows } from '../db/queries/housekeeping'
import { recordAccountRisk } from '../live/recordAccountRisk'
import { evaluateSubscriptions, type TickReport } from './evaluateSubscriptions'
import { revalidateWalletKeys } from './revalidateWalletKeys'

export const CRON_JOB = 'cron'

/**
 * The cron trigger (every minute): evaluates the watched accounts, re-validates the API keys of
 * contract wallets that are due (every 10 minutes each), deletes expired bookkeeping rows, then records the heartbeat that `health { lastCronAt }` reports, so the heartbeat means "a tick
 * completed". The tick runs on the trigger's scheduled time, so two overlapping runs of one tick see
 * the same instant.
 */
export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  await runTick(env, { nowMs: controller.scheduledTime, trigger: controller.cron })
}

export type RunTickParameters = {
  nowMs: number
  /** What started the tick (the cron expression, or the sandbox's manual tick), kept with the heartbeat. */
  trigger: string
  /** Evaluates every active subscription, due or not (see `evaluateSubscriptions`). */
  everySubscription?: boolean | undefined
}

/** One tick, whatever started it: the cron trigger and the sandbox's manual tick share this path. */
export async function runTick(env: Env, { nowMs, trigger, everySubscription }: RunTickParameters): Promise<TickReport> {
  const db = createDatabase(env.DB)
  const started = Date.now()
  const report = await evaluateSubscriptions({ env, db, nowMs, everySubscription })
  const walletKeys = await revalidateWalletKeys({ env, db, nowMs })
  const live = await recordAccountRisk({ env, db, nowMs }).catch((error: unknown) => ({ error: String(error) }))
  console.log(JSON.stringify({ job: CRON_JOB, trigger, ms: Date.now() - started, ...report, walletKeys, live }))
  await sweepExpiredRows(db, nowMs)
  await recordHeartbeat(db, { job: CRON_JOB, trigger, atMs: nowMs })
  return report
}
