import { createDatabase } from '../db/client'
import { recordHeartbeat } from '../db/queries/heartbeats'
import { sweepExpiredRows } from '../db/queries/housekeeping'
import { recordAccountRisk } from '../live/recordAccountRisk'
import { type EnqueueTickReturnType, enqueueTick } from './enqueueTick'
import { evaluateSubscriptions, type TickReport } from './evaluateSubscriptions'
import { revalidateWalletKeys } from './revalidateWalletKeys'

export const CRON_JOB = 'cron'

/**
 * The cron trigger (every minute): plans the evaluation of the watched accounts and sends it to the
 * evaluation queue in shards, re-validates the API keys of contract wallets that are due (every 10 minutes
 * each), deletes expired bookkeeping rows, then records the heartbeat that `health { lastCronAt }` reports,
 * so the heartbeat means "a tick completed". The tick runs on the trigger's scheduled time, so two
 * overlapping runs of one tick see the same instant.
 */
export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  await runTick(env, { nowMs: controller.scheduledTime, trigger: controller.cron })
}

export type RunTickParameters = {
  nowMs: number
  /** What started the tick (the cron expression, or the sandbox's manual tick), kept with the heartbeat. */
  trigger: string
  /**
   * `queue` (the cron): the tick plans and the queue's consumers evaluate. `inline` (the sandbox's manual
   * tick): the same shards run in this invocation, so the caller learns what fired.
   */
  mode?: 'queue' | 'inline' | undefined
  /** Evaluates every active subscription, due or not (see `evaluateSubscriptions`). */
  everySubscription?: boolean | undefined
}

export type InlineTickReturnType = { mode: 'inline' } & TickReport
export type RunTickReturnType = InlineTickReturnType | ({ mode: 'queue' } & EnqueueTickReturnType)

/** One tick, whatever started it: the cron trigger and the sandbox's manual tick share this path. */
export async function runTick(
  env: Env,
  parameters: RunTickParameters & { mode: 'inline' },
): Promise<InlineTickReturnType>
export async function runTick(env: Env, parameters: RunTickParameters): Promise<RunTickReturnType>
export async function runTick(
  env: Env,
  { nowMs, trigger, mode = 'queue', everySubscription }: RunTickParameters,
): Promise<RunTickReturnType> {
  const db = createDatabase(env.DB)
  const started = Date.now()
  const report: RunTickReturnType =
    mode === 'inline'
      ? { mode, ...(await evaluateSubscriptions({ env, db, nowMs, everySubscription })) }
      : { mode, ...(await enqueueTick({ env, db, nowMs, everySubscription })) }
  const walletKeys = await revalidateWalletKeys({ env, db, nowMs })
  const live = await recordAccountRisk({ env, db, nowMs }).catch((error: unknown) => ({ error: String(error) }))
  console.log(JSON.stringify({ job: CRON_JOB, trigger, ms: Date.now() - started, ...report, walletKeys, live }))
  await sweepExpiredRows(db, nowMs)
  await recordHeartbeat(db, { job: CRON_JOB, trigger, atMs: nowMs })
  return report
}
