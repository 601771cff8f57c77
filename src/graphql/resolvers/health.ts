import packageJson from '../../../package.json'
import { DEAD_LETTER_JOB } from '../../cron/queue'
import { CRON_JOB } from '../../cron/scheduled'
import { getOldestDueAtMs } from '../../db/queries/alertSubscriptions'
import { getHeartbeat } from '../../db/queries/heartbeats'
import type { QueryResolvers } from '../__generated__/resolvers'
import { getSchemaHash } from '../sdl'

/** The cron trigger fires every minute; five missed ticks mean something is wrong. */
export const CRON_STALE_AFTER_MS = 5 * 60_000
/**
 * Evaluations are meant to happen within 60 s of their due time; past 90 s (a tick and a half) the queue's
 * consumers are not keeping up with the ticks, or the ticks have stopped.
 */
export const EVALUATION_LAG_DEGRADED_AFTER_MS = 90_000

export const health: NonNullable<QueryResolvers['health']> = async (_parent, _args, { db, config }) => {
  const nowMs = Date.now()
  const [heartbeat, deadLetter, oldestDueAtMs, schemaHash] = await Promise.all([
    getHeartbeat(db, CRON_JOB),
    getHeartbeat(db, DEAD_LETTER_JOB),
    getOldestDueAtMs(db, nowMs),
    getSchemaHash(),
  ])
  const stale = heartbeat !== undefined && nowMs - heartbeat.lastRunAtMs > CRON_STALE_AFTER_MS
  const lagMs = oldestDueAtMs === null ? 0 : nowMs - oldestDueAtMs
  return {
    status: stale || lagMs > EVALUATION_LAG_DEGRADED_AFTER_MS ? 'DEGRADED' : 'OK',
    version: packageJson.version,
    schemaHash,
    lastCronAt: heartbeat ? new Date(heartbeat.lastRunAtMs) : null,
    evaluationLagSeconds: Math.floor(lagMs / 1000),
    lastDeadLetterAt: deadLetter ? new Date(deadLetter.lastRunAtMs) : null,
    environment: config.environment,
  }
}
