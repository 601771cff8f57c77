import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/graphql/yoga'
import { ACCEPT, codes, fetchWith, type GraphQLResponseBody, post, request } from '../helpers/graphql'

function jsonPost(query: string, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: JSON.stringify({ query }),
  }
}

/** `chains { protocols { chains { ... } } }`: a selection `depth` fields deep through the chain/protocol cycle. */
function nested(depth: number): string {
  let selection = 'id'
  for (let level = depth - 1; level >= 1; level--)
    selection = `${level % 2 === 1 ? 'chains' : 'protocols'} { ${selection} }`
  return selection
}

async function expectRejected(response: { status: number; body: GraphQLResponseBody<unknown> }, message: RegExp) {
  expect(response.status).toBe(400)
  expect(codes(response.body)).toContain('BAD_USER_INPUT')
  expect(response.body.data ?? null).toBeNull()
  expect(response.body.errors?.map((e) => e.message).join('\n')).toMatch(message)
}

describe('query limits (graphql-armor)', () => {
  it('accepts a query at the depth limit and rejects one past it', async () => {
    const ok = await post(`{ ${nested(LIMITS.maxDepth)} }`)
    expect(ok.body.errors, JSON.stringify(ok.body.errors)).toBeUndefined()
    await expectRejected(await post(`{ ${nested(LIMITS.maxDepth + 1)} }`), /depth limit/i)
  })

  it('cannot be bypassed by naming a fragment, an alias or an operation "__schema"', async () => {
    const tooDeep = nested(LIMITS.maxDepth + 1)
    await expectRejected(await post(`{ ...__schema } fragment __schema on Query { ${tooDeep} }`), /depth limit/i)
    await expectRejected(await post(`{ __schema: ${tooDeep} }`), /depth limit/i)
    await expectRejected(await post(`query __schema { ${tooDeep} }`), /depth limit/i)
    await expectRejected(await post(`{ ... on Query { __schema: ${tooDeep} } }`), /depth limit/i)
  })

  it('rejects too many aliases', async () => {
    const aliases = Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: health { status }`).join(' ')
    await expectRejected(await post(`{ ${aliases} }`), /alias/i)
  })

  it('rejects too many directives', async () => {
    const directives = Array.from({ length: LIMITS.maxDirectives + 1 }, () => '@include(if: true)').join(' ')
    await expectRejected(await post(`{ health ${directives} { status } }`), /directive/i)
  })

  it('rejects too many tokens', async () => {
    const fields = Array.from({ length: LIMITS.maxTokens }, () => 'status').join(' ')
    await expectRejected(await post(`{ health { ${fields} } }`), /token/i)
  })

  it('rejects a query over the cost limit that passes every other limit', async () => {
    // Page sizes multiply cost: one page of 20 margin accounts is fine, ten aliased pages of 100 are not.
    const page = (alias: string, first = 100) =>
      `${alias}: portfolio(addresses: []) { marginAccounts(first: ${first}) { nodes { id equityUsd marginRatio { kind value }
        positions { kind underlying size liquidationPrice { priceUsd reason } } venueReported { name venue } } } }`
    const one = await post(`{ ${page('a', 20)} }`)
    expect(one.body.errors).toBeUndefined()
    const pages = Array.from({ length: 10 }, (_, i) => page(`p${i}`)).join(' ')
    await expectRejected(await post(`{ ${pages} }`), /cost limit/i)
  })
})

describe('request body limit', () => {
  it('answers 413 with a code when content-length is over the limit', async () => {
    const body = JSON.stringify({ query: `{ health { status } } # ${'x'.repeat(Number(env.MAX_BODY_BYTES))}` })
    const response = await request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(response.status).toBe(413)
    expect(codes(await response.json())).toEqual(['BAD_USER_INPUT'])
  })

  it('counts a streamed body with no content-length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16_384))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const response = await fetchWith({ MAX_BODY_BYTES: '65536' }, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
  })
})

describe('introspection', () => {
  it('is on in local development', async () => {
    const { body } = await post('{ __schema { queryType { name } } }')
    expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
  })

  it('is off by default in production, with no field suggestions and no GraphiQL', async () => {
    const response = await fetchWith(
      { ENVIRONMENT: 'production', INTROSPECTION: '' },
      jsonPost('{ __schema { queryType { name } } }'),
    )
    expect(response.status).toBe(400)
    const body = (await response.json()) as GraphQLResponseBody
    expect(new Set(codes(body))).toEqual(new Set(['BAD_USER_INPUT']))
    expect(body.errors?.[0]?.message).toMatch(/introspection/i)

    const typo = (await (
      await fetchWith({ ENVIRONMENT: 'production' }, jsonPost('{ healt { status } }'))
    ).json()) as GraphQLResponseBody
    expect(typo.errors?.[0]?.message).not.toMatch(/did you mean/i)

    const page = await fetchWith({ ENVIRONMENT: 'production' }, { headers: { accept: 'text/html' } })
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html')
  })

  it('can be turned on in production explicitly', async () => {
    const response = await fetchWith(
      { ENVIRONMENT: 'production', INTROSPECTION: 'true' },
      jsonPost('{ __schema { queryType { name } } }'),
    )
    expect(response.status).toBe(200)
  })

  it('serves GraphiQL in development', async () => {
    const page = await request('/graphql', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Solvent')
  })
})

describe('CSRF prevention', () => {
  it.each([
    [
      'text/plain POST',
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ health { status } }' }),
      },
    ],
    [
      'form POST',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query=%7Bhealth%7Bstatus%7D%7D',
      },
    ],
    [
      'multipart POST',
      { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' },
    ],
    ['POST without content-type', { method: 'POST', body: JSON.stringify({ query: '{ health { status } }' }) }],
    ['GET operation', { method: 'GET', path: '/graphql?query=%7Bhealth%7Bstatus%7D%7D' }],
  ] as const)('refuses a %s without a preflight header', async (_name, init) => {
    const { path, ...rest } = init as RequestInit & { path?: string }
    const response = await request(path ?? '/graphql', rest)
    expect(response.status).toBe(400)
    const body = (await response.json()) as GraphQLResponseBody
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
    expect(body.errors?.[0]?.message).toMatch(/cross-site request forgery/)
  })

  it('lets a GET operation through with a preflight header, and JSON POSTs always', async () => {
    const response = await request('/graphql?query=%7Bhealth%7Bstatus%7D%7D', { headers: { 'x-solvent-csrf': '1' } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ data: { health: { status: 'OK' } } })
  })
})

describe('CORS', () => {
  const preflight = (origin: string): RequestInit => ({
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  })

  it('allows any origin with "*" (local default), never with credentials', async () => {
    const response = await request('/graphql', preflight('https://wallet.example'))
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('https://wallet.example')
    expect(response.headers.get('access-control-allow-credentials')).toBeNull()
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
  })

  it('allows only the configured origins', async () => {
    const vars = { ALLOWED_ORIGINS: 'https://app.example, https://wallet.example' }
    const allowed = await fetchWith(vars, preflight('https://wallet.example'))
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://wallet.example')
    const denied = await fetchWith(vars, preflight('https://evil.example'))
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
    const actual = await fetchWith(vars, jsonPost('{ health { status } }', { origin: 'https://app.example' }))
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://app.example')
  })
})

describe('error masking', () => {
  it('hides internal messages in production and shows them in development', async () => {
    // A broken D1 binding makes the health resolver throw an internal error.
    const broken = {
      prepare: () => {
        throw new Error('secret database detail')
      },
    } as unknown as D1Database
    const prod = (await (
      await fetchWith({ ENVIRONMENT: 'production', DB: broken }, jsonPost('{ health { status } }'))
    ).json()) as GraphQLResponseBody
    expect(codes(prod)).toEqual(['INTERNAL'])
    expect(JSON.stringify(prod)).not.toContain('secret database detail')
    expect(JSON.stringify(prod)).not.toMatch(/at \w+ \(/) // no stack frames

    const dev = (await (
      await fetchWith({ ENVIRONMENT: 'development', DB: broken }, jsonPost('{ health { status } }'))
    ).json()) as GraphQLResponseBody
    expect(codes(dev)).toEqual(['INTERNAL'])
    expect(JSON.stringify(dev)).toContain('secret database detail')
  })
})
