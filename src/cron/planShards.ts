import type { AlertSubscriptionRow } from '../db/schema'
import { sourcesOfAccounts } from '../portfolio/loadEntries'
import { parseAccount } from '../protocols/address'
import type { SourceRef, VenueAdapter } from '../protocols/types'
import { estimateShardCost, fitsShardBudget, type ShardCost } from './shardBudget'

/** Version of the queue message's shape: a consumer refuses a shape it does not know (see `parseShard`). */
export const SHARD_VERSION = 1

/**
 * One queue message: subscriptions a tick claimed, evaluated together by one consumer invocation.
 * `leaseUntilMs` is the claim's lease, and the shard's fencing token: the consumer evaluates only the
 * subscriptions still under it (`getLeasedSubscriptions`).
 */
export type EvaluationShard = {
  v: typeof SHARD_VERSION
  /** `<tick ms>:<read profile>:<n>`, for logs. */
  id: string
  /** The tick's time: a subscription is due again one interval after it. */
  tickMs: number
  leaseUntilMs: number
  /** How the shard reads: `evm:<chainId>` per chain it multicalls, `http:<venue>` per HTTP venue. */
  profile: string
  subscriptionIds: string[]
  /** The planner's estimate for the invocation (logged beside what it used). */
  estimate: ShardCost
}

export type PlanShardsParameters = {
  subscriptions: readonly Pick<AlertSubscriptionRow, 'id' | 'addresses' | 'protocols'>[]
  adapters: readonly VenueAdapter[]
  env: Env
  tickMs: number
  leaseUntilMs: number
}

/**
 * Cuts claimed subscriptions into shards, the way they are cheapest to read: subscriptions with the same
 * read profile (the chains they multicall, the HTTP venues they call) share shards, so one shard's
 * accounts of a chain go into the same `eth_call`s and an HTTP venue's requests stay together; each shard
 * is filled, in the claim's order (longest waiting first), until the next subscription would take it past
 * a budget of `shardBudget.ts`. A subscription whose own cost is past a budget (hundreds of addresses)
 * gets a shard to itself: a subscription is never split, it is evaluated as one.
 */
export function planShards({
  subscriptions,
  adapters,
  env,
  tickMs,
  leaseUntilMs,
}: PlanShardsParameters): EvaluationShard[] {
  type Open = { ids: string[]; evm: Map<number, number>; http: number; cost: ShardCost }
  const open = new Map<string, Open>()
  const shards: EvaluationShard[] = []
  const close = (profile: string, shard: Open) =>
    shards.push({
      v: SHARD_VERSION,
      id: `${tickMs}:${profile}:${shards.length}`,
      tickMs,
      leaseUntilMs,
      profile,
      subscriptionIds: shard.ids,
      estimate: shard.cost,
    })
  for (const subscription of subscriptions) {
    const { profile, evm, http } = readProfile(subscription, adapters, env)
    let shard = open.get(profile)
    const add = (into: Open | undefined) => {
      const merged = new Map(into?.evm ?? [])
      for (const [chainId, count] of evm) merged.set(chainId, (merged.get(chainId) ?? 0) + count)
      const httpSources = (into?.http ?? 0) + http
      const cost = estimateShardCost({
        subscriptions: (into?.ids.length ?? 0) + 1,
        evmSourcesByChain: merged,
        httpSources,
      })
      return { merged, httpSources, cost }
    }
    let next = add(shard)
    if (shard && !fitsShardBudget(next.cost)) {
      close(profile, shard)
      shard = undefined
      next = add(undefined)
    }
    if (!shard) {
      shard = { ids: [], evm: new Map(), http: 0, cost: next.cost }
      open.set(profile, shard)
    }
    shard.ids.push(subscription.id)
    shard.evm = next.merged
    shard.http = next.httpSources
    shard.cost = next.cost
  }
  for (const [profile, shard] of open) close(profile, shard)
  return shards
}

/** The chains and HTTP venues a subscription reads, and how many sources on each kind. */
function readProfile(
  subscription: Pick<AlertSubscriptionRow, 'addresses' | 'protocols'>,
  adapters: readonly VenueAdapter[],
  env: Env,
): { profile: string; evm: Map<number, number>; http: number } {
  let sources: SourceRef[]
  try {
    const protocols = subscription.protocols === null ? null : (JSON.parse(subscription.protocols) as string[])
    const accounts = (JSON.parse(subscription.addresses) as string[]).map(parseAccount)
    sources = sourcesOfAccounts(accounts, adapters, env, { protocols })
  } catch {
    // Stored rows were validated on the way in; should one not parse, the consumer holds it with its error.
    sources = []
  }
  const evm = new Map<number, number>()
  const venues = new Set<string>()
  let http = 0
  for (const source of sources) {
    if (source.chainId === undefined) {
      http += 1
      venues.add(`http:${source.venue}`)
    } else evm.set(source.chainId, (evm.get(source.chainId) ?? 0) + 1)
  }
  const keys = [...[...evm.keys()].sort((a, b) => a - b).map((chainId) => `evm:${chainId}`), ...[...venues].sort()]
  return { profile: keys.length > 0 ? keys.join(',') : 'none', evm, http }
}

/** The shard in a queue message, or an error saying why the message is not one. */
export function parseShard(body: unknown): EvaluationShard | Error {
  if (typeof body !== 'object' || body === null) return new Error('not an object')
  const shard = body as Partial<EvaluationShard>
  if (shard.v !== SHARD_VERSION) return new Error(`unknown shard version ${String(shard.v)}`)
  if (
    typeof shard.id !== 'string' ||
    typeof shard.tickMs !== 'number' ||
    typeof shard.leaseUntilMs !== 'number' ||
    !Array.isArray(shard.subscriptionIds) ||
    !shard.subscriptionIds.every((id) => typeof id === 'string')
  )
    return new Error('missing or malformed fields')
  return shard as EvaluationShard
}
