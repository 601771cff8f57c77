import { env } from 'cloudflare:workers'
import { parse } from 'graphql'
import { getAddress, toHex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BUDGETS, KEY_LIMITS } from '../../src/auth/limits'
import { createDatabase } from '../../src/db/client'
import { createReferenceCache } from '../../src/db/queries/referenceData'
import { computeOperationCost, upstreamCallBound } from '../../src/graphql/budget/computeOperationCost'
import { schema } from '../../src/graphql/yoga'
import { parseAccount } from '../../src/protocols/address'
import { adapters } from '../../src/protocols/registry'
import { createSourceLoader } from '../../src/sources/createSourceLoader'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { countingD1 } from '../helpers/countingD1'
import { codes, fetchWith, type GraphQLResponseBody } from '../helpers/graphql'

const GRAPHQL_RESPONSE = 'application/graphql-response+json'

/**
 * Every request the Worker sends out while `fn` runs (RPC to the anvil chains, the venue simulators),
 * counted by wrapping the isolate's own fetch and calling through to it: the chains and simulators answer.
 */
let sent: string[] = []
const realFetch = globalThis.fetch
beforeEach(() => {
  sent = []
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(input instanceof Request ? input.url : String(input))
    return realFetch(input, init)
  }) as typeof fetch
})
afterEach(() => {
  globalThis.fetch = realFetch
})

let ips = 0
/** A client IP no other test spends from. */
const freshIp = () => `203.0.113.${++ips}`

const randomAddress = () => getAddress(toHex(crypto.getRandomValues(new Uint8Array(20))))
const addresses = (n: number) => Array.from({ length: n }, randomAddress)

type Call = { vars?: Partial<Env>; headers?: Record<string, string>; variables?: Record<string, unknown> }

async function call(query: string, { vars = {}, headers = {}, variables }: Call = {}) {
  const response = await fetchWith(vars, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponseBody }
}

/** The attack of issue 13: 15 aliases, each a forced fresh read of 20 random addresses. */
function amplification(): string {
  const fields = Array.from(
    { length: 15 },
    (_, i) =>
      `a${i}: portfolio(addresses: ${JSON.stringify(addresses(20))}, maxAgeSeconds: 0) { summary { equityUsd } sources { status } }`,
  )
  return `{ ${fields.join(' ')} }`
}

const freshPortfolio = (n: number) =>
  `{ portfolio(addresses: ${JSON.stringify(addresses(n))}, maxAgeSeconds: 0) { summary { equityUsd } sources { protocol status } } }`

describe('connection arguments are validated before any I/O', () => {
  const page = (first: string) =>
    `{ account(address: "${randomAddress()}", maxAgeSeconds: 0) { marginAccounts(first: ${first}) { totalCount } } }`

  it.each(['0', '-1', '101'])('refuses first: %s with BAD_USER_INPUT and no upstream call', async (first) => {
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const { status, body } = await call(page(first), { headers: { accept, 'cf-connecting-ip': freshIp() } })
      expect(status).toBe(accept === GRAPHQL_RESPONSE ? 400 : 200)
      expect(codes(body)).toEqual(['BAD_USER_INPUT'])
      expect(body.data).toBeUndefined()
      expect(body.errors?.[0]?.message).toBe('"first" must be an integer from 1 to 100.')
    }
    expect(sent).toEqual([])
  })

  it('checks a page size given as a variable, and a forged cursor, the same way', async () => {
    const query = `query ($n: Int, $after: String) { account(address: "${randomAddress()}", maxAgeSeconds: 0) {
      marginAccounts(first: $n, after: $after) { totalCount } } }`
    const viaVariable = await call(query, { variables: { n: 101 } })
    expect(codes(viaVariable.body)).toEqual(['BAD_USER_INPUT'])
    const forged = await call(query, { variables: { n: 10, after: '%%% not a cursor' } })
    expect(codes(forged.body)).toEqual(['BAD_USER_INPUT'])
    expect(sent).toEqual([])
  })

  it('checks connections of keyed fields before the key is even looked at', async () => {
    const { status, body } = await call('{ me { alertSubscriptions(first: 0) { totalCount } } }', {
      headers: { accept: GRAPHQL_RESPONSE },
    })
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })
})

describe('the upstream-call bound of one request', () => {
  it('refuses the 15 × 20 fresh-read amplification before any I/O', async () => {
    const query = amplification()
    const cost = computeOperationCost({ schema: schema, document: parse(query), adapters, env })
    expect(cost.upstreamCalls).toBeGreaterThan(upstreamCallBound(env))
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const { status, body } = await call(query, { headers: { accept, 'cf-connecting-ip': freshIp() } })
      expect(status).toBe(accept === GRAPHQL_RESPONSE ? 400 : 200)
      expect(codes(body)).toEqual(['BAD_USER_INPUT'])
      expect(body.data).toBeUndefined()
      // The message says what to do, not where the line is.
      expect(body.errors?.[0]?.message).not.toMatch(/\d/)
    }
    expect(sent).toEqual([])
  })

  it('serves the largest documented query (20 addresses, fresh) within its estimate and the bound', async () => {
    const query = freshPortfolio(20)
    const cost = computeOperationCost({ schema: schema, document: parse(query), adapters, env })
    expect(cost.upstreamCalls).toBeLessThanOrEqual(upstreamCallBound(env))
    const { status, body } = await call(query, { headers: { 'cf-connecting-ip': freshIp() } })
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    const sources = (body.data as { portfolio: { sources: { status: string }[] } }).portfolio.sources
    expect(sources.length).toBe(cost.sources.fresh)
    expect(sources.every((source) => source.status !== 'ERROR')).toBe(true)
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.length).toBeLessThanOrEqual(cost.upstreamCalls)
  })

  it('stops a request at its bound in the source loader too (the backstop), without I/O past it', async () => {
    const db = createDatabase(env.DB)
    const nowMs = Date.now()
    const load = createSourceLoader({
      db,
      adapters,
      context: { env, fetch: (input, init) => fetch(input, init), nowMs, referenceCache: createReferenceCache(db) },
      maxUpstreamCalls: 3,
    })
    const refs = addresses(10).map((address) => ({ venue: 'hyperliquid' as const, account: parseAccount(address) }))
    const states = await load(refs, 0)
    expect(sent.length).toBe(3)
    // One market call and two users were read; every other source failed without a request.
    expect(states.filter((state) => state.status === 'error').length).toBe(8)
    const more = await load(
      addresses(2).map((address) => ({ venue: 'hyperliquid' as const, account: parseAccount(address) })),
      0,
    )
    expect(sent.length).toBe(3)
    expect(more.every((state) => state.error?.message.includes('bound of upstream calls'))).toBe(true)
  })
})

describe('prices kept per isolate', () => {
  const query = `query Fresh($addresses: [String!]!, $first: Int) {
    portfolio(addresses: $addresses, maxAgeSeconds: 0) { marginAccounts(first: $first) { totalCount } } }`

  it('prices a document and its variables once, and each set of variables on its own', () => {
    const document = parse(query)
    const price = (variables: Record<string, unknown>) =>
      computeOperationCost({ schema, document, variables, adapters, env })
    const [twoAddresses, fiveAddresses] = [addresses(2), addresses(5)]
    const two = price({ addresses: twoAddresses })
    expect(price({ addresses: [...twoAddresses] })).toBe(two)
    expect(Object.isFrozen(two)).toBe(true)
    const five = price({ addresses: fiveAddresses })
    expect(five.sources.fresh).toBeGreaterThan(two.sources.fresh)
    // The same prices as a document parsed anew (nothing kept for it yet).
    expect(
      computeOperationCost({ schema, document: parse(query), variables: { addresses: fiveAddresses }, adapters, env }),
    ).toEqual(five)
  })

  it('refuses a bad argument every time: a refusal is not kept as a price', () => {
    const document = parse(query)
    const price = () =>
      computeOperationCost({ schema, document, variables: { addresses: addresses(1), first: 0 }, adapters, env })
    expect(price).toThrow(/"first" must be an integer/)
    expect(price).toThrow(/"first" must be an integer/)
  })

  it('prices the same document again under another deployment env', () => {
    const document = parse(query)
    const variables = { addresses: addresses(2) }
    const here = computeOperationCost({ schema, document, variables, adapters, env })
    const elsewhere = computeOperationCost({ schema, document, variables, adapters, env: { ...env } })
    expect(elsewhere).not.toBe(here)
    expect(elsewhere).toEqual(here)
  })
})

describe('budgets per minute', () => {
  // The deployment's own budgets (the suite runs with larger ones, test/vitest.workerd.config.ts).
  const defaults = { ANONYMOUS_UNITS_PER_MINUTE: '', KEY_UNITS_PER_MINUTE: '' }

  it('answers an anonymous client over its budget with 429, Retry-After and RATE_LIMITED, before any I/O', async () => {
    const ip = freshIp()
    const query = freshPortfolio(20)
    const cost = computeOperationCost({ schema: schema, document: parse(query), adapters, env })
    const fits = Math.floor(BUDGETS.anonymousUnitsPerMinute / Math.ceil(cost.units))
    expect(fits).toBeGreaterThanOrEqual(1)
    // A window is one clock minute: should it turn during the loop, a few more requests pass, never a refusal fewer.
    let refused: Awaited<ReturnType<typeof call>> | undefined
    let served = 0
    for (let i = 0; i < 3 * (fits + 1) && !refused; i++) {
      const sentBefore = sent.length
      const response = await call(query, { vars: defaults, headers: { 'cf-connecting-ip': ip } })
      if (response.status === 429) {
        refused = response
        expect(sent.length).toBe(sentBefore)
      } else {
        expect(response.status).toBe(200)
        served++
      }
    }
    expect(served).toBeGreaterThanOrEqual(fits)
    if (!refused) throw new Error('never refused')
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(codes(refused.body)).toEqual(['RATE_LIMITED'])
    expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter)
    expect(refused.body.errors?.[0]?.message).not.toContain(String(BUDGETS.anonymousUnitsPerMinute))
    expect(refused.body.data).toBeUndefined()

    // Another client is not affected; a cheap query that reads nothing still works for this one.
    const other = await call(freshPortfolio(1), { vars: defaults, headers: { 'cf-connecting-ip': freshIp() } })
    expect(other.status).toBe(200)
    const health = await call('{ health { status } }', { vars: defaults, headers: { 'cf-connecting-ip': ip } })
    expect(health.status).toBe(200)
  })

  it('gives an API key the larger budget', async () => {
    const { headers } = await createTestKey()
    const query = freshPortfolio(20)
    const cost = computeOperationCost({ schema: schema, document: parse(query), adapters, env })
    const anonymousFits = Math.floor(BUDGETS.anonymousUnitsPerMinute / Math.ceil(cost.units))
    for (let i = 0; i <= anonymousFits; i++) {
      const response = await call(query, { vars: defaults, headers })
      expect(response.status).toBe(200)
    }
  })

  it('answers a key over its requests per minute with 429 and Retry-After, before any I/O', async () => {
    const { id, headers } = await createTestKey()
    const windowStart = Date.now() - (Date.now() % 60_000)
    for (const start of [windowStart, windowStart + 60_000]) {
      await env.DB.prepare('INSERT INTO rate_limit_windows (bucket, window_start_ms, count) VALUES (?, ?, ?)')
        .bind(`${id}:requests`, start, KEY_LIMITS.requestsPerMinute)
        .run()
    }
    const { status, headers: responseHeaders, body } = await call(freshPortfolio(3), { headers })
    expect(status).toBe(429)
    expect(Number(responseHeaders.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(codes(body)).toEqual(['RATE_LIMITED'])
    expect(body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(Number(responseHeaders.get('retry-after')))
    expect(sent).toEqual([])
  })

  it('limits anonymous requests per IP with the Rate Limiting binding: 429 and Retry-After', async () => {
    const ip = freshIp()
    const responses = []
    for (let i = 0; i < 7; i++) {
      responses.push(
        await call('{ health { status } }', {
          vars: { ANONYMOUS_REQUESTS: env.TIGHT_REQUESTS },
          headers: { 'cf-connecting-ip': ip },
        }),
      )
    }
    // The binding's window may turn during the loop; it never lets more than 3 through in one.
    for (const response of responses.slice(0, 3)) expect(response.status).toBe(200)
    const refused = responses.filter((response) => response.status === 429)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toBe('60')
      expect(codes(response.body)).toEqual(['RATE_LIMITED'])
      expect(response.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(60)
    }
  })
})

describe('authentication failures', () => {
  it('answers a bad key with 401 (graphql-response+json) or 200 (json), UNAUTHENTICATED, before any I/O', async () => {
    const query = freshPortfolio(5)
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const { status, headers, body } = await call(query, {
        headers: { accept, authorization: 'Bearer slv_not_a_key', 'cf-connecting-ip': freshIp() },
      })
      expect(status).toBe(accept === GRAPHQL_RESPONSE ? 401 : 200)
      if (status === 401) expect(headers.get('www-authenticate')).toBe('Bearer')
      expect(codes(body)).toEqual(['UNAUTHENTICATED'])
    }
    expect(sent).toEqual([])
  })

  it('answers a keyed operation without a key with 401 to a graphql-response+json client', async () => {
    const json = await call('{ me { address } }', { headers: { accept: 'application/json' } })
    expect(json.status).toBe(200)
    expect(codes(json.body)).toEqual(['UNAUTHENTICATED'])
    const spec = await call('{ me { address } }', { headers: { accept: GRAPHQL_RESPONSE } })
    expect(spec.status).toBe(401)
    expect(codes(spec.body)).toEqual(['UNAUTHENTICATED'])
  })
})

describe('the budget spend rides with the cache read', () => {
  it('makes a warm account ONE round trip to D1: the spend and the cached sources in one batch', async () => {
    const d1 = countingD1(env.DB)
    const query = `{ account(address: "${demoAccount('everywhere').address}", maxAgeSeconds: 3600) { summary { equityUsd } } }`
    const first = await call(query, { vars: { DB: d1.db }, headers: { 'cf-connecting-ip': freshIp() } })
    expect(first.status).toBe(200)
    d1.reset()
    const sentBefore = sent.length
    const warm = await call(query, { vars: { DB: d1.db }, headers: { 'cf-connecting-ip': freshIp() } })
    expect(warm.status).toBe(200)
    expect(warm.body.errors).toBeUndefined()
    expect(sent.length).toBe(sentBefore) // served from D1
    expect(d1.roundTrips()).toBe(1)
  })
})
