import { describe, expect, it } from 'vitest'
import packageJson from '../../package.json'
import { codes, post, request } from '../helpers/graphql'

describe('health', () => {
  it('answers status, version and a schema hash', async () => {
    const { status, body } = await post<{
      health: { status: string; version: string; schemaHash: string; environment: string }
    }>('{ health { status version schemaHash environment } }')
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(body.data?.health).toMatchObject({ status: 'OK', version: packageJson.version, environment: 'development' })
    expect(body.data?.health.schemaHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('redirects / to the GraphQL endpoint and answers 404 with a code elsewhere', async () => {
    const root = await request('/', { redirect: 'manual' })
    expect(root.status).toBe(302)
    expect(root.headers.get('location')).toBe('http://solvent.test/graphql')
    const missing = await request('/nope')
    expect(missing.status).toBe(404)
    expect(codes(await missing.json())).toEqual(['NOT_FOUND'])
  })
})

describe('protocols and chains', () => {
  it('lists the venues and chains this deployment reads, linked both ways', async () => {
    const { body } = await post<{ protocols: unknown[]; chains: { id: number; name: string; protocols: unknown[] }[] }>(
      '{ protocols { id name kind chains { id } } chains { id name protocols { id } } }',
    )
    expect(body.errors).toBeUndefined()
    expect(Array.isArray(body.data?.protocols)).toBe(true)
    expect(body.data?.chains).toContainEqual({ id: 1, name: 'Ethereum', protocols: expect.any(Array) })
    expect(body.data?.chains.map((chain) => chain.id)).toContain(42161)
  })
})

describe('scalars', () => {
  it('BigDecimal in exactly, Fraction out at its 18 decimal places; margin ratio conventions', async () => {
    const query =
      'query ($e: BigDecimal!, $m: BigDecimal!) { marginRatio(equityUsd: $e, maintenanceMarginUsd: $m) { kind value } }'
    const finite = await post(query, { variables: { e: '1000', m: '50.000000000000000000000000000001' } })
    expect(finite.body.data).toEqual({ marginRatio: { kind: 'FINITE', value: '0.05' } })
    const fine = await post(query, { variables: { e: '1000', m: '50.0000000000001' } })
    expect(fine.body.data).toEqual({ marginRatio: { kind: 'FINITE', value: '0.0500000000000001' } })
    const infinite = await post(query, { variables: { e: '-1', m: '5' } })
    expect(infinite.body.data).toEqual({ marginRatio: { kind: 'INFINITE', value: null } })
    const none = await post(query, { variables: { e: '100', m: '0' } })
    expect(none.body.data).toEqual({ marginRatio: { kind: 'NONE', value: null } })
  })

  it.each([
    ['a JSON number', 1000],
    ['exponent notation', '1e3'],
    ['hex', '0x10'],
    ['garbage', 'abc'],
    ['empty', ''],
  ])('BigDecimal rejects %s with BAD_USER_INPUT and HTTP 400', async (_name, value) => {
    const { status, body } = await post(
      'query ($e: BigDecimal!) { marginRatio(equityUsd: $e, maintenanceMarginUsd: "1") { kind } }',
      {
        variables: { e: value },
      },
    )
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
    expect(body.errors?.[0]?.message).toContain('Invalid BigDecimal')
  })

  it('BigDecimal rejects a number literal inline', async () => {
    const { status, body } = await post('{ marginRatio(equityUsd: 1000, maintenanceMarginUsd: "1") { kind } }')
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })
})

describe('account addresses', () => {
  const checksummed = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
  const query = 'query ($a: String!) { account(address: $a) { address } }'

  it.each([
    ['lower case', checksummed.toLowerCase()],
    ['upper case', `0x${checksummed.slice(2).toUpperCase()}`],
    ['checksummed', checksummed],
  ])('accepts an EVM address in %s and returns it checksummed', async (_name, address) => {
    const { body } = await post(query, { variables: { a: address } })
    expect(body.errors).toBeUndefined()
    expect(body.data).toEqual({ account: { address: checksummed } })
  })

  it.each([
    ['a wrong checksum', '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96046'.replace('d8dA', 'D8dA')],
    ['too short', '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA960'],
    ['no 0x prefix', 'd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'],
    ['non-hex', '0xz8dA6BF26964aF9D7eEd9e03E53415D37aA96045'],
    ['a dYdX address with a bad checksum', 'dydx1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'],
    ['another Cosmos chain’s address', 'cosmos1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v'],
    ['a number', 12345],
  ])('rejects %s with BAD_USER_INPUT and HTTP 400', async (_name, address) => {
    const { status, body } = await post(query, { variables: { a: address } })
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })

  it('rejects an invalid inline literal', async () => {
    const { status, body } = await post('{ account(address: "0x123") { address } }')
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })
})

describe('bad requests answer a coded GraphQL error, never a 500', () => {
  it('malformed JSON', async () => {
    const response = await request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ health { status } }"',
    })
    expect(response.status).toBe(400)
    expect(codes(await response.json())).toEqual(['BAD_USER_INPUT'])
  })

  it('a missing query', async () => {
    const response = await request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables: {} }),
    })
    expect(response.status).toBe(400)
    expect(codes(await response.json())).toEqual(['BAD_USER_INPUT'])
  })

  it('a syntax error', async () => {
    const { status, body } = await post('{ health { status ')
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })

  it('an unknown field', async () => {
    const { status, body } = await post('{ health { status nope } }')
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
    expect(body.errors?.[0]?.message).toContain('Cannot query field "nope"')
  })

  it('a wrong variable type', async () => {
    const { status, body } = await post(
      'query ($e: Int!) { marginRatio(equityUsd: $e, maintenanceMarginUsd: "1") { kind } }',
      {
        variables: { e: 1 },
      },
    )
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })

  it('a missing required variable', async () => {
    const { status, body } = await post(
      'query ($e: BigDecimal!) { marginRatio(equityUsd: $e, maintenanceMarginUsd: "1") { kind } }',
    )
    expect(status).toBe(400)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })

  it('a body that is not JSON at all, and an unsupported method', async () => {
    const put = await request('/graphql', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(put.status).toBeGreaterThanOrEqual(400)
    expect(put.status).toBeLessThan(500)
    const garbage = await request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'nope',
    })
    expect(garbage.status).toBe(400)
    expect(codes(await garbage.json())).toEqual(['BAD_USER_INPUT'])
  })
})
