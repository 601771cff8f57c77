/**
 * The cron's fan-out through Cloudflare Queues, inside workerd: Miniflare runs the queue of wrangler.toml
 * (producer, consumer, dead-letter queue) and delivers its messages to this Worker's `queue()` handler;
 * the shards read the sandbox chains (real Aave v3 contracts), D1 and the endpoints' Durable Objects are
 * real. Where a test needs to hold a delivery in its hand (a retry, a duplicate), it calls `queue()` with
 * a batch of its own (`createMessageBatch`) and reads the handler's ack/retry decisions (`getQueueResult`).
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { endpointStub } from '../../src/alerts/endpointStub'
import { newId } from '../../src/alerts/ids'
import { newSubscriptionRows } from '../../src/alerts/newSubscriptionRows'
import { CLAIM_LEASE_MS, claimShards, EVALUATION_INTERVAL_MS } from '../../src/cron/evaluateSubscriptions'
import { type EvaluationShard, planShards } from '../../src/cron/planShards'
import { DEAD_LETTER_JOB, DEAD_LETTER_QUEUE_NAME, EVALUATION_QUEUE_NAME } from '../../src/cron/queue'
import { runTick } from '../../src/cron/scheduled'
import { estimateShardCost, fitsShardBudget, MAX_SUBSCRIPTIONS_PER_SHARD } from '../../src/cron/shardBudget'
import { createDatabase } from '../../src/db/client'
import { getRulesOf, insertSubscription } from '../../src/db/queries/alertSubscriptions'
import { getHeartbeat } from '../../src/db/queries/heartbeats'
import { alertEvents, alertSubscriptions, webhookEndpoints } from '../../src/db/schema'
import { EVALUATION_LAG_DEGRADED_AFTER_MS } from '../../src/graphql/resolvers/health'
import worker from '../../src/index'
import { adapters } from '../../src/protocols/registry'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { post } from '../helpers/graphql'
import { receiverInbox } from '../helpers/receiver'

const db = createDatabase(env.DB)
const near = demoAccount('near-liquidation').address
/** Hang backstop for work the queue does in the background (minutes: a loaded machine is slow, not wrong). */
const BACKSTOP_MS = 240_000

/**
 * A paused endpoint (events wait in its Durable Object, nothing is posted) and `count` subscriptions of the
 * near-liquidation account (health factor ~1.05) with a rule that fires at its first evaluation.
 */
async function watch(name: string, count = 1, nextEvalAtMs = Date.now()) {
  const key = await createTestKey(near)
  const endpointId = newId('ep')
  await db.insert(webhookEndpoints).values({
    id: endpointId,
    keyId: key.id,
    url: receiverInbox(name).url,
    secret: `whsec_${btoa('queues-test-secret-0123456789')}`,
    status: 'paused',
    createdAtMs: 0,
    updatedAtMs: 0,
  })
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const rows = newSubscriptionRows({
      keyId: key.id,
      endpointId,
      addresses: [near],
      protocols: ['aave-v3'],
      label: `${name} ${i}`,
      rules: [
        { kind: 'HEALTH_FACTOR_BELOW', threshold: '1.2', hysteresis: '0.1', cooldownSeconds: 0, horizonSeconds: null },
      ],
      nowMs: nextEvalAtMs,
    })
    await insertSubscription(db, rows.subscription, rows.rules)
    ids.push(rows.subscription.id)
  }
  return { endpointId, ids }
}

const eventsOf = async (ids: readonly string[]) =>
  (await db.select().from(alertEvents)).filter((event) => ids.includes(event.subscriptionId ?? ''))
const subscriptionOf = async (id: string) =>
  db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, id)).get()

let nextMessage = 0
/** Delivers `shard` to the Worker's queue handler as the queue would (attempt `attempts`), with `withEnv`. */
async function deliver(queueName: string, shard: unknown, { attempts = 1, withEnv = env } = {}) {
  const batch = createMessageBatch(queueName, [
    { id: `msg-${++nextMessage}`, timestamp: new Date(), attempts, body: shard },
  ])
  const ctx = createExecutionContext()
  await worker.queue(batch, withEnv)
  return await getQueueResult(batch, ctx)
}

/**
 * `env.DB` whose `batch` fails when one of its statements' SQL matches `pattern`; everything else goes through.
 * Statements are followed through `bind`, and unwrapped for the real `batch` (it takes only its own).
 */
function failingBatches(pattern: RegExp): D1Database {
  const sqlOf = new WeakMap<object, string>()
  const realOf = new WeakMap<object, D1PreparedStatement>()
  const track = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const tracked = new Proxy(statement, {
      get(target, property) {
        if (property === 'bind') return (...values: unknown[]) => track(target.bind(...values), sql)
        const value = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    sqlOf.set(tracked, sql)
    realOf.set(tracked, statement)
    return tracked
  }
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => track(target.prepare(sql), sql)
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) =>
          statements.some((statement) => pattern.test(sqlOf.get(statement) ?? ''))
            ? Promise.reject(new Error('D1 unavailable (test)'))
            : target.batch(statements.map((statement) => realOf.get(statement) ?? statement))
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

async function until<value>(read: () => Promise<value>, done: (value: value) => boolean): Promise<value> {
  const deadline = Date.now() + BACKSTOP_MS
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

type HealthData = {
  health: { status: string; evaluationLagSeconds: number; lastDeadLetterAt: string | null }
}
const health = async () =>
  (await post<HealthData>('{ health { status evaluationLagSeconds lastDeadLetterAt } }')).body.data?.health

// Each test watches its own subscriptions: whatever a test leaves active is paused.
afterEach(async () => {
  await db.update(alertSubscriptions).set({ status: 'paused' })
})

describe('cron fan-out through the evaluation queue', () => {
  it('cuts claimed subscriptions into shards by read profile, in claim order, each within its budgets', () => {
    const evm = (i: number) => `0x${(0x5017e47n * 2n ** 100n + BigInt(i)).toString(16).padStart(40, '0')}`
    const dydx = demoAccount('everywhere').dydxAddress as string
    const rows = [
      ...Array.from({ length: 1_200 }, (_, i) => ({
        id: `sub_aave_${i}`,
        addresses: [evm(i)],
        protocols: ['aave-v3'],
      })),
      ...Array.from({ length: 400 }, (_, i) => ({
        id: `sub_hl_${i}`,
        addresses: [evm(i)],
        protocols: ['hyperliquid'],
      })),
      ...Array.from({ length: 100 }, (_, i) => ({ id: `sub_dydx_${i}`, addresses: [dydx], protocols: ['dydx-v4'] })),
    ].map(({ id, addresses, protocols }) => ({
      id,
      addresses: JSON.stringify(addresses),
      protocols: JSON.stringify(protocols),
    }))
    const shards = planShards({
      subscriptions: rows,
      adapters: Object.values(adapters),
      env,
      tickMs: 1,
      leaseUntilMs: 2,
    })
    // Every subscription in exactly one shard, each profile's in claim order.
    expect(shards.flatMap((shard) => shard.subscriptionIds).sort()).toEqual(rows.map((row) => row.id).sort())
    const byProfile = new Map<string, EvaluationShard[]>()
    for (const shard of shards) byProfile.set(shard.profile, [...(byProfile.get(shard.profile) ?? []), shard])
    expect([...byProfile.keys()].sort()).toEqual(['evm:31337,evm:31338', 'http:dydx-v4', 'http:hyperliquid'])
    const aave = byProfile.get('evm:31337,evm:31338') ?? []
    expect(aave.flatMap((shard) => shard.subscriptionIds)).toEqual(rows.slice(0, 1_200).map((row) => row.id))
    for (const shard of shards) {
      expect(fitsShardBudget(shard.estimate)).toBe(true)
      expect(shard.subscriptionIds.length).toBeLessThanOrEqual(MAX_SUBSCRIPTIONS_PER_SHARD)
    }
    // A full shard is full: one more subscription (three sandbox markets: two on chain A, one on chain B)
    // would break a budget.
    const n = aave[0]?.subscriptionIds.length ?? 0
    expect(aave[0]?.estimate.evmSources).toBe(3 * n)
    const oneMore = estimateShardCost({
      subscriptions: n + 1,
      evmSourcesByChain: new Map([
        [31337, 2 * (n + 1)],
        [31338, n + 1],
      ]),
      httpSources: 0,
    })
    expect(fitsShardBudget(oneMore)).toBe(false)
  })

  it('a tick only plans: it leases the due subscriptions and queues shards, which the consumer evaluates and fires', async () => {
    const { endpointId, ids } = await watch('queues-fanout', 3)
    const nowMs = Date.now()
    const report = await runTick(env, { nowMs, trigger: '* * * * *' })
    expect(report).toMatchObject({ mode: 'queue', subscriptions: 3, shards: 1, sent: 1, failedSends: 0 })
    // The three share one read profile (chains 31337 and 31338): one shard, well inside its budgets.
    expect(report.mode === 'queue' && report.largest).toMatchObject({ subscriptions: 3, evmSources: 9 })

    // Miniflare delivers the shard to queue() in the background: wait for its commit.
    const committed = await until(
      () => subscriptionOf(ids[0] as string),
      (row) => row?.leaseUntilMs === null,
    )
    expect(committed).toMatchObject({ leaseUntilMs: null, nextEvalAtMs: nowMs + EVALUATION_INTERVAL_MS })
    expect(committed?.lastEvaluatedAtMs).toBeGreaterThanOrEqual(nowMs)
    for (const id of ids) expect(await getRulesOf(db, [id])).toMatchObject([{ state: 'fired', sequence: 1 }])
    const events = await until(
      () => eventsOf(ids),
      (rows) => rows.length === 3 && rows.every((event) => event.handedOffAtMs !== null),
    )
    expect(events.map((event) => event.type)).toEqual(['alert.fired', 'alert.fired', 'alert.fired'])
    expect(events.every((event) => event.handedOffAtMs !== null)).toBe(true)
    expect(await endpointStub(env, endpointId).deliveryCounts()).toEqual({ pending: 3, delivered: 0, dead: 0 })
    // The consumer's evaluation also records the dashboard's minute history of every account it evaluated
    // (the subscriptions read Aave only): nothing reads the account a second time for it.
    const history = await db.$client
      .prepare(
        'SELECT protocol, minute_ms AS minuteMs FROM risk_minutes WHERE lower(account) = lower(?1) AND minute_ms >= ?2',
      )
      .bind(near, nowMs - (nowMs % 60_000))
      .all<{ protocol: string; minuteMs: number }>()
    expect(history.results.length).toBeGreaterThan(0)
    expect(new Set(history.results.map((row) => row.protocol))).toEqual(new Set(['aave-v3']))
  })

  it('a shard that throws mid-way is retried: nothing of it was written, and the retry fires once', async () => {
    const { endpointId, ids } = await watch('queues-retry', 2)
    const nowMs = Date.now()
    const [shard, ...others] = await claimShards({ env, db, nowMs })
    expect(others).toEqual([])
    if (!shard) throw new Error('one shard expected')
    // D1 refuses the shard's commit (one transaction: `batch`), after every read went through.
    const failingD1 = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'batch') return () => Promise.reject(new Error('D1 unavailable (test)'))
        const value = Reflect.get(target, property)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const failed = await deliver(EVALUATION_QUEUE_NAME, shard, { withEnv: { ...env, DB: failingD1 } })
    expect(failed).toMatchObject({
      retryBatch: { retry: false },
      explicitAcks: [],
      retryMessages: [{ msgId: `msg-${nextMessage}` }],
    })
    // Nothing lost and nothing half-done: rules as they were, no event, and the lease still holds (no tick
    // claims these subscriptions while the queue retries the shard).
    for (const id of ids) {
      expect(await getRulesOf(db, [id])).toMatchObject([{ state: 'armed', sequence: 0, lastValue: null }])
      expect(await subscriptionOf(id)).toMatchObject({ leaseUntilMs: shard.leaseUntilMs, lastEvaluatedAtMs: null })
    }
    expect(await eventsOf(ids)).toEqual([])
    expect(await claimShards({ env, db, nowMs: nowMs + 60_000 })).toEqual([])

    const retried = await deliver(EVALUATION_QUEUE_NAME, shard, { attempts: 2 })
    expect(retried).toMatchObject({ explicitAcks: [`msg-${nextMessage}`], retryMessages: [] })
    for (const id of ids) expect(await getRulesOf(db, [id])).toMatchObject([{ state: 'fired', sequence: 1 }])
    expect(await eventsOf(ids)).toHaveLength(2)
    expect(await endpointStub(env, endpointId).deliveryCounts()).toEqual({ pending: 2, delivered: 0, dead: 0 })
  })

  it('a shard that throws after its commit, in its hand-off, is retried for nothing; the next tick hands its events on once', async () => {
    const { endpointId, ids } = await watch('queues-after-commit', 2)
    const [shard] = await claimShards({ env, db, nowMs: Date.now() })
    if (!shard) throw new Error('one shard expected')
    // D1 commits the shard, the object takes its events, then D1 refuses the "handed off" mark: queue() throws.
    const failed = await deliver(EVALUATION_QUEUE_NAME, shard, {
      withEnv: { ...env, DB: failingBatches(/^update "alert_events" set "handed_off_at_ms"/) },
    })
    expect(failed).toMatchObject({ explicitAcks: [], retryMessages: [{ msgId: `msg-${nextMessage}` }] })
    const stored = await eventsOf(ids)
    expect(stored).toHaveLength(2)
    expect(stored.every((event) => event.handedOffAtMs === null)).toBe(true)
    for (const id of ids) expect(await subscriptionOf(id)).toMatchObject({ leaseUntilMs: null })
    expect(await endpointStub(env, endpointId).deliveryCounts()).toEqual({ pending: 2, delivered: 0, dead: 0 })

    // The retry finds its subscriptions committed (no lease): it acknowledges and writes nothing.
    const retried = await deliver(EVALUATION_QUEUE_NAME, shard, { attempts: 2 })
    expect(retried).toMatchObject({ explicitAcks: [`msg-${nextMessage}`], retryMessages: [] })
    expect(await eventsOf(ids)).toEqual(stored)
    for (const id of ids) expect(await getRulesOf(db, [id])).toMatchObject([{ state: 'fired', sequence: 1 }])

    // Nothing lost: the next tick hands the unmarked events on. Nothing doubled: the object already had them.
    const tick = await runTick(env, { nowMs: Date.now(), trigger: '* * * * *' })
    expect(tick).toMatchObject({ mode: 'queue', handedOff: 2, subscriptions: 0 })
    expect((await eventsOf(ids)).every((event) => event.handedOffAtMs !== null)).toBe(true)
    expect(await endpointStub(env, endpointId).deliveryCounts()).toEqual({ pending: 2, delivered: 0, dead: 0 })
  })

  it('a shard delivered twice, one after the other or both at once, stores each event once', async () => {
    const { endpointId, ids } = await watch('queues-duplicate', 2)
    const [shard] = await claimShards({ env, db, nowMs: Date.now() })
    if (!shard) throw new Error('one shard expected')
    const first = await deliver(EVALUATION_QUEUE_NAME, shard)
    expect(first.explicitAcks).toHaveLength(1)
    const events = await eventsOf(ids)
    expect(events).toHaveLength(2)
    // Again (the acknowledgement was lost): the commit ended the lease, so the shard finds nothing to do.
    const again = await deliver(EVALUATION_QUEUE_NAME, shard, { attempts: 2 })
    expect(again.explicitAcks).toHaveLength(1)
    expect(await eventsOf(ids)).toEqual(events)
    for (const id of ids) expect(await getRulesOf(db, [id])).toMatchObject([{ state: 'fired', sequence: 1 }])

    // Both at once (at-least-once delivery may hand one message to two consumers): they plan the same
    // firing with the same event ids, and whichever commits second inserts nothing.
    await db
      .update(alertSubscriptions)
      .set({ status: 'active', nextEvalAtMs: 0 })
      .where(eq(alertSubscriptions.endpointId, endpointId))
    await db.$client
      .prepare(`UPDATE alert_rules SET state = 'armed', sequence = 0 WHERE subscription_id IN (?1, ?2)`)
      .bind(ids[0], ids[1])
      .run()
    await db.delete(alertEvents)
    const [twin] = await claimShards({ env, db, nowMs: Date.now() })
    if (!twin) throw new Error('one shard expected')
    const results = await Promise.all([deliver(EVALUATION_QUEUE_NAME, twin), deliver(EVALUATION_QUEUE_NAME, twin)])
    expect(results.map((result: { explicitAcks: string[] }) => result.explicitAcks.length)).toEqual([1, 1])
    const twice = await eventsOf(ids)
    expect(twice).toHaveLength(2)
    expect(new Set(twice.map((event) => `${event.ruleId}:${event.sequence}`)).size).toBe(2)
  })

  it('a tick while the previous tick’s shards are still queued claims none of theirs; a lapsed lease hands them to the newer shard', async () => {
    const nowMs = Date.now()
    // An old tick claimed them long ago (its lease has lapsed by now); they were due before it.
    const oldTickMs = nowMs - CLAIM_LEASE_MS - 60_000
    const { ids } = await watch('queues-overlap', 2, oldTickMs - 1_000)
    const [queued] = await claimShards({ env, db, nowMs: oldTickMs })
    if (!queued) throw new Error('one shard expected')
    expect([...queued.subscriptionIds].sort()).toEqual([...ids].sort())
    // The next minute's tick, the first shard still in the queue: none of its subscriptions is claimed again.
    expect(await claimShards({ env, db, nowMs: oldTickMs + 60_000 })).toEqual([])
    // The first shard never ran and its lease lapsed: today's tick claims them under a new lease.
    const [newer] = await claimShards({ env, db, nowMs })
    if (!newer) throw new Error('one shard expected')
    expect(newer.subscriptionIds).toEqual(queued.subscriptionIds)
    expect(newer.leaseUntilMs).not.toBe(queued.leaseUntilMs)
    // The old message, delivered at last, finds its lease gone and does nothing; the newer shard evaluates.
    const stale = await deliver(EVALUATION_QUEUE_NAME, queued)
    expect(stale.explicitAcks).toHaveLength(1)
    for (const id of ids)
      expect(await getRulesOf(db, [id])).toMatchObject([{ state: 'armed', lastEvaluatedAtMs: null }])
    await deliver(EVALUATION_QUEUE_NAME, newer)
    for (const id of ids) expect(await getRulesOf(db, [id])).toMatchObject([{ state: 'fired', sequence: 1 }])
    expect(await eventsOf(ids)).toHaveLength(2)
  })

  it('claims the longest-waiting subscriptions first when a tick cannot take them all', async () => {
    const nowMs = Date.now()
    const older = await watch('queues-fair-old', 2, nowMs - 5 * 60_000)
    const newer = await watch('queues-fair-new', 2, nowMs - 60_000)
    // Equal waits go by id (ids are random): the order within one due time is arbitrary but fixed.
    const newerByIds = [...newer.ids].sort()
    const [first] = await claimShards({ env, db, nowMs, maxSubscriptions: 3 })
    expect(first?.subscriptionIds).toEqual([...[...older.ids].sort(), newerByIds[0]])
    const [second] = await claimShards({ env, db, nowMs, maxSubscriptions: 3 })
    expect(second?.subscriptionIds).toEqual([newerByIds[1]])
  })

  it('health reports the evaluation lag, queued shards included, and turns DEGRADED past the threshold', async () => {
    expect(await health()).toMatchObject({ status: 'OK', evaluationLagSeconds: 0 })
    const waitingMs = EVALUATION_LAG_DEGRADED_AFTER_MS + 30_000
    const { ids } = await watch('queues-lag', 1, Date.now() - waitingMs)
    const lagging = await health()
    expect(lagging?.status).toBe('DEGRADED')
    expect(lagging?.evaluationLagSeconds).toBeGreaterThanOrEqual(waitingMs / 1000)
    // Claimed and queued is still waiting.
    const [shard] = await claimShards({ env, db, nowMs: Date.now() })
    if (!shard) throw new Error('one shard expected')
    expect((await health())?.status).toBe('DEGRADED')
    await deliver(EVALUATION_QUEUE_NAME, shard)
    expect(await subscriptionOf(ids[0] as string)).toMatchObject({ leaseUntilMs: null })
    expect(await health()).toMatchObject({ status: 'OK', evaluationLagSeconds: 0 })
  })

  it('a dead-lettered shard releases its subscriptions to the next tick, and health says when', async () => {
    const { ids } = await watch('queues-dead-letter', 2)
    const nowMs = Date.now()
    const [shard] = await claimShards({ env, db, nowMs })
    if (!shard) throw new Error('one shard expected')
    const result = await deliver(DEAD_LETTER_QUEUE_NAME, shard, { attempts: 4 })
    expect(result.explicitAcks).toHaveLength(1)
    for (const id of ids)
      expect(await subscriptionOf(id)).toMatchObject({ leaseUntilMs: null, lastEvaluatedAtMs: null })
    expect(await getHeartbeat(db, DEAD_LETTER_JOB)).toMatchObject({ trigger: shard.id })
    expect((await health())?.lastDeadLetterAt).not.toBeNull()
    // Released, not lost: the next tick claims them, still at their old due time (first in line; the two
    // share it, so their order between them is the tie-break's, not the test's).
    const [again] = await claimShards({ env, db, nowMs: nowMs + 60_000 })
    expect([...(again?.subscriptionIds ?? [])].sort()).toEqual([...ids].sort())
  })

  it('a message the consumer keeps failing goes through its retries to the dead-letter queue (Miniflare)', async () => {
    const before = await getHeartbeat(db, DEAD_LETTER_JOB)
    // Never evaluable: the consumer retries it (max_retries 3 in wrangler.toml), then the queue moves it.
    const poison = { v: 999, id: 'poison' } satisfies Partial<Record<keyof EvaluationShard, unknown>>
    await env.EVALUATION_QUEUE.send(poison)
    const after = await until(
      () => getHeartbeat(db, DEAD_LETTER_JOB),
      (heartbeat) => heartbeat !== undefined && heartbeat.runs > (before?.runs ?? 0),
    )
    expect(after?.trigger).toMatch(/^malformed \(unknown shard version 999\)/)
  })
})
