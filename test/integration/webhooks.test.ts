import { env } from 'cloudflare:workers'
import { eq, inArray } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { endpointStub } from '../../src/alerts/endpointStub'
import { buildEventBody } from '../../src/alerts/eventBody'
import { newId } from '../../src/alerts/ids'
import { KEY_LIMITS } from '../../src/auth/limits'
import { createDatabase } from '../../src/db/client'
import { alertEvents, alertRules, alertSubscriptions, rateLimitWindows, webhookEndpoints } from '../../src/db/schema'
import { createTestKey } from '../helpers/apiKey'
import { codes, fetchWith, type GraphQLResponseBody, post } from '../helpers/graphql'
import { receiverInbox } from '../helpers/receiver'

const db = createDatabase(env.DB)

type Key = Awaited<ReturnType<typeof createTestKey>>

type EndpointView = {
  id: string
  url: string
  description: string | null
  status: 'ACTIVE' | 'PAUSED' | 'DISABLED'
  disabledReason: string | null
  createdAt: string
  updatedAt: string
}

type DeliveryNode = {
  eventId: string
  eventType: string
  status: 'PENDING' | 'DELIVERED' | 'DEAD'
  createdAt: string
  nextAttemptAt: string | null
  attemptCount: number
  attempts: { number: number; at: string; statusCode: number | null; latencyMs: number; error: string | null }[]
  payload: string
}

const ENDPOINT_FIELDS = 'id url description status disabledReason createdAt updatedAt'
const DELIVERY_FIELDS =
  'eventId eventType status createdAt nextAttemptAt attemptCount attempts { number at statusCode latencyMs error } payload'

const CREATE = `mutation ($url: String!, $description: String) {
  createWebhookEndpoint(url: $url, description: $description) { secret endpoint { ${ENDPOINT_FIELDS} } }
}`

async function gql<TData = Record<string, unknown>>(
  key: Key | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponseBody<TData>> {
  const response = await post<TData>(query, { headers: key?.headers ?? {}, ...(variables ? { variables } : {}) })
  return response.body
}

async function createEndpoint(key: Key, url: string, description?: string) {
  const body = await gql<{ createWebhookEndpoint: { secret: string; endpoint: EndpointView } }>(key, CREATE, {
    url,
    description,
  })
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
  const created = body.data?.createWebhookEndpoint
  if (!created) throw new Error('no endpoint')
  return created
}

const rowOf = (id: string) => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get()

/** Polls `read` until `done` holds (deliveries run on the object's alarm, a few ms later). */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function deliveriesOf(key: Key, endpointId: string, args = 'first: 20') {
  const body = await gql<{
    webhookEndpoint: {
      deliveries: { nodes: DeliveryNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
      deliveryCounts: { pending: number; delivered: number; dead: number }
    } | null
  }>(
    key,
    `query ($id: ID!) { webhookEndpoint(id: $id) {
      deliveries(${args}) { nodes { ${DELIVERY_FIELDS} } pageInfo { hasNextPage endCursor } }
      deliveryCounts { pending delivered dead }
    } }`,
    { id: endpointId },
  )
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
  const endpoint = body.data?.webhookEndpoint
  if (!endpoint) throw new Error('no endpoint')
  return endpoint
}

/** A subscription with two rules alerting `endpointId`, written straight to D1 (the subscriptions API is another part). */
async function insertSubscription(keyId: string, endpointId: string) {
  const subscriptionId = newId('sub')
  const ruleIds = [newId('rule'), newId('rule')]
  await db.insert(alertSubscriptions).values({
    id: subscriptionId,
    keyId,
    endpointId,
    addresses: JSON.stringify(['0x70997970C51812dc3A010C7d01b50e0d17dc79C8']),
    protocols: null,
    status: 'active',
    nextEvalAtMs: Date.now(),
    createdAtMs: Date.now(),
  })
  await db.insert(alertRules).values(
    ruleIds.map((id) => ({
      id,
      subscriptionId,
      kind: 'HEALTH_FACTOR_BELOW',
      threshold: '1.1',
      hysteresis: '0.11',
      cooldownSeconds: 3600,
      state: 'armed' as const,
      sequence: 0,
    })),
  )
  return { subscriptionId, ruleIds }
}

describe('createWebhookEndpoint', () => {
  it('stores the endpoint, returns its secret once and lists it; no query exposes the secret', async () => {
    const key = await createTestKey()
    const { secret, endpoint } = await createEndpoint(key, 'https://HOOKS.example.com/solvent?x=1', '  Risk desk  ')

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(atob(secret.slice('whsec_'.length))).toHaveLength(32)
    // The reference verifier takes the secret as is and accepts what it signs.
    const webhook = new Webhook(secret)
    const now = new Date()
    const signature = webhook.sign('evt_1', now, '{"a":1}')
    expect(
      webhook.verify('{"a":1}', {
        'webhook-id': 'evt_1',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      }),
    ).toEqual({ a: 1 })

    expect(endpoint).toMatchObject({
      id: expect.stringMatching(/^ep_[0-9a-f]{32}$/),
      url: 'https://hooks.example.com/solvent?x=1',
      description: 'Risk desk',
      status: 'ACTIVE',
      disabledReason: null,
    })
    expect(endpoint.createdAt).toBe(endpoint.updatedAt)
    expect(await rowOf(endpoint.id)).toMatchObject({
      keyId: key.id,
      secret,
      previousSecret: null,
      status: 'active',
      createdAtMs: Date.parse(endpoint.createdAt),
    })

    const listed = await gql<{ me: { webhookEndpoints: EndpointView[] }; webhookEndpoint: EndpointView }>(
      key,
      `query ($id: ID!) { me { webhookEndpoints { ${ENDPOINT_FIELDS} deliveryCounts { pending delivered dead } } }
        webhookEndpoint(id: $id) { ${ENDPOINT_FIELDS} } }`,
      { id: endpoint.id },
    )
    expect(listed.errors).toBeUndefined()
    expect(listed.data?.me.webhookEndpoints).toEqual([
      { ...endpoint, deliveryCounts: { pending: 0, delivered: 0, dead: 0 } },
    ])
    expect(listed.data?.webhookEndpoint).toEqual(endpoint)
    expect(JSON.stringify(listed)).not.toContain(secret.slice('whsec_'.length))

    const asked = await post(`{ webhookEndpoint(id: "${endpoint.id}") { secret } }`, { headers: key.headers })
    expect(asked.status).toBe(400)
    expect(asked.body.errors?.[0]?.message).toMatch(/Cannot query field "secret"/)
  })

  it('lists the key’s endpoints oldest first, and only its own', async () => {
    const key = await createTestKey()
    const other = await createTestKey()
    const ids = []
    for (const name of ['a', 'b', 'c'])
      ids.push((await createEndpoint(key, `https://hooks.example.com/${name}`)).endpoint.id)
    await createEndpoint(other, 'https://hooks.example.com/other')

    const rows = await db.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, ids))
    const expected = rows.sort((x, y) => x.createdAtMs - y.createdAtMs || (x.id < y.id ? -1 : 1)).map((row) => row.id)
    const body = await gql<{ me: { webhookEndpoints: { id: string }[] } }>(key, '{ me { webhookEndpoints { id } } }')
    expect(body.data?.me.webhookEndpoints.map((e) => e.id)).toEqual(expected)
    expect(new Set(expected)).toEqual(new Set(ids))
  })

  /** Refused whatever the deployment allows. */
  const privateTargets = [
    'https://169.254.169.254/latest/meta-data/',
    'https://0251.0376.0251.0376/',
    'https://[::ffff:10.0.0.1]/',
    'https://10.0.0.1/',
    'https://167772161/',
    'https://172.16.5.4/',
    'https://192.168.1.1/',
    'https://100.64.0.1/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[2002:a00:1::]/',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://10.0.0.1.nip.io/',
    'http://hooks.example.com/',
    'https://user:pass@hooks.example.com/',
    'ftp://hooks.example.com/',
    'not a url',
  ]
  /** Loopback: local development (wrangler.toml's defaults, so these tests) may use it; a deployment may not. */
  const loopbackTargets = [
    'http://127.0.0.1:1234/x',
    'https://0x7f000001/',
    'https://2130706433/',
    'https://127.1/',
    'https://[::1]/',
    'http://localhost:8787/',
  ]

  /** createWebhookEndpoint through the Worker with overridden vars (a production deployment). */
  const createWith = (vars: Partial<Env>, key: Key, url: string) =>
    fetchWith(vars, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...key.headers },
      body: JSON.stringify({ query: CREATE, variables: { url } }),
    }).then((response) => response.json<GraphQLResponseBody>())

  it('refuses SSRF targets through the API with BAD_USER_INPUT and stores nothing', async () => {
    const key = await createTestKey()
    for (const url of privateTargets) {
      const body = await gql(key, CREATE, { url })
      expect(codes(body), url).toEqual(['BAD_USER_INPUT'])
      expect(body.errors?.[0]?.message, url).toMatch(/webhook URL/)
    }
    for (const vars of [{ ENVIRONMENT: 'production' }, { WEBHOOK_ALLOW_LOOPBACK_HTTP: 'false' }]) {
      for (const url of [...loopbackTargets, ...privateTargets]) {
        const body = await createWith(vars, key, url)
        expect(codes(body), `${url} with ${JSON.stringify(vars)}`).toEqual(['BAD_USER_INPUT'])
      }
    }
    expect(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.keyId, key.id))).toEqual([])
  })

  it('accepts loopback receivers where the deployment allows it (local development), normalized', async () => {
    const key = await createTestKey()
    const stored = []
    for (const url of loopbackTargets) stored.push((await createEndpoint(key, url)).endpoint.url)
    expect(stored).toEqual([
      'http://127.0.0.1:1234/x',
      'https://127.0.0.1/',
      'https://127.0.0.1/',
      'https://127.0.0.1/',
      'https://[::1]/',
      'http://localhost:8787/',
    ])
    const body = await createWith({ ENVIRONMENT: 'production' }, key, 'http://127.0.0.1:1234/x')
    expect(body.errors?.[0]?.message).toMatch(/loopback receivers are allowed only in local development/)
  })

  it('refuses a description over 200 characters', async () => {
    const key = await createTestKey()
    const body = await gql(key, CREATE, { url: 'https://hooks.example.com/x', description: 'd'.repeat(201) })
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
    expect(
      (await createEndpoint(key, 'https://hooks.example.com/x', 'd'.repeat(200))).endpoint.description,
    ).toHaveLength(200)
  })

  it(`allows ${KEY_LIMITS.maxWebhookEndpoints} endpoints per key, even under concurrent creates`, async () => {
    const key = await createTestKey()
    for (let i = 0; i < KEY_LIMITS.maxWebhookEndpoints - 2; i++)
      await createEndpoint(key, `https://hooks.example.com/${i}`)
    // Five creates race for the last two slots: exactly two win.
    const racing = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => gql(key, CREATE, { url: `https://hooks.example.com/race/${i}` })),
    )
    expect(racing.map((body) => codes(body)[0] ?? 'OK').sort()).toEqual([
      'OK',
      'OK',
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ])
    const over = await gql(key, CREATE, { url: 'https://hooks.example.com/one-more' })
    expect(codes(over)).toEqual(['RATE_LIMITED'])
    expect(over.errors?.[0]?.message).toMatch(/at most 10 webhook endpoints/)
    expect(over.errors?.[0]?.extensions?.retryAfterSeconds).toBeUndefined()
    const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.keyId, key.id))
    expect(rows).toHaveLength(KEY_LIMITS.maxWebhookEndpoints)

    // Another key is not affected; deleting one frees a slot.
    await createEndpoint(await createTestKey(), 'https://hooks.example.com/other')
    const [first] = rows
    if (!first) throw new Error('no row')
    await gql(key, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: first.id })
    await createEndpoint(key, 'https://hooks.example.com/after-delete')
  })
})

describe('authorization', () => {
  it('answers UNAUTHENTICATED without a key or with an unknown one', async () => {
    const operations = [
      [CREATE, { url: 'https://hooks.example.com/x' }],
      ['{ webhookEndpoint(id: "ep_x") { id } }', undefined],
      ['mutation { rotateWebhookSecret(id: "ep_x") { secret } }', undefined],
      ['mutation { pauseWebhookEndpoint(id: "ep_x") { id } }', undefined],
      ['mutation { resumeWebhookEndpoint(id: "ep_x") { id } }', undefined],
      ['mutation { deleteWebhookEndpoint(id: "ep_x") }', undefined],
      ['mutation { sendTestEvent(endpointId: "ep_x") { eventId } }', undefined],
      ['mutation { replayEvent(id: "evt_x") { eventId } }', undefined],
    ] as const
    for (const [query, variables] of operations) {
      expect(codes(await gql(null, query, variables)), query).toEqual(['UNAUTHENTICATED'])
      const forged = await post(query, {
        headers: { authorization: `Bearer slv_${'0'.repeat(64)}` },
        ...(variables ? { variables } : {}),
      })
      expect(codes(forged.body), query).toEqual(['UNAUTHENTICATED'])
    }
  })

  it('hides an endpoint from another key: null to read, NOT_FOUND to change, untouched', async () => {
    const owner = await createTestKey()
    const stranger = await createTestKey('0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC')
    const { endpoint } = await createEndpoint(owner, 'https://hooks.example.com/mine')
    const before = await rowOf(endpoint.id)
    await insertSubscription(owner.id, endpoint.id)

    const read = await gql<{ webhookEndpoint: unknown; me: { webhookEndpoints: unknown[] } }>(
      stranger,
      'query ($id: ID!) { webhookEndpoint(id: $id) { id } me { webhookEndpoints { id } } }',
      { id: endpoint.id },
    )
    expect(read.errors).toBeUndefined()
    expect(read.data).toEqual({ webhookEndpoint: null, me: { webhookEndpoints: [] } })

    for (const mutation of [
      'rotateWebhookSecret(id: $id) { secret }',
      'pauseWebhookEndpoint(id: $id) { id }',
      'resumeWebhookEndpoint(id: $id) { id }',
      'deleteWebhookEndpoint(id: $id)',
      'sendTestEvent(endpointId: $id) { eventId }',
    ]) {
      const body = await gql(stranger, `mutation ($id: ID!) { ${mutation} }`, { id: endpoint.id })
      expect(codes(body), mutation).toEqual(['NOT_FOUND'])
      expect(body.errors?.[0]?.message).toBe(`No webhook endpoint "${endpoint.id}".`)
    }
    // Same answer as for an id that does not exist at all.
    const missing = await gql(stranger, 'mutation { pauseWebhookEndpoint(id: "ep_nope") { id } }')
    expect(missing.errors?.[0]?.message).toBe('No webhook endpoint "ep_nope".')

    expect(await rowOf(endpoint.id)).toEqual(before)
    expect(
      await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.endpointId, endpoint.id)),
    ).toHaveLength(1)
  })
})

describe('rotate, pause, resume', () => {
  it('rotates the secret and keeps the previous one for 24 hours', async () => {
    const key = await createTestKey()
    const { endpoint, secret: first } = await createEndpoint(key, 'https://hooks.example.com/rotate')
    const rotate = `mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { ${ENDPOINT_FIELDS} } } }`

    const once = await gql<{ rotateWebhookSecret: { secret: string; endpoint: EndpointView } }>(key, rotate, {
      id: endpoint.id,
    })
    expect(once.errors).toBeUndefined()
    const second = once.data?.rotateWebhookSecret.secret ?? ''
    expect(second).toMatch(/^whsec_/)
    expect(second).not.toBe(first)
    const row = await rowOf(endpoint.id)
    expect(row).toMatchObject({ secret: second, previousSecret: first })
    expect((row?.previousSecretExpiresAtMs ?? 0) - (row?.updatedAtMs ?? 0)).toBe(24 * 60 * 60 * 1000)
    expect(row?.updatedAtMs).toBe(Date.parse(once.data?.rotateWebhookSecret.endpoint.updatedAt ?? ''))

    // Rotating again retires the second secret, not the first.
    const twice = await gql<{ rotateWebhookSecret: { secret: string } }>(key, rotate, { id: endpoint.id })
    expect(await rowOf(endpoint.id)).toMatchObject({
      secret: twice.data?.rotateWebhookSecret.secret,
      previousSecret: second,
    })
  })

  it('pauses and resumes, and resume re-enables an endpoint disabled by a 410', async () => {
    const key = await createTestKey()
    const { endpoint } = await createEndpoint(key, 'https://hooks.example.com/pause')
    const set = (mutation: string) =>
      gql<Record<string, EndpointView>>(key, `mutation ($id: ID!) { ${mutation}(id: $id) { ${ENDPOINT_FIELDS} } }`, {
        id: endpoint.id,
      })

    const paused = await set('pauseWebhookEndpoint')
    expect(paused.data?.pauseWebhookEndpoint).toMatchObject({ status: 'PAUSED', disabledReason: null })
    expect((await rowOf(endpoint.id))?.status).toBe('paused')

    const resumed = await set('resumeWebhookEndpoint')
    expect(resumed.data?.resumeWebhookEndpoint).toMatchObject({ status: 'ACTIVE' })
    expect((await rowOf(endpoint.id))?.status).toBe('active')

    // What the delivering object does on 410 Gone.
    await db
      .update(webhookEndpoints)
      .set({ status: 'disabled', disabledReason: 'The receiver answered 410 Gone.' })
      .where(eq(webhookEndpoints.id, endpoint.id))
    const disabled = await gql<{ webhookEndpoint: EndpointView }>(
      key,
      `query ($id: ID!) { webhookEndpoint(id: $id) { ${ENDPOINT_FIELDS} } }`,
      { id: endpoint.id },
    )
    expect(disabled.data?.webhookEndpoint).toMatchObject({
      status: 'DISABLED',
      disabledReason: 'The receiver answered 410 Gone.',
    })
    const reenabled = await set('resumeWebhookEndpoint')
    expect(reenabled.data?.resumeWebhookEndpoint).toMatchObject({ status: 'ACTIVE', disabledReason: null })
    expect(await rowOf(endpoint.id)).toMatchObject({ status: 'active', disabledReason: null })
  })
})

describe('deleteWebhookEndpoint', () => {
  const DELETE = 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }'

  it('deletes the endpoint with its subscriptions, their rules and its events; other endpoints keep theirs', async () => {
    const key = await createTestKey()
    const { endpoint } = await createEndpoint(key, 'https://hooks.example.com/doomed')
    const { endpoint: kept } = await createEndpoint(key, 'https://hooks.example.com/kept')
    const doomed = await insertSubscription(key.id, endpoint.id)
    const keptSubscription = await insertSubscription(key.id, kept.id)
    const eventId = newId('evt')
    await db.insert(alertEvents).values({
      id: eventId,
      endpointId: endpoint.id,
      keyId: key.id,
      type: 'test',
      payload: buildEventBody('test', Date.now(), {}),
      createdAtMs: Date.now(),
    })

    const body = await gql<{ deleteWebhookEndpoint: string }>(key, DELETE, { id: endpoint.id })
    expect(body.errors).toBeUndefined()
    expect(body.data?.deleteWebhookEndpoint).toBe(endpoint.id)

    expect(await rowOf(endpoint.id)).toBeUndefined()
    expect(await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, doomed.subscriptionId))).toEqual(
      [],
    )
    expect(await db.select().from(alertRules).where(inArray(alertRules.id, doomed.ruleIds))).toEqual([])
    expect(await db.select().from(alertEvents).where(eq(alertEvents.id, eventId))).toEqual([])
    expect(await rowOf(kept.id)).toBeDefined()
    expect(await db.select().from(alertRules).where(inArray(alertRules.id, keptSubscription.ruleIds))).toHaveLength(2)

    const again = await gql(key, DELETE, { id: endpoint.id })
    expect(codes(again)).toEqual(['NOT_FOUND'])
    const read = await gql(key, 'query ($id: ID!) { webhookEndpoint(id: $id) { id } }', { id: endpoint.id })
    expect(read.data).toEqual({ webhookEndpoint: null })
  })

  it('is atomic: when the last statement fails, no subscription or rule is gone', async () => {
    const key = await createTestKey()
    const { endpoint } = await createEndpoint(key, 'https://hooks.example.com/atomic')
    const { subscriptionId, ruleIds } = await insertSubscription(key.id, endpoint.id)
    // A real D1 failure on the endpoint row, the batch's last statement.
    await env.DB.prepare(
      `CREATE TRIGGER refuse_endpoint_delete BEFORE DELETE ON webhook_endpoints WHEN old.id = '${endpoint.id}' BEGIN SELECT RAISE(ABORT, 'refused by test'); END`,
    ).run()
    try {
      const body = await gql(key, DELETE, { id: endpoint.id })
      expect(codes(body)).toEqual(['INTERNAL'])
    } finally {
      await env.DB.prepare('DROP TRIGGER refuse_endpoint_delete').run()
    }
    expect(await rowOf(endpoint.id)).toBeDefined()
    expect(await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, subscriptionId))).toHaveLength(1)
    expect(await db.select().from(alertRules).where(inArray(alertRules.id, ruleIds))).toHaveLength(2)
  })
})

describe('deliveries', () => {
  it('refuses a page size outside 1..100', async () => {
    const key = await createTestKey()
    const { endpoint } = await createEndpoint(key, 'https://hooks.example.com/pages')
    for (const first of [0, -1, 101]) {
      const body = await gql(
        key,
        'query ($id: ID!, $first: Int) { webhookEndpoint(id: $id) { deliveries(first: $first) { nodes { eventId } } } }',
        {
          id: endpoint.id,
          first,
        },
      )
      expect(codes(body), String(first)).toEqual(['BAD_USER_INPUT'])
    }
  })
})

describe('sendTestEvent and replayEvent', () => {
  const SEND = `mutation ($id: ID!) { sendTestEvent(endpointId: $id) { ${DELIVERY_FIELDS} } }`
  const REPLAY = `mutation ($id: ID!) { replayEvent(id: $id) { ${DELIVERY_FIELDS} } }`

  it('stores a signed test event, delivers it to the receiver and lists it in deliveries', async () => {
    const key = await createTestKey()
    const inbox = receiverInbox('webhooks-api-test-event')
    const { endpoint, secret } = await createEndpoint(key, inbox.url)
    await inbox.program({ secrets: [secret], reset: true })

    const sent = await gql<{ sendTestEvent: DeliveryNode }>(key, SEND, { id: endpoint.id })
    expect(sent.errors, JSON.stringify(sent.errors)).toBeUndefined()
    const delivery = sent.data?.sendTestEvent
    if (!delivery) throw new Error('no delivery')
    expect(delivery).toMatchObject({ eventId: expect.stringMatching(/^evt_/), eventType: 'test' })
    expect(JSON.parse(delivery.payload)).toEqual({
      type: 'test',
      timestamp: delivery.createdAt,
      data: { endpointId: endpoint.id, message: 'Test event from Solvent' },
    })
    // Stored in D1 first, then handed to the endpoint's object.
    expect(await db.select().from(alertEvents).where(eq(alertEvents.id, delivery.eventId)).get()).toMatchObject({
      endpointId: endpoint.id,
      keyId: key.id,
      type: 'test',
      payload: delivery.payload,
      handedOffAtMs: expect.any(Number),
    })

    const listed = await waitFor(
      () => deliveriesOf(key, endpoint.id),
      (page) => page.deliveries.nodes[0]?.status === 'DELIVERED',
    )
    expect(listed.deliveries.nodes).toHaveLength(1)
    expect(listed.deliveries.nodes[0]).toMatchObject({
      eventId: delivery.eventId,
      attemptCount: 1,
      payload: delivery.payload,
    })
    expect(listed.deliveries.nodes[0]?.attempts[0]).toMatchObject({ number: 1, statusCode: 200, error: null })
    expect(listed.deliveryCounts).toEqual({ pending: 0, delivered: 1, dead: 0 })

    const [received] = await inbox.requests()
    expect(received).toMatchObject({ body: delivery.payload, verified: true, verifiedWith: [0] })
    expect(received?.headers['webhook-id']).toBe(delivery.eventId)
  })

  it(`allows ${KEY_LIMITS.testEventsPerHour} test events per key per hour, then RATE_LIMITED with the wait`, async () => {
    const key = await createTestKey()
    const { endpoint } = await createEndpoint(key, receiverInbox('webhooks-api-rate-limit').url)
    for (let i = 0; i < KEY_LIMITS.testEventsPerHour; i++) {
      const body = await gql(key, SEND, { id: endpoint.id })
      expect(body.errors, `send ${i + 1}`).toBeUndefined()
    }
    const over = await gql(key, SEND, { id: endpoint.id })
    expect(codes(over)).toEqual(['RATE_LIMITED'])
    const retryAfterSeconds = over.errors?.[0]?.extensions?.retryAfterSeconds
    expect(retryAfterSeconds).toBeGreaterThan(0)
    expect(retryAfterSeconds).toBeLessThanOrEqual(3600)
    const events = await db.select().from(alertEvents).where(eq(alertEvents.endpointId, endpoint.id))
    expect(events).toHaveLength(KEY_LIMITS.testEventsPerHour)

    // The quota is the key's, not the endpoint's: another key still sends.
    const other = await createTestKey()
    const { endpoint: otherEndpoint } = await createEndpoint(other, receiverInbox('webhooks-api-rate-limit').url)
    expect((await gql(other, SEND, { id: otherEndpoint.id })).errors).toBeUndefined()
    expect(
      await db
        .select()
        .from(rateLimitWindows)
        .where(eq(rateLimitWindows.bucket, `${key.id}:test-events`))
        .get(),
    ).toMatchObject({ count: KEY_LIMITS.testEventsPerHour + 1 })
  })

  it('replays a delivered event under the same id, and hands on an event its object never got', async () => {
    const key = await createTestKey()
    const inbox = receiverInbox('webhooks-api-replay')
    const { endpoint, secret } = await createEndpoint(key, inbox.url)
    await inbox.program({ secrets: [secret], reset: true })
    const sent = await gql<{ sendTestEvent: DeliveryNode }>(key, SEND, { id: endpoint.id })
    const eventId = sent.data?.sendTestEvent.eventId ?? ''
    await waitFor(inbox.requests, (requests) => requests.length === 1)

    const replayed = await gql<{ replayEvent: DeliveryNode }>(key, REPLAY, { id: eventId })
    expect(replayed.errors, JSON.stringify(replayed.errors)).toBeUndefined()
    expect(replayed.data?.replayEvent).toMatchObject({ eventId, payload: sent.data?.sendTestEvent.payload })
    const requests = await waitFor(inbox.requests, (all) => all.length === 2)
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId])
    expect(requests.every((r) => r.verified)).toBe(true)

    // An event stored in D1 whose hand-off never happened (the cron would retry it): replay hands it on.
    const orphanId = newId('evt')
    const payload = buildEventBody('test', Date.now(), { orphan: true })
    await db.insert(alertEvents).values({
      id: orphanId,
      endpointId: endpoint.id,
      keyId: key.id,
      type: 'test',
      payload,
      createdAtMs: Date.now(),
    })
    const handedOn = await gql<{ replayEvent: DeliveryNode }>(key, REPLAY, { id: orphanId })
    expect(handedOn.errors, JSON.stringify(handedOn.errors)).toBeUndefined()
    expect(handedOn.data?.replayEvent).toMatchObject({ eventId: orphanId, payload })
    expect((await db.select().from(alertEvents).where(eq(alertEvents.id, orphanId)).get())?.handedOffAtMs).toEqual(
      expect.any(Number),
    )
    await waitFor(inbox.requests, (all) => all.some((r) => r.headers['webhook-id'] === orphanId))
  })

  it('pages deliveries newest first and filters them by status', async () => {
    const key = await createTestKey()
    const { endpoint } = await createEndpoint(key, receiverInbox('webhooks-api-pages').url)
    const sent: string[] = []
    for (let i = 0; i < 3; i++) {
      const body = await gql<{ sendTestEvent: DeliveryNode }>(key, SEND, { id: endpoint.id })
      sent.push(body.data?.sendTestEvent.eventId ?? '')
    }
    await waitFor(
      () => deliveriesOf(key, endpoint.id),
      (page) => page.deliveryCounts.delivered === 3,
    )
    const first = await deliveriesOf(key, endpoint.id, 'first: 2')
    expect(first.deliveries.pageInfo).toMatchObject({ hasNextPage: true, endCursor: expect.any(String) })
    const rest = await deliveriesOf(key, endpoint.id, `first: 2, after: "${first.deliveries.pageInfo.endCursor}"`)
    expect(rest.deliveries.pageInfo.hasNextPage).toBe(false)
    const ids = [...first.deliveries.nodes, ...rest.deliveries.nodes].map((node) => node.eventId)
    expect(new Set(ids)).toEqual(new Set(sent))
    expect(ids).toHaveLength(3)

    expect((await deliveriesOf(key, endpoint.id, 'first: 10, status: DELIVERED')).deliveries.nodes).toHaveLength(3)
    expect((await deliveriesOf(key, endpoint.id, 'first: 10, status: DEAD')).deliveries.nodes).toEqual([])
    const garbage = await gql(
      key,
      'query ($id: ID!) { webhookEndpoint(id: $id) { deliveries(after: "garbage") { nodes { eventId } } } }',
      { id: endpoint.id },
    )
    expect(codes(garbage)).toEqual(['BAD_USER_INPUT'])
  })

  it('holds deliveries while paused and delivers them at once on resume', async () => {
    const key = await createTestKey()
    const inbox = receiverInbox('webhooks-api-pause')
    const { endpoint, secret } = await createEndpoint(key, inbox.url)
    await inbox.program({ secrets: [secret], reset: true })
    await gql(key, 'mutation ($id: ID!) { pauseWebhookEndpoint(id: $id) { id } }', { id: endpoint.id })

    const sent = await gql<{ sendTestEvent: DeliveryNode }>(key, SEND, { id: endpoint.id })
    expect(sent.data?.sendTestEvent.status).toBe('PENDING')
    // The object's run sees the pause and attempts nothing (its next look is an hour away).
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await inbox.requests()).toEqual([])
    expect((await deliveriesOf(key, endpoint.id)).deliveryCounts).toEqual({ pending: 1, delivered: 0, dead: 0 })

    await gql(key, 'mutation ($id: ID!) { resumeWebhookEndpoint(id: $id) { id } }', { id: endpoint.id })
    const [received] = await waitFor(inbox.requests, (all) => all.length === 1, 5_000)
    expect(received?.headers['webhook-id']).toBe(sent.data?.sendTestEvent.eventId)
  })

  it('signs with the new and the previous secret after a rotation', async () => {
    const key = await createTestKey()
    const inbox = receiverInbox('webhooks-api-rotation')
    const { endpoint, secret: before } = await createEndpoint(key, inbox.url)
    const rotated = await gql<{ rotateWebhookSecret: { secret: string } }>(
      key,
      'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
      { id: endpoint.id },
    )
    const after = rotated.data?.rotateWebhookSecret.secret ?? ''
    await inbox.program({ secrets: [before, after], reset: true })
    await gql(key, SEND, { id: endpoint.id })
    const [received] = await waitFor(inbox.requests, (all) => all.length === 1)
    expect(received).toMatchObject({ verified: true, verifiedWith: [0, 1] })
  })

  it('purges the endpoint’s object when the endpoint is deleted', async () => {
    const key = await createTestKey()
    const inbox = receiverInbox('webhooks-api-purge')
    const { endpoint } = await createEndpoint(key, inbox.url)
    await inbox.program({ fallback: 503, reset: true })
    await gql(key, SEND, { id: endpoint.id })
    const stub = endpointStub(env, endpoint.id)
    expect(await stub.deliveryCounts()).toEqual({ pending: 1, delivered: 0, dead: 0 })

    await gql(key, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpoint.id })
    expect(await stub.deliveryCounts()).toEqual({ pending: 0, delivered: 0, dead: 0 })
  })

  it('answers NOT_FOUND for another key’s event or endpoint, and an unknown event', async () => {
    const owner = await createTestKey()
    const stranger = await createTestKey()
    const { endpoint } = await createEndpoint(owner, receiverInbox('webhooks-api-foreign').url)
    const sent = await gql<{ sendTestEvent: DeliveryNode }>(owner, SEND, { id: endpoint.id })
    const eventId = sent.data?.sendTestEvent.eventId ?? ''
    expect(codes(await gql(stranger, REPLAY, { id: eventId }))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(stranger, SEND, { id: endpoint.id }))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(owner, REPLAY, { id: 'evt_unknown' }))).toEqual(['NOT_FOUND'])
    // The stranger's attempt did not spend the owner's quota.
    expect(
      await db
        .select()
        .from(rateLimitWindows)
        .where(eq(rateLimitWindows.bucket, `${stranger.id}:test-events`))
        .get(),
    ).toBeUndefined()
  })
})
