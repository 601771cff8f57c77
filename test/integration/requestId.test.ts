import { afterEach, describe, expect, it, vi } from 'vitest'
import { REQUEST_ID_HEADER } from '../../src/graphql/requestId'
import { ACCEPT, codes, fetchWith, type GraphQLResponseBody, post, request } from '../helpers/graphql'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function jsonPost(query: string, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: JSON.stringify({ query }),
  }
}

/** A D1 binding whose every query throws: the health resolver fails with an internal error. */
const brokenDb = {
  prepare: () => {
    throw new Error('secret database detail')
  },
} as unknown as D1Database

afterEach(() => {
  vi.restoreAllMocks()
})

describe('x-request-id on every response', () => {
  it('is on a GraphQL 200 and a 400, a fresh id each time', async () => {
    const ok = await post('{ health { status } }')
    expect(ok.status).toBe(200)
    expect(ok.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
    const bad = await post('{ healt { status } }')
    expect(bad.status).toBe(400)
    expect(bad.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
    expect(bad.headers.get(REQUEST_ID_HEADER)).not.toBe(ok.headers.get(REQUEST_ID_HEADER))
  })

  it('is on a 404, the root redirect and a 413', async () => {
    const missing = await request('/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
    const root = await request('/', { redirect: 'manual' })
    expect(root.status).toBe(302)
    expect(root.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
    const tooBig = await fetchWith({ MAX_BODY_BYTES: '16' }, jsonPost('{ health { status } }'))
    expect(tooBig.status).toBe(413)
    expect(tooBig.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
  })

  it('is on a CORS preflight, and browsers may read it on the actual response', async () => {
    const preflight = await request('/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://wallet.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.status).toBeLessThan(300)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://wallet.example')
    expect(preflight.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
    const actual = await request('/graphql', jsonPost('{ health { status } }', { origin: 'https://wallet.example' }))
    expect(actual.headers.get('access-control-expose-headers')?.toLowerCase()).toContain(REQUEST_ID_HEADER)
  })

  it('is on the development-only sandbox routes', async () => {
    const tick = await fetchWith({ ENVIRONMENT: 'development' }, { path: '/__sandbox/tick' })
    expect(tick.status).toBe(405)
    expect(tick.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
  })

  it("is Cloudflare's ray id when the edge sent one, and never the client's own x-request-id", async () => {
    const ray = '8f3a1c2b9d4e5f60-AMS'
    const edge = await request('/graphql', jsonPost('{ health { status } }', { 'cf-ray': ray }))
    expect(edge.headers.get(REQUEST_ID_HEADER)).toBe(ray)
    const forged = await request(
      '/graphql',
      jsonPost('{ health { status } }', { 'cf-ray': `<script>${'x'.repeat(80)}` }),
    )
    expect(forged.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
    const client = await request('/graphql', jsonPost('{ health { status } }', { [REQUEST_ID_HEADER]: 'mine-123' }))
    expect(client.headers.get(REQUEST_ID_HEADER)).toMatch(UUID)
  })
})

describe('requestId on internal errors', () => {
  it('is in the masked error and in its one JSON log line, equal to the header', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const response = await fetchWith({ ENVIRONMENT: 'production', DB: brokenDb }, jsonPost('{ health { status } }'))
    const requestId = response.headers.get(REQUEST_ID_HEADER)
    expect(requestId).toMatch(UUID)
    const body = (await response.json()) as GraphQLResponseBody
    expect(codes(body)).toEqual(['INTERNAL'])
    expect(body.errors?.[0]?.message).toBe('Internal error.')
    expect(body.errors?.[0]?.extensions?.requestId).toBe(requestId)
    expect(JSON.stringify(body)).not.toContain('secret database detail')

    const lines = logged.mock.calls.filter((args) => args.some((arg) => String(arg).includes('secret database detail')))
    expect(lines).toHaveLength(1)
    const line = JSON.parse(String(lines[0]?.[0])) as Record<string, unknown>
    expect(line).toMatchObject({ level: 'error', requestId, code: 'INTERNAL', message: 'secret database detail' })
    expect(line.stack).toContain('secret database detail')
  })

  it('is on the coded 500 of an error past every handler (the sandbox tick over a broken database)', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const response = await fetchWith(
      { ENVIRONMENT: 'development', DB: brokenDb },
      { path: '/__sandbox/tick', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    )
    expect(response.status).toBe(500)
    const requestId = response.headers.get(REQUEST_ID_HEADER)
    expect(requestId).toMatch(UUID)
    const body = (await response.json()) as GraphQLResponseBody
    expect(body.errors).toEqual([{ message: 'Internal error.', extensions: { code: 'INTERNAL', requestId } }])
    const lines = logged.mock.calls.filter((args) => String(args[0]).includes(`"requestId":"${requestId}"`))
    expect(lines).toHaveLength(1)
    expect(JSON.parse(String(lines[0]?.[0]))).toMatchObject({ code: 'INTERNAL', message: 'secret database detail' })
  })

  it("is not on the caller's errors, which are not logged", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const response = await fetchWith({ ENVIRONMENT: 'production' }, jsonPost('{ healt { status } }'))
    expect(response.status).toBe(400)
    const body = (await response.json()) as GraphQLResponseBody
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
    expect(body.errors?.[0]?.extensions?.requestId).toBeUndefined()
    expect(logged).not.toHaveBeenCalled()
  })
})
