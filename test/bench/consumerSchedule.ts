/**
 * How long a queue takes to run measured shards with `concurrency` consumers at once (pure; the cron fan-out
 * bench projects a deployed tick with it). Shards start in the given order, each on the first consumer that
 * is free (list scheduling), and each takes its measured wall time: the queue hands a free consumer the next
 * message, and one shard is one invocation (`max_batch_size = 1`).
 *
 * Cloudflare Queues runs at most 250 concurrent consumer invocations per queue (push-based consumers):
 * https://developers.cloudflare.com/queues/platform/limits/ ("Concurrent consumer invocations: 250"). It
 * scales consumers up with the backlog after each batch, not at once
 * (https://developers.cloudflare.com/queues/configuration/consumer-concurrency/), so the schedule at 250 is
 * the best case; `consumersNeeded` says how many the target needs, which is the margin.
 */

/** Documented maximum of concurrent consumer invocations of one queue (Cloudflare Queues limits). */
export const MAX_CONCURRENT_CONSUMERS = 250

export type ScheduleShardsReturnType = {
  /** When each shard starts, from the first start (ms). */
  startsMs: number[]
  /** When the last shard ends, from the first start (ms). */
  makespanMs: number
}

export function scheduleShards(wallsMs: readonly number[], concurrency: number): ScheduleShardsReturnType {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a whole number ≥ 1')
  const freeAtMs = Array.from({ length: Math.min(concurrency, wallsMs.length) }, () => 0)
  const startsMs: number[] = []
  let makespanMs = 0
  for (const wallMs of wallsMs) {
    let slot = 0
    for (let i = 1; i < freeAtMs.length; i++) if ((freeAtMs[i] as number) < (freeAtMs[slot] as number)) slot = i
    const startMs = freeAtMs[slot] as number
    startsMs.push(startMs)
    freeAtMs[slot] = startMs + wallMs
    makespanMs = Math.max(makespanMs, startMs + wallMs)
  }
  return { startsMs, makespanMs }
}

/** The fewest concurrent consumers that run every shard within `budgetMs`; null when even 250 do not. */
export function consumersNeeded(wallsMs: readonly number[], budgetMs: number): number | null {
  if (scheduleShards(wallsMs, MAX_CONCURRENT_CONSUMERS).makespanMs > budgetMs) return null
  for (let consumers = 1; consumers < MAX_CONCURRENT_CONSUMERS; consumers++)
    if (scheduleShards(wallsMs, consumers).makespanMs <= budgetMs) return consumers
  return MAX_CONCURRENT_CONSUMERS
}
