/**
 * How much one evaluation shard may hold, so that the queue consumer invocation that evaluates it stays
 * within a Worker invocation's limits with a margin. The cron tick cuts the due subscriptions into shards by
 * this estimate (`planShards`); `npm run bench -- cronFanout` measures what the invocations really used.
 *
 * Limits (Workers Paid), as documented:
 * - CPU time: 30 s per invocation by default (configurable up to 5 min; a queue consumer shares the
 *   Worker's per-invocation CPU limit). https://developers.cloudflare.com/workers/platform/limits/#cpu-time
 * - Subrequests: 1,000 per invocation on some of Cloudflare's pages, 10,000 on others: designed for 1,000.
 *   Calls to Durable Objects count; D1 queries have their own limit.
 *   https://developers.cloudflare.com/workers/platform/limits/#subrequests
 * - Simultaneous outgoing connections: 6 per invocation; more fetches wait for one to close (they are not
 *   refused), so this bounds a shard's wall time, not what it may read.
 *   https://developers.cloudflare.com/workers/platform/limits/#simultaneous-open-connections
 * - D1: 1,000 queries per Worker invocation. https://developers.cloudflare.com/d1/platform/limits/
 * - Queues: a message of at most 128 KB, 100 messages (256 KB) per `sendBatch`, a consumer runs at most
 *   15 minutes of wall time. https://developers.cloudflare.com/queues/platform/limits/
 */

/** Workers Paid: subrequests per invocation (the lower of the figures Cloudflare documents). */
export const SUBREQUESTS_PER_INVOCATION = 1_000
/** CPU time of one invocation, default limit. */
export const CPU_MS_PER_INVOCATION = 30_000
/** D1 queries per Worker invocation (Workers Paid). */
export const D1_QUERIES_PER_INVOCATION = 1_000

/**
 * A shard is cut to use at most half the subrequest limit by the worst-case estimate below: the other
 * half is the margin (RPC failover onto a second endpoint, an estimate that is off for an unusual account).
 */
export const SHARD_SUBREQUEST_BUDGET = SUBREQUESTS_PER_INVOCATION / 2
/**
 * A third of the CPU limit by the estimate: the bench measured up to 4 ms of Node CPU per Aave account on a
 * loaded 2-core machine (three markets, two chains: ~1.3 ms per source, an upper bound of the Worker's
 * CPU as it includes the D1 proxy's serialisation), and a noisy neighbour or a cold isolate must not push
 * a shard over 30 s.
 */
export const SHARD_CPU_MS_BUDGET = CPU_MS_PER_INVOCATION / 3
/** A tenth of D1's query limit: a shard's queries barely depend on its size (rows travel as JSON), see below. */
export const SHARD_D1_QUERY_BUDGET = D1_QUERIES_PER_INVOCATION / 10
/**
 * Subscriptions per shard at most, whatever their cost: one D1 transaction commits a shard (rows travel as
 * JSON, far under D1's 2 MB per value), and the message of 500 ids (`sub_` + 32 hex, ~40 bytes each: 20 KB)
 * stays far under the queue's 128 KB.
 */
export const MAX_SUBSCRIPTIONS_PER_SHARD = 500

/**
 * Subrequests a shard makes whatever its size: the market references on a cold cache (Aave reserves and
 * e-mode, Morpho market params: a few `eth_call`s per market), Hyperliquid's `meta`, dYdX's markets and
 * clock, each with one retry.
 */
export const SHARD_FIXED_SUBREQUESTS = 40
/**
 * One hand-off per subscription in the worst case: every rule of the shard fires in the same minute (a
 * market crash is exactly when) and each subscription belongs to a different webhook endpoint, whose
 * Durable Object takes one RPC.
 */
export const SUBREQUESTS_PER_SUBSCRIPTION = 1
/** One venue request per HTTP source (Hyperliquid, dYdX: one per account), plus `fetchVenueJson`'s one retry. */
export const SUBREQUESTS_PER_HTTP_SOURCE = 2
/**
 * EVM sources of one chain share `eth_call`s (Multicall3 `aggregate3`, cut at 1,000 calls or 22 KB of
 * deployless results: src/chains/multicall.ts). The cron bench read ~10 Aave market positions per
 * `eth_call`; the estimate takes half that.
 */
export const EVM_SOURCES_PER_RPC_CALL = 5
/** CPU per source (read, decode, evaluate, commit): three times the ~1.3 ms measured on a loaded machine. */
export const CPU_MS_PER_SOURCE = 4
/**
 * D1 queries of a shard: its leased rows (1), the reference cache (a few per venue), the rules (one per
 * 90 subscriptions: D1's 100 bound parameters), price history (1), the commit (1 batch) and the hand-off
 * mark (1).
 */
export const SHARD_FIXED_D1_QUERIES = 20
export const SUBSCRIPTIONS_PER_RULES_QUERY = 90

export type ShardCost = {
  subscriptions: number
  evmSources: number
  httpSources: number
  /** Estimated upper bounds for the consumer invocation that evaluates the shard. */
  subrequests: number
  cpuMs: number
  d1Queries: number
}

/** The estimated cost of a shard holding these subscriptions' sources (pure: the planner and the tests use it). */
export function estimateShardCost({
  subscriptions,
  evmSourcesByChain,
  httpSources,
}: {
  subscriptions: number
  /** EVM sources per chain id: each chain's sources share multicalls. */
  evmSourcesByChain: ReadonlyMap<number, number>
  httpSources: number
}): ShardCost {
  let evmSources = 0
  let rpcCalls = 0
  for (const count of evmSourcesByChain.values()) {
    evmSources += count
    rpcCalls += Math.ceil(count / EVM_SOURCES_PER_RPC_CALL)
  }
  return {
    subscriptions,
    evmSources,
    httpSources,
    subrequests:
      SHARD_FIXED_SUBREQUESTS +
      subscriptions * SUBREQUESTS_PER_SUBSCRIPTION +
      httpSources * SUBREQUESTS_PER_HTTP_SOURCE +
      rpcCalls,
    cpuMs: (evmSources + httpSources) * CPU_MS_PER_SOURCE,
    d1Queries: SHARD_FIXED_D1_QUERIES + Math.ceil(subscriptions / SUBSCRIPTIONS_PER_RULES_QUERY),
  }
}

/** Whether a shard of this cost is within every budget above. */
export function fitsShardBudget(cost: ShardCost): boolean {
  return (
    cost.subscriptions <= MAX_SUBSCRIPTIONS_PER_SHARD &&
    cost.subrequests <= SHARD_SUBREQUEST_BUDGET &&
    cost.cpuMs <= SHARD_CPU_MS_BUDGET &&
    cost.d1Queries <= SHARD_D1_QUERY_BUDGET
  )
}
