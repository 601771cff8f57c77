import { describe, expect, it } from 'vitest'
import { D } from '../../src/engine/decimal'
import { codes, post } from '../helpers/graphql'

const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')

/** A short ETH straddle held elsewhere, hedged with a perp, on 60,000 USDC. */
const straddle = {
  name: 'deribit-book',
  venue: 'deribit',
  prices: [
    { underlying: 'ETH', priceUsd: '3000' },
    { underlying: 'USDC', priceUsd: '1', stable: true },
  ],
  collateral: [{ asset: 'USDC', amount: '60000' }],
  options: [
    { id: 'C3000', underlying: 'ETH', strike: '3000', expiry, right: 'CALL', size: '-10', impliedVolatility: '0.6' },
    { id: 'P3000', underlying: 'ETH', strike: '3000', expiry, right: 'PUT', size: '-10', markPriceUsd: '200' },
  ],
  perps: [{ underlying: 'ETH', size: '2', entryPriceUsd: '2980' }],
}

const SUMMARY_FIELDS =
  'equityUsd maintenanceMarginUsd initialMarginUsd liquidatableCount marginAccountCount exposures { underlying delta } nearestToLiquidation { id }'
const SUMMARY = `summary { ${SUMMARY_FIELDS} }`
;('summary { equityUsd maintenanceMarginUsd initialMarginUsd liquidatableCount marginAccountCount exposures { underlying delta } nearestToLiquidation { id } }')
const ACCOUNT = `id protocol model declared stale equityUsd maintenanceMarginUsd marginRatio { kind value } liquidatable
  positions { id kind underlying size liquidationPrice { priceUsd distance reason } delta gammaUsd }`

type Summary = {
  equityUsd: string
  maintenanceMarginUsd: string
  initialMarginUsd: string
  liquidatableCount: number
  marginAccountCount: number
  exposures: { underlying: string; delta: string }[]
  nearestToLiquidation: { id: string } | null
}

describe('portfolio with declared positions', () => {
  it('evaluates a declared options book through the engine', async () => {
    const { status, body } = await post<{
      portfolio: {
        summary: Summary
        marginAccounts: {
          nodes: { id: string; model: string; declared: boolean; positions: unknown[] }[]
          totalCount: number
        }
      }
    }>(
      `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { ${SUMMARY} marginAccounts { totalCount nodes { ${ACCOUNT} } } } }`,
      {
        variables: { d: [straddle] },
      },
    )
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    const portfolio = body.data?.portfolio
    expect(portfolio?.summary.marginAccountCount).toBe(1)
    expect(Number(portfolio?.summary.maintenanceMarginUsd)).toBeGreaterThan(0)
    expect(Number(portfolio?.summary.initialMarginUsd)).toBeCloseTo(
      Number(portfolio?.summary.maintenanceMarginUsd) * 1.3,
      6,
    )
    const [book] = portfolio?.marginAccounts.nodes ?? []
    expect(book).toMatchObject({
      model: 'portfolio-margin',
      declared: true,
      id: 'deribit:::declared:declared:deribit-book',
    })
    expect(book?.positions).toHaveLength(4) // collateral, two options, one perp
    expect(portfolio?.summary.exposures.find((e) => e.underlying === 'ETH')).toBeDefined()
  })

  it('simulates a price move: the short straddle loses equity, nothing is written', async () => {
    const { body } = await post<{
      simulate: { before: Summary; after: Summary; marginAccounts: { equityUsd: string }[] }
    }>(
      `query ($d: [DeclaredMarginAccountInput!], $c: [ChangeInput!]!) { simulate(declared: $d, changes: $c) { before { ${SUMMARY_FIELDS} } after { ${SUMMARY_FIELDS} } marginAccounts { equityUsd } } }`,
      { variables: { d: [straddle], c: [{ kind: 'MOVE_PRICE', underlying: 'ETH', move: '0.15' }] } },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const { before, after } = body.data?.simulate ?? {}
    expect(Number(after?.equityUsd)).toBeLessThan(Number(before?.equityUsd))
  })

  it('simulates with no change: before equals after', async () => {
    const { body } = await post<{ simulate: { before: Summary; after: Summary } }>(
      `query ($d: [DeclaredMarginAccountInput!]) { simulate(declared: $d, changes: []) { before { ${SUMMARY_FIELDS} } after { ${SUMMARY_FIELDS} } } }`,
      { variables: { d: [straddle] } },
    )
    expect(body.data?.simulate.after).toEqual(body.data?.simulate.before)
  })

  it('stresses uniform moves and reports liquidations', async () => {
    const { body } = await post<{
      stress: {
        name: string
        move: string
        equityChangeUsd: string
        liquidatedCount: number
        liquidated: { id: string }[]
      }[]
    }>(
      `query ($d: [DeclaredMarginAccountInput!]) { stress(declared: $d) { name move equityChangeUsd liquidatedCount liquidated { id } } }`,
      { variables: { d: [{ ...straddle, collateral: [{ asset: 'USDC', amount: '2000' }] }] } },
    )
    expect(body.errors).toBeUndefined()
    const results = body.data?.stress ?? []
    expect(results.map((r) => r.move)).toEqual(['-0.1', '-0.2', '-0.3', '-0.5'])
    expect(results.at(-1)?.liquidatedCount).toBe(1)
    expect(Number(results.at(-1)?.equityChangeUsd)).toBeLessThan(0)
  })

  it("answers every stress field as simulate's full evaluation of the same move does, liquidation prices included", async () => {
    // stress evaluates each scenario's figures only and the liquidated margin accounts' full reports
    // when asked; simulate evaluates every margin account in full: their answers must be the same.
    const books = [
      { ...straddle, name: 'thin', collateral: [{ asset: 'USDC', amount: '2000' }] },
      { ...straddle, name: 'thick' },
      {
        name: 'perps',
        prices: straddle.prices,
        collateral: [{ asset: 'USDC', amount: '5000' }],
        perps: [{ underlying: 'ETH', size: '-10', entryPriceUsd: '3000' }],
      },
    ]
    const LIQUIDATED = `${ACCOUNT} initialMarginUsd freeCollateralUsd leverage { kind value } grossNotionalUsd`
    const moves = ['-0.05', '-0.3', '-0.6', '0.4']
    type Simulation = {
      before: { equityUsd: string }
      after: { equityUsd: string; liquidatableCount: number }
      marginAccounts: ({ liquidatable: boolean } & Record<string, unknown>)[]
    }
    // One request, so that the declared margin accounts are evaluated at one time (options decay).
    const simulations = moves
      .map(
        (_move, i) =>
          `s${i}: simulate(declared: $d, changes: [{ kind: MOVE_ALL_CRYPTO, move: $m${i} }]) { before { equityUsd } after { equityUsd liquidatableCount } marginAccounts { ${LIQUIDATED} } }`,
      )
      .join(' ')
    const { body } = await post<
      {
        stress: { equityUsd: string; equityChangeUsd: string; liquidatedCount: number; liquidated: unknown[] }[]
      } & Record<string, Simulation>
    >(
      `query ($d: [DeclaredMarginAccountInput!], $s: [StressScenarioInput!], ${moves.map((_m, i) => `$m${i}: Fraction!`).join(', ')}) {
        stress(declared: $d, scenarios: $s) { equityUsd equityChangeUsd liquidatedCount liquidated { ${LIQUIDATED} } }
        ${simulations}
      }`,
      {
        variables: {
          d: books,
          s: moves.map((move) => ({ move })),
          ...Object.fromEntries(moves.map((move, i) => [`m${i}`, move])),
        },
      },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    let liquidated = 0
    for (const [index, move] of moves.entries()) {
      const { before, after, marginAccounts } = body.data?.[`s${index}`] ?? {}
      const result = body.data?.stress[index]
      expect(result?.equityUsd, move).toBe(after?.equityUsd)
      // Each printed at 8 decimals: the change and the difference of the printed equities agree within two units.
      const change = new D(after?.equityUsd ?? 'NaN').sub(before?.equityUsd ?? 'NaN')
      expect(
        change
          .sub(result?.equityChangeUsd ?? 'NaN')
          .abs()
          .lte('0.00000002'),
        move,
      ).toBe(true)
      expect(result?.liquidatedCount, move).toBe(after?.liquidatableCount)
      expect(result?.liquidated, move).toEqual(marginAccounts?.filter((account) => account.liquidatable))
      liquidated += result?.liquidatedCount ?? 0
    }
    expect(liquidated).toBeGreaterThan(1)
  })

  it('paginates margin accounts with an opaque cursor', async () => {
    const books = ['a', 'b', 'c'].map((name) => ({ ...straddle, name }))
    const page = async (after?: string) =>
      (
        await post<{
          portfolio: {
            marginAccounts: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
          }
        }>(
          'query ($d: [DeclaredMarginAccountInput!], $after: String) { portfolio(addresses: [], declared: $d) { marginAccounts(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }',
          { variables: { d: books, after } },
        )
      ).body.data?.portfolio.marginAccounts
    const first = await page()
    expect(first?.nodes).toHaveLength(2)
    expect(first?.pageInfo.hasNextPage).toBe(true)
    const second = await page(first?.pageInfo.endCursor ?? undefined)
    expect(second?.nodes).toHaveLength(1)
    expect(second?.pageInfo.hasNextPage).toBe(false)
    expect(new Set([...(first?.nodes ?? []), ...(second?.nodes ?? [])].map((n) => n.id)).size).toBe(3)
  })
})

describe('bad portfolio input answers BAD_USER_INPUT', () => {
  const ask = (query: string, variables: Record<string, unknown>) => post(query, { variables })
  const PORTFOLIO =
    'query ($a: [String!]!, $m: Int, $p: [ID!], $c: [ChainId!]) { portfolio(addresses: $a, maxAgeSeconds: $m, protocols: $p, chains: $c) { summary { equityUsd } } }'

  it.each([
    ['a malformed address', { a: ['0x123'] }],
    ['a wrong-kind address (cosmos)', { a: ['cosmos1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v'] }],
    ['a dYdX address with a bad checksum', { a: ['dydx1y5crk3j3t3nhylvgjw02nd9let27p6lkx9le26'] }],
    ['a negative maxAgeSeconds', { a: [], m: -1 }],
    ['too many addresses', { a: Array.from({ length: 21 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`) }],
    ['an unknown protocol', { a: [], p: ['compound-v2'] }],
    ['an unknown chain', { a: [], c: [999_999] }],
  ])('%s', async (_name, variables) => {
    const { status, body } = await ask(PORTFOLIO, variables)
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
    expect(status).toBe(400)
  })

  it('a change without its required field, and a change to an unknown margin account', async () => {
    const q = 'query ($c: [ChangeInput!]!) { simulate(changes: $c) { after { equityUsd } } }'
    expect(codes((await ask(q, { c: [{ kind: 'MOVE_PRICE', move: '0.05' }] })).body)).toEqual(['BAD_USER_INPUT'])
    expect(
      codes((await ask(q, { c: [{ kind: 'DEPOSIT', asset: 'USDC', amount: '1', marginAccount: 'nope' }] })).body),
    ).toEqual(['BAD_USER_INPUT'])
  })

  it('a declared book the engine cannot price (no price for its underlying)', async () => {
    const bad = { ...straddle, prices: [{ underlying: 'USDC', priceUsd: '1', stable: true }] }
    const { body } = await ask(
      'query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { summary { equityUsd } } }',
      { d: [bad] },
    )
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })
})
