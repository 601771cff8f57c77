import packageJson from '../../../package.json'
import { CRON_JOB } from '../../cron/scheduled'
import { getHeartbeat } from '../../db/queries/heartbeats'
import type { QueryResolvers } from '../__generated__/resolvers'
import { getSchemaHash } from '../sdl'

/** The cron trigger fires every minute; five missed ticks mean something is wrong. */
export const CRON_STALE_AFTER_MS = 5 * 60_000

export const health: NonNullable<QueryResolvers['health']> = async (_parent, _args, { db, config }) => {
  const [heartbeat, schemaHash] = await Promise.all([getHeartbeat(db, CRON_JOB), getSchemaHash()])
  const stale = heartbeat !== undefined && Date.now() - heartbeat.lastRunAtMs > CRON_STALE_AFTER_MS
  return {
    status: stale ? 'DEGRADED' : 'OK',
    version: packageJson.version,
    schemaHash,
    lastCronAt: heartbeat ? new Date(heartbeat.lastRunAtMs) : null,
    environment: config.environment,
  }
}
