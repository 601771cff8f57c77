/**
 * The cron's alert evaluation end to end, inside workerd: real Aave v3 contracts on a private copy of the
 * sandbox chains (oracle prices move here without disturbing other test files), the real subscription API,
 * D1, the endpoint's Durable Object and a real webhook receiver on loopback that verifies signatures with
 * the standardwebhooks package.
 *
 * Ticks run on the chain's clock, which follows the wall clock (a block every 2 s: test/harness/chains/mining.ts):
 * the tick time starts at the latest block's timestamp and moves on by whole minutes, never before now. Figures
 * are computed at the block read, whatever the tick's time; the tick's clock only ages the data, which is why
 * `alertEnv` widens the block-age limit.
 */
import { runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { endpointStub } from '../../src/alerts/endpointStub'
import { newId } from '../../src/alerts/ids'
import { newSubscriptionRows } from '../../src/alerts/newSubscriptionRows'
import type { WebhookEndpoint } from '../../src/alerts/WebhookEndpoint'
import { evaluateSubscriptions, planBatch } from '../../src/cron/evaluateSubscriptions'
import { createDatabase } from '../../src/db/client'
import { claimDueSubscriptions, getRulesOf, insertSubscription } from '../../src/db/queries/alertSubscriptions'
import { commitTickBatch } from '../../src/db/queries/alertTick'
import {
  alertEvents,
  alertRules,
  alertSubscriptions,
  apiKeys,
  priceHistory,
  webhookEndpoints,
} from '../../src/db/schema'
import { adapters } from '../../src/protocols/registry'
import { createSourceLoader } from '../../src/sources/createSourceLoader'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { post } from '../helpers/graphql'
import { jsonRpc } from '../helpers/jsonRpc'
import { receiverInbox } from '../helpers/receiver'

const alertChains = JSON.parse(inject('alertChains')) as {
  rpcUrls: Record<string, string[]>
  aggregators: Record<string, `0x${string}`>
}
/**
 * These tests drive each tick's clock a minute past the last (`nextTick`), ahead of the chain's own
 * blocks: the block-age limit is widened so that the chain is not judged behind. Staleness itself
 * (and that no rule fires on stale data) is tested in freshness.test.ts.
 */
const alertEnv: Env = {
  ...env,
  RPC_URLS: JSON.stringify(alertChains.rpcUrls),
  FRESHNESS: JSON.stringify({
    chains: { 31337: { maxBlockAgeSeconds: 86_400 }, 31338: { maxBlockAgeSeconds: 86_400 } },
  }),
}
const chainA = alertChains.rpcUrls['31337']?.[0] as string
const db = createDatabase(env.DB)
const near = demoAccount('near-liquidation').address

const rpc = <result>(method: string, params: unknown[]) => jsonRpc<result>(chainA, method, params)

/** Storage slot 0 of a sandbox price feed is its answer (USD, 8 decimals; test/harness/aave/priceFeed.ts). */
async function getPriceRaw(symbol: string): Promise<bigint> {
  return BigInt(await rpc<string>('eth_getStorageAt', [alertChains.aggregators[symbol], '0x0', 'latest']))
}
async function setPriceRaw(symbol: string, raw: bigint): Promise<void> {
  await rpc('anvil_setStorageAt', [alertChains.aggregators[symbol], '0x0', `0x${raw.toString(16).padStart(64, '0')}`])
}

let clockMs = 0
/**
 * The next tick's time: one minute later on the chain's clock, and never before now, so that what a test
 * created at wall-clock time is due however long the machine took to get here (a loaded machine can
 * spend more than a minute between beforeAll and a test's first tick).
 */
const nextTick = () => {
  clockMs = Math.max(clockMs + 60_000, Date.now())
  return clockMs
}
const tick = (nowMs = nextTick()) => evaluateSubscriptions({ env: alertEnv, db, nowMs })

const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`

async function createEndpoint(keyId: string, url: string): Promise<string> {
  const id = newId('ep')
  await db.insert(webhookEndpoints).values({
    id,
    keyId,
    url,
    secret,
    status: 'active',
    createdAtMs: clockMs,
    updatedAtMs: clockMs,
  })
  return id
}

type RuleInput = {
  kind: string
  threshold: string
  hysteresis?: string
  cooldownSeconds?: number
  horizonSeconds?: number
}

async function subscribe(headers: Record<string, string>, endpointId: string, rules: RuleInput[]) {
  const { body } = await post<{ createAlertSubscription: { id: string; rules: { id: string }[] } }>(
    `mutation ($input: CreateAlertSubscriptionInput!) {
      createAlertSubscription(input: $input) { id rules { id } }
    }`,
    { headers, variables: { input: { endpointId, addresses: [near], protocols: ['aave-v3'], rules } } },
  )
  expect(body.errors).toBeUndefined()
  return body.data?.createAlertSubscription as { id: string; rules: { id: string }[] }
}

type RuleView = { state: string; firedCount: number; lastValue: { kind: string; value: string | null } | null }

async function ruleStates(headers: Record<string, string>, id: string): Promise<RuleView[]> {
  const { body } = await post<{ alertSubscription: { rules: RuleView[] } }>(
    `query ($id: ID!) { alertSubscription(id: $id) { rules { state firedCount lastValue { kind value } } } }`,
    { headers, variables: { id } },
  )
  expect(body.errors).toBeUndefined()
  return body.data?.alertSubscription.rules as RuleView[]
}

/** Scales WETH so the near-liquidation account's health factor becomes `target` (HF is linear in its only collateral). */
async function moveHealthFactorTo(target: number, current: number): Promise<void> {
  const raw = await getPriceRaw('WETH')
  await setPriceRaw('WETH', (raw * BigInt(Math.round(target * 1e6))) / BigInt(Math.round(current * 1e6)))
}

let wethPriceRaw: bigint

beforeAll(async () => {
  // The private chain follows the wall clock (subscriptions are created at wall-clock time) by itself.
  const block = await rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])
  clockMs = Number(BigInt(block.timestamp)) * 1000
  wethPriceRaw = await getPriceRaw('WETH')
})

afterAll(async () => {
  await setPriceRaw('WETH', wethPriceRaw)
})

// Each test watches its own subscriptions: whatever a test leaves active (a failure half-way) is paused,
// and the oracle is put back (a test that failed half-way must not start the next one below its threshold).
afterEach(async () => {
  await db.update(alertSubscriptions).set({ status: 'paused' })
  await setPriceRaw('WETH', wethPriceRaw)
})

/**
 * What the receiver got once the endpoint's object has delivered what is due on the ticks' clock. The
 * object's own alarm may already be delivering it (workerd runs alarms when they are due): then the
 * request is in flight, so the receiver is asked again until it has one. Bounded by attempts, not timed.
 */
async function delivered(inbox: ReturnType<typeof receiverInbox>, endpointId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    await runInDurableObject(endpointStub(env, endpointId), (instance: WebhookEndpoint) => instance.deliverDue(clockMs))
    const requests = await inbox.requests()
    if (requests.length > 0) return requests
    await scheduler.wait(100)
  }
  return await inbox.requests()
}

describe('alert evaluation on the sandbox chains', () => {
  it('fires a health-factor alert within one tick of an oracle move, delivered and verified', async () => {
    const inbox = receiverInbox('alerts-oracle-move')
    await inbox.program({ reset: true, secrets: [secret] })
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, inbox.url)
    const subscription = await subscribe(key.headers, endpointId, [{ kind: 'HEALTH_FACTOR_BELOW', threshold: '1' }])

    const first = await tick()
    expect(first).toMatchObject({ subscriptions: 1, fired: 0, events: 0, sourceErrors: 0 })
    const [before] = await ruleStates(key.headers, subscription.id)
    expect(before?.state).toBe('ARMED')
    const hf = Number(before?.lastValue?.value)
    expect(hf).toBeGreaterThan(1)
    expect(hf).toBeLessThan(1.1)

    // No user transaction: only the oracle answer moves, 10 % down.
    await setPriceRaw('WETH', (wethPriceRaw * 90n) / 100n)
    const second = await tick()
    expect(second).toMatchObject({ fired: 1, events: 1, handedOff: 1 })
    const [after] = await ruleStates(key.headers, subscription.id)
    expect(after).toMatchObject({ state: 'FIRED', firedCount: 1 })
    expect(Number(after?.lastValue?.value)).toBeCloseTo(hf * 0.9, 3)

    const [request, ...others] = await delivered(inbox, endpointId)
    expect(others).toEqual([])
    expect(request?.verified).toBe(true)
    // The receiver's check, repeated here with the package a customer would use.
    const body = new Webhook(secret).verify(request?.body as string, request?.headers as Record<string, string>) as {
      type: string
      data: {
        id: string
        rule: { kind: string }
        value: { kind: string; value: string }
        subscription: { id: string }
        protection: {
          target: { kind: string; value: string }
          kind: string
          asset: string
          amount: string
          valueUsd: string
          after: { healthFactor: { kind: string; value: string } | null }
        } | null
      }
    }
    expect(body.type).toBe('alert.fired')
    expect(body.data.rule.kind).toBe('HEALTH_FACTOR_BELOW')
    // The way out rides in the webhook: the cheapest single action back past the re-arm level, with its figures.
    const protection = body.data.protection
    expect(protection?.target.kind).toBe('HEALTH_FACTOR')
    expect(['ADD_COLLATERAL', 'REPAY']).toContain(protection?.kind)
    expect(Number(protection?.amount)).toBeGreaterThan(0)
    expect(Number(protection?.valueUsd)).toBeGreaterThan(0)
    expect(Number(protection?.after.healthFactor?.value)).toBeGreaterThanOrEqual(Number(protection?.target.value))
    expect(body.data.subscription.id).toBe(subscription.id)
    expect(request?.headers['webhook-id']).toBe(body.data.id)
    const stored = await db.select().from(alertEvents)
    expect(stored.map((event) => event.id)).toContain(body.data.id)

    await setPriceRaw('WETH', wethPriceRaw)
    await pauseAll(key.headers, [subscription.id])
  })

  it('fires once per real crossing when the account flaps around the threshold', async () => {
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, receiverInbox('alerts-flapping').url)
    const subscription = await subscribe(key.headers, endpointId, [
      { kind: 'HEALTH_FACTOR_BELOW', threshold: '1', hysteresis: '0.05', cooldownSeconds: 0 },
    ])
    await tick()
    let hf = Number((await ruleStates(key.headers, subscription.id))[0]?.lastValue?.value)

    // Below, above but inside the band, below, inside, below: one crossing. Then out of the band and below: two.
    const path = [0.98, 1.02, 0.99, 1.04, 0.97, 1.08, 0.99]
    const fired: number[] = []
    for (const target of path) {
      await moveHealthFactorTo(target, hf)
      const report = await tick()
      fired.push(report.fired)
      hf = Number((await ruleStates(key.headers, subscription.id))[0]?.lastValue?.value)
      expect(hf).toBeCloseTo(target, 3)
    }
    expect(fired).toEqual([1, 0, 0, 0, 0, 0, 1])
    expect((await ruleStates(key.headers, subscription.id))[0]).toMatchObject({ state: 'FIRED', firedCount: 2 })
    const events = await db.select().from(alertEvents)
    expect(events.filter((event) => event.subscriptionId === subscription.id).map((event) => event.sequence)).toEqual([
      1, 2,
    ])

    await setPriceRaw('WETH', wethPriceRaw)
    await pauseAll(key.headers, [subscription.id])
  })

  it('stores one event when two overlapping ticks see the same crossing (unique index, not timing)', async () => {
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, receiverInbox('alerts-overlap').url)
    const subscription = await subscribe(key.headers, endpointId, [{ kind: 'HEALTH_FACTOR_BELOW', threshold: '1.2' }])
    const nowMs = nextTick()
    const loaders = [0, 1].map(() =>
      createSourceLoader({ db, adapters, context: { env: alertEnv, fetch, nowMs }, cache: false }),
    )
    const due = await claimDueSubscriptions(db, { nowMs, limit: 10, leaseUntilMs: nowMs + 1 })
    expect(due.map((row) => row.id)).toEqual([subscription.id])
    // Both plan from the same state before either commits: each decides to fire.
    const plans = await Promise.all(
      loaders.map((loadSources) => planBatch({ env: alertEnv, db, nowMs, adapters, loadSources, subscriptions: due })),
    )
    const [planA, planB] = plans
    if (!planA || !planB) throw new Error('two plans expected')
    expect([planA.fired, planB.fired]).toEqual([1, 1])
    expect(planA.writes.events[0]?.id).toBe(planB.writes.events[0]?.id)

    const inserted = [await commitTickBatch(db, planA.writes), await commitTickBatch(db, planB.writes)]
    expect(inserted.map((ids) => ids.length)).toEqual([1, 0])
    const events = (await db.select().from(alertEvents)).filter((event) => event.subscriptionId === subscription.id)
    expect(events).toHaveLength(1)
    const [rule] = await getRulesOf(db, [subscription.id])
    expect(rule).toMatchObject({ state: 'fired', sequence: 1 })

    // And through the whole tick, run twice at once.
    await db
      .update(alertRules)
      .set({ state: 'armed', sequence: 0, lastFiredAtMs: null })
      .where(eq(alertRules.subscriptionId, subscription.id))
    await db.delete(alertEvents)
    const reports = await Promise.all([tick(nextTick()), tick(clockMs)])
    expect(reports.reduce((total, report) => total + report.events, 0)).toBe(1)
    await pauseAll(key.headers, [subscription.id])
  })

  it('measures the liquidation probability from the minute prices the cron records', async () => {
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, receiverInbox('alerts-probability').url)
    const subscription = await subscribe(key.headers, endpointId, [
      { kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.2', horizonSeconds: 86_400 },
    ])
    // First tick: no history yet (earlier tests' ticks recorded prices: forget them), so no volatility:
    // the rule has no value and cannot fire.
    await db.delete(priceHistory)
    const first = await tick()
    expect(first.fired).toBe(0)
    expect((await ruleStates(key.headers, subscription.id))[0]?.lastValue).toEqual({ kind: 'NONE', value: null })
    expect((await db.select().from(priceHistory)).some((row) => row.underlying === 'WETH')).toBe(true)

    // An hour of minute prices swinging by 1 % (σ ≈ 1 % a minute, ≈ 38 % a day) against a liquidation price
    // about 5 % away makes touching it within a day likely.
    const nowMs = nextTick()
    const minute = nowMs - (nowMs % 60_000)
    const wethUsd = Number(wethPriceRaw) / 1e8
    const hour = Array.from({ length: 60 }, (_, i) => ({
      underlying: 'WETH',
      minuteMs: minute - (60 - i) * 60_000,
      price: String(wethUsd * (i % 2 ? 1.01 : 1)),
    }))
    // 3 parameters a row: 30 rows a statement keeps under D1's 100.
    for (let i = 0; i < hour.length; i += 30)
      await db
        .insert(priceHistory)
        .values(hour.slice(i, i + 30))
        .onConflictDoNothing()
    const second = await tick(nowMs)
    expect(second.fired).toBe(1)
    const [rule] = await ruleStates(key.headers, subscription.id)
    expect(rule?.state).toBe('FIRED')
    expect(rule?.lastValue?.kind).toBe('FINITE')
    const probability = Number(rule?.lastValue?.value)
    expect(probability).toBeGreaterThan(0.2)
    expect(probability).toBeLessThanOrEqual(1)
    await pauseAll(key.headers, [subscription.id])
  })

  it('fires 150 rules in one tick: one transaction, statements far under D1’s parameter limit', async () => {
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, receiverInbox('alerts-scale').url)
    // Paused: the events queue in the endpoint's object without 150 deliveries to the receiver.
    await db.update(webhookEndpoints).set({ status: 'paused' }).where(eq(webhookEndpoints.id, endpointId))
    const ids: string[] = []
    const rule = {
      kind: 'HEALTH_FACTOR_BELOW',
      threshold: '1.2',
      hysteresis: '0.1',
      cooldownSeconds: 0,
      horizonSeconds: null,
    } as const
    for (let i = 0; i < 150; i++) {
      const rows = newSubscriptionRows({
        keyId: key.id,
        endpointId,
        addresses: [near],
        protocols: ['aave-v3'],
        label: `scale ${i}`,
        rules: [rule],
        nowMs: 0,
      })
      await insertSubscription(db, rows.subscription, rows.rules)
      ids.push(rows.subscription.id)
    }
    const report = await tick()
    expect(report).toMatchObject({ subscriptions: 150, fired: 150, events: 150, handedOff: 150, sourceErrors: 0 })
    // One read for all 150 subscriptions of the same account: one source per Aave market (Sandbox on both
    // chains, Origin on chain A).
    expect(report.sources).toBe(3)
    const events = (await db.select().from(alertEvents)).filter((event) => ids.includes(event.subscriptionId ?? ''))
    expect(events).toHaveLength(150)
    expect(events.every((event) => event.handedOffAtMs !== null)).toBe(true)
    expect(await endpointStub(env, endpointId).deliveryCounts()).toEqual({ pending: 150, delivered: 0, dead: 0 })
  })

  it('stops evaluating the subscriptions of a revoked key', async () => {
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, receiverInbox('alerts-revoked').url)
    const subscription = await subscribe(key.headers, endpointId, [{ kind: 'HEALTH_FACTOR_BELOW', threshold: '1.2' }])
    await db.update(apiKeys).set({ revokedAtMs: clockMs }).where(eq(apiKeys.id, key.id))
    const report = await tick()
    expect(report.subscriptions).toBe(0)
    const [rule] = await getRulesOf(db, [subscription.id])
    expect(rule).toMatchObject({ state: 'armed', lastEvaluatedAtMs: null })
  })

  it('never lets an older, slower tick undo a newer tick’s re-arm', async () => {
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, receiverInbox('alerts-rearm-race').url)
    const subscription = await subscribe(key.headers, endpointId, [
      { kind: 'HEALTH_FACTOR_BELOW', threshold: '1', hysteresis: '0.05', cooldownSeconds: 0 },
    ])
    await tick()
    const hf = Number((await ruleStates(key.headers, subscription.id))[0]?.lastValue?.value)
    await moveHealthFactorTo(0.98, hf)
    expect((await tick()).fired).toBe(1)

    const plan = async (nowMs: number) => {
      const loadSources = createSourceLoader({ db, adapters, context: { env: alertEnv, fetch, nowMs }, cache: false })
      const due = await claimDueSubscriptions(db, { nowMs, limit: 10, leaseUntilMs: nowMs })
      return await planBatch({ env: alertEnv, db, nowMs, adapters, loadSources, subscriptions: due })
    }
    // The older tick reads the account still below the band: it plans to keep the rule fired…
    const older = await plan(nextTick())
    expect(older.rearmed).toBe(0)
    // …then the account recovers and a newer tick re-arms the rule and commits first.
    await moveHealthFactorTo(1.2, 0.98)
    const newer = await plan(nextTick())
    expect(newer.rearmed).toBe(1)
    await commitTickBatch(db, newer.writes)
    await commitTickBatch(db, older.writes)
    const [rule] = await getRulesOf(db, [subscription.id])
    expect(rule).toMatchObject({ state: 'armed', sequence: 1, lastEvaluatedAtMs: clockMs })
    await setPriceRaw('WETH', wethPriceRaw)
  })

  it('holds a subscription whose source fails: rules UNKNOWN with their history, told once, then restored', async () => {
    const inbox = receiverInbox('alerts-source-down')
    await inbox.program({ reset: true, secrets: [secret] })
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, inbox.url)
    const subscription = await subscribe(key.headers, endpointId, [
      { kind: 'HEALTH_FACTOR_BELOW', threshold: '1.2', cooldownSeconds: 0 },
    ])
    // The near-liquidation account's health factor is ~1.05: the first tick fires.
    expect(await tick()).toMatchObject({ subscriptions: 1, fired: 1, events: 1 })
    const [fired] = await getRulesOf(db, [subscription.id])
    expect(fired).toMatchObject({ state: 'fired', sequence: 1 })

    // Chain 31337's node is down (nothing listens on port 1); only these ticks see it.
    const down: Env = {
      ...alertEnv,
      RPC_URLS: JSON.stringify({ ...alertChains.rpcUrls, 31337: ['http://127.0.0.1:1'] }),
    }
    const heldAtMs = nextTick()
    const held = await evaluateSubscriptions({ env: down, db, nowMs: heldAtMs })
    expect(held).toMatchObject({ subscriptions: 1, skipped: 1, fired: 0, rearmed: 0, events: 1 })
    expect(held.sourceErrors).toBeGreaterThan(0)
    // The rule keeps its state and sequence; the API shows it UNKNOWN, resuming from FIRED.
    const [rule] = await getRulesOf(db, [subscription.id])
    expect(rule).toMatchObject({ state: 'fired', sequence: 1, lastEvaluatedAtMs: fired?.lastEvaluatedAtMs })
    const [row] = await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, subscription.id))
    expect(row).toMatchObject({ dataUnavailableSinceMs: heldAtMs, nextEvalAtMs: heldAtMs + 55_000 })
    expect(row?.dataUnavailableReason).toMatch(/^aave-v3 31337 Sandbox: ERROR \(UPSTREAM_UNAVAILABLE\)/)
    const { body } = await post<{
      alertSubscription: { dataUnavailableSince: string; rules: { state: string; lastKnownState: string }[] }
    }>(`query ($id: ID!) { alertSubscription(id: $id) { dataUnavailableSince rules { state lastKnownState } } }`, {
      headers: key.headers,
      variables: { id: subscription.id },
    })
    expect(body.data?.alertSubscription).toEqual({
      dataUnavailableSince: new Date(heldAtMs).toISOString(),
      rules: [{ state: 'UNKNOWN', lastKnownState: 'FIRED' }],
    })
    // Still down a minute later: still held, no second event.
    expect(await evaluateSubscriptions({ env: down, db, nowMs: nextTick() })).toMatchObject({ skipped: 1, events: 0 })

    // Back: one data.restored, and the rule resumes from FIRED (no second firing while still below).
    expect(await tick()).toMatchObject({ skipped: 0, fired: 0, events: 1 })
    const [after] = await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, subscription.id))
    expect(after).toMatchObject({ dataUnavailableSinceMs: null, dataUnavailableReason: null })
    expect(await getRulesOf(db, [subscription.id])).toMatchObject([{ state: 'fired', sequence: 1 }])

    // One delivery run on the ticks' clock: every event handed on so far is due.
    await runInDurableObject(endpointStub(env, endpointId), (instance: WebhookEndpoint) => instance.deliverDue(clockMs))
    const delivered = (await inbox.requests()).map((request) => {
      expect(request.verified).toBe(true)
      return JSON.parse(request.body as string) as {
        type: string
        data: { unavailableSince?: string; sources?: { status: string; errorCode: string | null }[] }
      }
    })
    expect(delivered.map((event) => event.type)).toEqual(['alert.fired', 'data.unavailable', 'data.restored'])
    expect(delivered[1]?.data.unavailableSince).toBe(new Date(heldAtMs).toISOString())
    expect(delivered[1]?.data.sources).toContainEqual(
      expect.objectContaining({ status: 'ERROR', errorCode: 'UPSTREAM_UNAVAILABLE' }),
    )
    await pauseAll(key.headers, [subscription.id])
  })

  it('writes nothing when a batch fails part-way (one transaction)', async () => {
    const key = await createTestKey(near)
    const endpointId = await createEndpoint(key.id, receiverInbox('alerts-atomic').url)
    const subscription = await subscribe(key.headers, endpointId, [{ kind: 'HEALTH_FACTOR_BELOW', threshold: '1.2' }])
    const nowMs = nextTick()
    const loadSources = createSourceLoader({ db, adapters, context: { env: alertEnv, fetch, nowMs }, cache: false })
    const due = await claimDueSubscriptions(db, { nowMs, limit: 10, leaseUntilMs: nowMs + 1 })
    const plan = await planBatch({ env: alertEnv, db, nowMs, adapters, loadSources, subscriptions: due })
    expect(plan.writes.events).toHaveLength(1)
    const eventsBefore = await db.select().from(alertEvents)
    // A second event of the same firing that violates NOT NULL (no payload) makes the event statement,
    // after the rule updates in the batch, fail.
    const [event] = plan.writes.events
    if (!event) throw new Error('one event expected')
    const poisoned = { ...event, id: 'evt_poison', payload: null as unknown as string }
    await expect(commitTickBatch(db, { ...plan.writes, events: [...plan.writes.events, poisoned] })).rejects.toThrow()
    const [rule] = await getRulesOf(db, [subscription.id])
    expect(rule).toMatchObject({ state: 'armed', sequence: 0, lastValue: null })
    expect(await db.select().from(alertEvents)).toEqual(eventsBefore)
    await pauseAll(key.headers, [subscription.id])
  })
})

async function pauseAll(headers: Record<string, string>, ids: string[]): Promise<void> {
  for (const id of ids) {
    const { body } = await post(`mutation ($id: ID!) { pauseAlertSubscription(id: $id) { status } }`, {
      headers,
      variables: { id },
    })
    expect(body.errors).toBeUndefined()
  }
}
