import type { Database } from '../db/client'
import { releaseLeases } from '../db/queries/alertSubscriptions'
import type { AdapterMap } from '../protocols/types'
import { claimShards, handOffLeftovers } from './evaluateSubscriptions'
import type { EvaluationShard } from './planShards'
import type { ShardCost } from './shardBudget'

/** Queues: at most 100 messages and 256 KB per `sendBatch` (https://developers.cloudflare.com/queues/platform/limits/). */
const MESSAGES_PER_SEND = 100
/** Bytes per `sendBatch`, under 256 KB with room for each message's ~100 bytes of metadata. */
const BYTES_PER_SEND = 200_000

export type EnqueueTickParameters = {
  env: Env
  db: Database
  nowMs: number
  /** The producer binding (the `EVALUATION_QUEUE` of wrangler.toml unless given). */
  queue?: Queue | undefined
  adapters?: AdapterMap | undefined
  everySubscription?: boolean | undefined
  maxSubscriptions?: number | undefined
}

export type EnqueueTickReturnType = {
  /** Subscriptions claimed. */
  subscriptions: number
  shards: number
  /** Shards the queue accepted. */
  sent: number
  /** Shards the queue refused: their leases are released, so the next tick claims them again. */
  failedSends: number
  /** Leftover events handed on. */
  handedOff: number
  /** The costliest shard's estimate (subrequests, CPU, D1 queries), for the tick's log line. */
  largest: ShardCost | null
}

/**
 * The cron's tick: it only plans. Hands on leftover events, claims the due subscriptions (longest waiting
 * first, under a lease), cuts them into shards sized for one consumer invocation and sends them to the
 * evaluation queue; the queue's consumer (`src/cron/queue.ts`) evaluates them. Its own work grows with the
 * number of due subscriptions only by D1 claim pages and `sendBatch` calls.
 */
export async function enqueueTick({
  env,
  db,
  nowMs,
  queue = env.EVALUATION_QUEUE,
  adapters,
  everySubscription,
  maxSubscriptions,
}: EnqueueTickParameters): Promise<EnqueueTickReturnType> {
  const handedOff = await handOffLeftovers(env, db, nowMs)
  const shards = await claimShards({ env, db, nowMs, adapters, everySubscription, maxSubscriptions })
  let sent = 0
  let failedSends = 0
  for (const group of sendGroups(shards)) {
    try {
      await queue.sendBatch(group.map((shard) => ({ body: shard, contentType: 'json' as const })))
      sent += group.length
    } catch (error) {
      // Not queued: nobody would evaluate them before the lease lapses. Released, they go first next tick.
      failedSends += group.length
      for (const shard of group) await releaseLeases(db, shard.subscriptionIds, shard.leaseUntilMs).catch(() => 0)
      console.error(`Queueing ${group.length} shard(s) failed; their subscriptions are released.`, error)
    }
  }
  let largest: ShardCost | null = null
  for (const { estimate } of shards) if (!largest || estimate.subrequests > largest.subrequests) largest = estimate
  return {
    subscriptions: shards.reduce((total, shard) => total + shard.subscriptionIds.length, 0),
    shards: shards.length,
    sent,
    failedSends,
    handedOff,
    largest,
  }
}

/** Consecutive shards in groups that one `sendBatch` takes (message count and bytes). */
function sendGroups(shards: readonly EvaluationShard[]): EvaluationShard[][] {
  const groups: EvaluationShard[][] = []
  let current: EvaluationShard[] = []
  let bytes = 0
  for (const shard of shards) {
    const size = JSON.stringify(shard).length
    if (current.length > 0 && (current.length === MESSAGES_PER_SEND || bytes + size > BYTES_PER_SEND)) {
      groups.push(current)
      current = []
      bytes = 0
    }
    current.push(shard)
    bytes += size
  }
  if (current.length > 0) groups.push(current)
  return groups
}
