/**
 * The sandbox's manual tick (`POST /__sandbox/tick`, `npm run sandbox -- tick`): refused unless ENVIRONMENT
 * is development, and there one cron tick through the usual path that also evaluates subscriptions that are
 * not due yet (evaluated less than a minute ago), reporting what fired.
 */
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { newId } from '../../src/alerts/ids'
import { newSubscriptionRows } from '../../src/alerts/newSubscriptionRows'
import type { SandboxTickReturnType } from '../../src/cron/sandboxTick'
import { runTick } from '../../src/cron/scheduled'
import { createDatabase } from '../../src/db/client'
import { insertSubscription } from '../../src/db/queries/alertSubscriptions'
import { alertRules, alertSubscriptions, webhookEndpoints } from '../../src/db/schema'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { fetchWith, request } from '../helpers/graphql'

const db = createDatabase(env.DB)
const near = demoAccount('near-liquidation').address
const json = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }

/** A subscription evaluated a moment ago: the next cron tick will not pick it up for almost a minute. */
async function seedNotYetDue(threshold: string): Promise<{ subscriptionId: string; ruleId: string }> {
  const nowMs = Date.now()
  const key = await createTestKey(near)
  const endpointId = newId('ep')
  // Paused: the event stays queued in the endpoint's object, nothing is delivered anywhere.
  await db.insert(webhookEndpoints).values({
    id: endpointId,
    keyId: key.id,
    url: 'http://127.0.0.1:9/hook',
    secret: 'whsec_dGVzdA==',
    status: 'paused',
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  })
  const rows = newSubscriptionRows({
    keyId: key.id,
    endpointId,
    addresses: [near],
    protocols: ['aave-v3'],
    label: 'sandbox tick',
    rules: [{ kind: 'HEALTH_FACTOR_BELOW', threshold, hysteresis: '0.1', cooldownSeconds: 0, horizonSeconds: null }],
    nowMs,
  })
  await insertSubscription(db, { ...rows.subscription, nextEvalAtMs: nowMs + 50_000 }, rows.rules)
  return { subscriptionId: rows.subscription.id, ruleId: rows.rules[0]?.id as string }
}

describe('POST /__sandbox/tick', () => {
  it('is not there outside development, even when ENVIRONMENT is missing', async () => {
    for (const ENVIRONMENT of ['production', '']) {
      const response = await fetchWith({ ENVIRONMENT }, { path: '/__sandbox/tick', ...json })
      expect(response.status).toBe(404)
      await response.body?.cancel()
    }
  })

  it('refuses a GET and a request a web page could send cross-site', async () => {
    const get = await request('/__sandbox/tick')
    expect(get.status).toBe(405)
    await get.body?.cancel()
    const form = await request('/__sandbox/tick', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    expect(form.status).toBe(415)
    await form.body?.cancel()
  })

  it('evaluates a subscription that is not due yet, which the scheduled tick leaves alone, and lists what fired', async () => {
    // Near-liquidation's health factor is about 1.05: below 2, the rule fires at its first evaluation.
    const { subscriptionId, ruleId } = await seedNotYetDue('2')

    const scheduled = await runTick(env, { nowMs: Date.now(), trigger: '* * * * *' })
    expect(scheduled.subscriptions).toBe(0)
    const untouched = await db.select().from(alertRules).where(eq(alertRules.id, ruleId)).get()
    expect(untouched?.lastEvaluatedAtMs).toBeNull()

    const response = await request('/__sandbox/tick', json)
    expect(response.status).toBe(200)
    const body = (await response.json()) as SandboxTickReturnType
    expect(body.report).toMatchObject({ subscriptions: 1, fired: 1, events: 1, sourceErrors: 0 })
    expect(body.fired).toEqual([
      {
        eventId: expect.stringMatching(/^evt_/),
        endpointId: expect.stringMatching(/^ep_/),
        subscriptionId,
        ruleKind: 'HEALTH_FACTOR_BELOW',
        value: { kind: 'FINITE', value: expect.stringMatching(/^1\.0\d*/) },
      },
    ])
    const rule = await db.select().from(alertRules).where(eq(alertRules.id, ruleId)).get()
    expect(rule).toMatchObject({ state: 'fired', sequence: 1, lastEvaluatedAtMs: Date.parse(body.at) })
    const subscription = await db
      .select()
      .from(alertSubscriptions)
      .where(eq(alertSubscriptions.id, subscriptionId))
      .get()
    expect(subscription?.lastEvaluatedAtMs).toBe(Date.parse(body.at))
  })
})
