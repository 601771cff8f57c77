/** The alert subscription API inside workerd: validation, ownership, lifecycle, paging and the per-key limit. */
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { newId } from '../../src/alerts/ids'
import { newSubscriptionRows } from '../../src/alerts/newSubscriptionRows'
import { KEY_LIMITS } from '../../src/auth/limits'
import { createDatabase } from '../../src/db/client'
import { getRulesOf, insertSubscription, insertSubscriptionWithinLimit } from '../../src/db/queries/alertSubscriptions'
import { alertSubscriptions, webhookEndpoints } from '../../src/db/schema'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { codes, post } from '../helpers/graphql'

const db = createDatabase(env.DB)
const near = demoAccount('near-liquidation').address
const everywhere = demoAccount('everywhere')

async function endpointFor(keyId: string): Promise<string> {
  const id = newId('ep')
  await db.insert(webhookEndpoints).values({
    id,
    keyId,
    url: 'https://hooks.example.com/solvent',
    secret: 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0',
    status: 'active',
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  })
  return id
}

/** A subscription of `near` for the key's endpoint, without rules, created at 0. */
const seed = (keyId: string, endpointId: string) => ({
  keyId,
  endpointId,
  addresses: [near],
  protocols: null,
  label: null,
  rules: [],
  nowMs: 0,
})

const CREATE = `mutation ($input: CreateAlertSubscriptionInput!) {
  createAlertSubscription(input: $input) {
    id label addresses protocols status endpoint { id }
    rules { id kind threshold hysteresis cooldownSeconds horizonSeconds state lastValue { kind } firedCount }
  }
}`

type Created = {
  createAlertSubscription: {
    id: string
    addresses: string[]
    protocols: string[] | null
    status: string
    rules: { kind: string; threshold: string; hysteresis: string; cooldownSeconds: number; state: string }[]
  }
}

describe('alert subscriptions API', () => {
  it('creates a portfolio subscription with normalized addresses and default rule parameters', async () => {
    const key = await createTestKey(near)
    const endpointId = await endpointFor(key.id)
    const { body } = await post<Created>(CREATE, {
      headers: key.headers,
      variables: {
        input: {
          endpointId,
          label: 'desk',
          addresses: [near.toLowerCase(), everywhere.dydxAddress, near],
          protocols: ['aave-v3', 'dydx-v4'],
          rules: [
            { kind: 'HEALTH_FACTOR_BELOW', threshold: '1.1' },
            { kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.25', horizonSeconds: 86_400, cooldownSeconds: 0 },
          ],
        },
      },
    })
    expect(body.errors).toBeUndefined()
    const created = body.data?.createAlertSubscription
    expect(created?.addresses).toEqual([near, everywhere.dydxAddress])
    expect(created?.protocols).toEqual(['aave-v3', 'dydx-v4'])
    expect(created?.status).toBe('ACTIVE')
    expect(created?.rules).toMatchObject([
      { kind: 'HEALTH_FACTOR_BELOW', threshold: '1.1', hysteresis: '0.11', cooldownSeconds: 3600, state: 'ARMED' },
      { kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.25', hysteresis: '0.05', cooldownSeconds: 0 },
    ])
  })

  it.each([
    [{ addresses: [] }, 'BAD_USER_INPUT'],
    [{ addresses: ['0x123'] }, 'BAD_USER_INPUT'],
    [{ rules: [] }, 'BAD_USER_INPUT'],
    [{ rules: [{ kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.5' }] }, 'BAD_USER_INPUT'],
    [{ protocols: ['ftx'] }, 'BAD_USER_INPUT'],
    [{ endpointId: 'ep_missing' }, 'NOT_FOUND'],
  ])('refuses %o with %s and stores nothing', async (override, code) => {
    const key = await createTestKey(near)
    const endpointId = await endpointFor(key.id)
    const input = { endpointId, addresses: [near], rules: [{ kind: 'EQUITY_BELOW', threshold: '1000' }], ...override }
    const { body } = await post(CREATE, { headers: key.headers, variables: { input } })
    expect(codes(body)).toEqual([code])
    expect((await db.select().from(alertSubscriptions)).filter((row) => row.keyId === key.id)).toEqual([])
  })

  it('keeps each key to its own subscriptions and endpoints', async () => {
    const owner = await createTestKey(near)
    const other = await createTestKey(near)
    const endpointId = await endpointFor(owner.id)
    const input = { endpointId, addresses: [near], rules: [{ kind: 'EQUITY_BELOW', threshold: '1000' }] }
    // Another key cannot subscribe to my endpoint…
    expect(codes((await post(CREATE, { headers: other.headers, variables: { input } })).body)).toEqual(['NOT_FOUND'])
    const { body } = await post<Created>(CREATE, { headers: owner.headers, variables: { input } })
    const id = body.data?.createAlertSubscription.id as string
    // …nor see, pause, resume or delete my subscription.
    const seen = await post('query ($id: ID!) { alertSubscription(id: $id) { id } }', {
      headers: other.headers,
      variables: { id },
    })
    expect(seen.body.data).toEqual({ alertSubscription: null })
    for (const name of ['pauseAlertSubscription', 'resumeAlertSubscription']) {
      const { body: refused } = await post(`mutation ($id: ID!) { ${name}(id: $id) { id } }`, {
        headers: other.headers,
        variables: { id },
      })
      expect(codes(refused)).toEqual(['NOT_FOUND'])
    }
    const deleted = await post('mutation ($id: ID!) { deleteAlertSubscription(id: $id) }', {
      headers: other.headers,
      variables: { id },
    })
    expect(codes(deleted.body)).toEqual(['NOT_FOUND'])
    // Without a key at all: UNAUTHENTICATED.
    expect(codes((await post(CREATE, { variables: { input } })).body)).toEqual(['UNAUTHENTICATED'])
  })

  it('pauses, resumes and deletes (rules with it), and pages the key’s list in creation order', async () => {
    const key = await createTestKey(near)
    const endpointId = await endpointFor(key.id)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const { body } = await post<Created>(CREATE, {
        headers: key.headers,
        variables: {
          input: { endpointId, addresses: [near], rules: [{ kind: 'EQUITY_BELOW', threshold: String(i + 1) }] },
        },
      })
      ids.push(body.data?.createAlertSubscription.id as string)
    }
    const paused = await post<{ pauseAlertSubscription: { status: string } }>(
      'mutation ($id: ID!) { pauseAlertSubscription(id: $id) { status } }',
      { headers: key.headers, variables: { id: ids[0] } },
    )
    expect(paused.body.data?.pauseAlertSubscription.status).toBe('PAUSED')
    const resumed = await post<{ resumeAlertSubscription: { status: string } }>(
      'mutation ($id: ID!) { resumeAlertSubscription(id: $id) { status } }',
      { headers: key.headers, variables: { id: ids[0] } },
    )
    expect(resumed.body.data?.resumeAlertSubscription.status).toBe('ACTIVE')

    type Page = {
      me: {
        alertSubscriptions: {
          nodes: { id: string }[]
          totalCount: number
          pageInfo: { hasNextPage: boolean; endCursor: string | null }
        }
      }
    }
    const PAGE =
      'query ($after: String) { me { alertSubscriptions(first: 2, after: $after) { nodes { id } totalCount pageInfo { hasNextPage endCursor } } } }'
    const first = await post<Page>(PAGE, { headers: key.headers })
    expect(first.body.data?.me.alertSubscriptions).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } })
    const second = await post<Page>(PAGE, {
      headers: key.headers,
      variables: { after: first.body.data?.me.alertSubscriptions.pageInfo.endCursor },
    })
    const listed = [
      ...(first.body.data?.me.alertSubscriptions.nodes ?? []),
      ...(second.body.data?.me.alertSubscriptions.nodes ?? []),
    ]
    expect(listed.map((node) => node.id).sort()).toEqual([...ids].sort())
    expect(second.body.data?.me.alertSubscriptions.pageInfo.hasNextPage).toBe(false)

    const deleted = await post('mutation ($id: ID!) { deleteAlertSubscription(id: $id) }', {
      headers: key.headers,
      variables: { id: ids[1] },
    })
    expect(deleted.body.data).toEqual({ deleteAlertSubscription: ids[1] })
    expect(await getRulesOf(db, [ids[1] as string])).toEqual([])
  })

  it(`holds a key to ${KEY_LIMITS.maxAlertSubscriptions} subscriptions even when creates race`, async () => {
    const key = await createTestKey(near)
    const endpointId = await endpointFor(key.id)
    for (let i = 0; i < KEY_LIMITS.maxAlertSubscriptions - 1; i++) {
      const rows = newSubscriptionRows({ ...seed(key.id, endpointId), nowMs: i, status: 'paused' })
      await insertSubscription(db, rows.subscription, rows.rules)
    }
    const input = { endpointId, addresses: [near], rules: [{ kind: 'EQUITY_BELOW', threshold: '1' }] }
    const answers = await Promise.all(
      [0, 1, 2].map(() => post<Created>(CREATE, { headers: key.headers, variables: { input } })),
    )
    expect(answers.filter((answer) => answer.body.data?.createAlertSubscription).length).toBe(1)
    expect(answers.flatMap((answer) => codes(answer.body))).toEqual(['RATE_LIMITED', 'RATE_LIMITED'])
    const stored = (await db.select().from(alertSubscriptions)).filter((row) => row.keyId === key.id)
    expect(stored).toHaveLength(KEY_LIMITS.maxAlertSubscriptions)
  })

  it('stores nothing for an endpoint deleted before the insert: the insert itself checks it', async () => {
    const key = await createTestKey(near)
    const endpointId = await endpointFor(key.id)
    const { subscription, rules } = newSubscriptionRows({
      ...seed(key.id, endpointId),
      rules: [{ kind: 'EQUITY_BELOW', threshold: '1', hysteresis: '0.1', cooldownSeconds: 0, horizonSeconds: null }],
    })
    // The resolver saw the endpoint; a delete lands before the insert.
    await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId))
    expect(await insertSubscriptionWithinLimit(db, subscription, rules, 100)).toBe(false)
    expect((await db.select().from(alertSubscriptions)).filter((row) => row.keyId === key.id)).toEqual([])
    expect(await getRulesOf(db, [subscription.id])).toEqual([])
    // Another key's endpoint is refused the same way.
    const other = await createTestKey(near)
    expect(
      await insertSubscriptionWithinLimit(db, { ...subscription, endpointId: await endpointFor(other.id) }, rules, 100),
    ).toBe(false)
  })
})
