import { createDatabase } from '../db/client'
import { releaseLeases } from '../db/queries/alertSubscriptions'
import { recordHeartbeat } from '../db/queries/heartbeats'
import { runShard } from './evaluateSubscriptions'
import { parseShard } from './planShards'

/** The queues of wrangler.toml (`[[queues.consumers]]`): the shards, and where they go after their last retry. */
export const EVALUATION_QUEUE_NAME = 'solvent-evaluations'
export const DEAD_LETTER_QUEUE_NAME = 'solvent-evaluations-dlq'
/** The heartbeat row that counts dead-lettered shards (`health { lastDeadLetterAt }`). */
export const DEAD_LETTER_JOB = 'cron-dead-letter'

/**
 * The Worker's `queue()` handler. Evaluation shards (one per invocation: `max_batch_size = 1`) are run by
 * `runShard` and acknowledged once committed; a shard that throws is retried by the queue (its lease still
 * holds, so no tick claims its subscriptions meanwhile) and, after `max_retries`, goes to the dead-letter
 * queue, whose messages release their leases: those subscriptions are due at the next tick, first in line.
 */
export async function queue(batch: MessageBatch, env: Env): Promise<void> {
  const db = createDatabase(env.DB)
  if (batch.queue === DEAD_LETTER_QUEUE_NAME) {
    for (const message of batch.messages) {
      const shard = parseShard(message.body)
      const released = shard instanceof Error ? 0 : await releaseLeases(db, shard.subscriptionIds, shard.leaseUntilMs)
      const id = shard instanceof Error ? `malformed (${shard.message})` : shard.id
      console.error(JSON.stringify({ job: DEAD_LETTER_JOB, shard: id, attempts: message.attempts, released }))
      await recordHeartbeat(db, { job: DEAD_LETTER_JOB, trigger: id, atMs: Date.now() })
      message.ack()
    }
    return
  }
  for (const message of batch.messages) {
    const shard = parseShard(message.body)
    if (shard instanceof Error) {
      // Never evaluable; retried all the same so that it ends in the dead-letter queue, where it is counted.
      console.error(`Queue message ${message.id} is not an evaluation shard: ${shard.message}.`)
      message.retry()
      continue
    }
    const started = Date.now()
    try {
      // The later of the tick's time and now: never before the tick that claimed it, and a shard the queue
      // delivered late is judged (block age, feed heartbeats) at the time it is read.
      const nowMs = Math.max(shard.tickMs, started)
      const report = await runShard({ env, db, shard, nowMs })
      console.log(
        JSON.stringify({
          job: 'cron-shard',
          shard: shard.id,
          attempts: message.attempts,
          ms: Date.now() - started,
          ...report,
        }),
      )
      message.ack()
    } catch (error) {
      console.error(`Cron shard ${shard.id} failed (attempt ${message.attempts}); the queue retries it.`, error)
      message.retry()
    }
  }
}
