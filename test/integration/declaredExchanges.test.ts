/**
 * Declared exchange accounts (Binance, Bybit) through `portfolio`, `simulate` and `stress`: the
 * engine's tiered-perp model under each venue's published convention, marked declared.
 */
import { describe, expect, it } from 'vitest'
import { post } from '../helpers/graphql'

/**
 * The cross account of Binance's FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures
 * Contracts": WB 1,535,443.01 USDT, long 109.488 BTCUSDT at 32,481.98 (mark 31,967.27) and long
 * 3,683.979 ETHUSDT at 1,456.84 (mark 1,335.18); the FAQ's liquidation prices are 26,316.89 (BTC)
 * and 1,153.26 (ETH). Brackets: the built-in tables of that example.
 */
const binance = {
  name: 'binance-cross',
  rules: 'BINANCE_USDM',
  marginMode: 'CROSS',
  prices: [
    { underlying: 'BTC', priceUsd: '31967.27' },
    { underlying: 'ETH', priceUsd: '1335.18' },
    { underlying: 'USDT', priceUsd: '1', stable: true },
  ],
  collateral: [{ asset: 'USDT', amount: '1535443.01' }],
  perps: [
    { underlying: 'BTC', size: '109.488', entryPriceUsd: '32481.98', leverage: '20' },
    { underlying: 'ETH', size: '3683.979', entryPriceUsd: '1456.84', leverage: '5' },
  ],
  brackets: [
    { symbol: 'BTCUSDT', table: 'BINANCE_USDM_BTCUSDT_2021' },
    { symbol: 'ETHUSDT', table: 'BINANCE_USDM_ETHUSDT_2021' },
  ],
}

/** Bybit "Liquidation Price (USDT Contract)", Example 1: long 1 BTC at 20,000 USDT, 50x, MMR 0.5 % → LP 19,700. */
const bybit = {
  name: 'bybit-isolated',
  rules: 'BYBIT_LINEAR',
  marginMode: 'ISOLATED',
  prices: [
    { underlying: 'BTC', priceUsd: '20000' },
    { underlying: 'USDT', priceUsd: '1', stable: true },
  ],
  collateral: [{ asset: 'USDT', amount: '400' }],
  perps: [{ underlying: 'BTC', size: '1', entryPriceUsd: '20000', leverage: '50' }],
  brackets: [
    { symbol: 'BTCUSDT', brackets: [{ notionalFloor: '0', maintenanceMarginRate: '0.005', maxLeverage: '100' }] },
  ],
}

const LP = 'liquidationPrice { priceUsd distance reason } bankruptcyPrice { priceUsd reason }'
const ACCOUNT = `id protocol model declared equityUsd maintenanceMarginUsd liquidatable settlement { asset }
  positions { id kind underlying size ${LP} }`

type Price = { priceUsd: string | null; distance?: string | null; reason: string | null }
type Account = {
  id: string
  protocol: string
  model: string
  declared: boolean
  equityUsd: string
  maintenanceMarginUsd: string
  liquidatable: boolean
  settlement: { asset: string } | null
  positions: { id: string; kind: string; underlying: string; liquidationPrice: Price; bankruptcyPrice: Price | null }[]
}

const perpOf = (account: Account | undefined, id: string) => {
  const position = account?.positions.find((p) => p.id === id)
  if (!position) throw new Error(`no ${id} in ${JSON.stringify(account)}`)
  return position
}

describe('declared exchange accounts', () => {
  it("portfolio: evaluates a Binance cross book and a Bybit isolated position by their venues' formulas", async () => {
    const { status, body } = await post<{ portfolio: { marginAccounts: { nodes: Account[] } } }>(
      `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { marginAccounts { nodes { ${ACCOUNT} } } } }`,
      { variables: { d: [binance, bybit] } },
    )
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    const nodes = body.data?.portfolio.marginAccounts.nodes ?? []
    const cross = nodes.find((n) => n.protocol === 'binance-usdm')
    const isolated = nodes.find((n) => n.protocol === 'bybit-linear')
    expect(cross).toMatchObject({ model: 'tiered-perp', declared: true, liquidatable: false, settlement: null })
    // FAQ: MM = 71,200.81144 + 356,512.508 = 427,713.31944.
    expect(Number(cross?.maintenanceMarginUsd)).toBeCloseTo(427713.32, 2)
    expect(Number(perpOf(cross, 'perp:BTCUSDT').liquidationPrice.priceUsd)).toBeCloseTo(26316.89, 2)
    expect(Number(perpOf(cross, 'perp:ETHUSDT').liquidationPrice.priceUsd)).toBeCloseTo(1153.26, 2)
    expect(Number(perpOf(cross, 'perp:BTCUSDT').bankruptcyPrice?.priceUsd)).toBeLessThan(26316.89)
    expect(isolated).toMatchObject({ model: 'tiered-perp', declared: true })
    expect(Number(perpOf(isolated, 'perp:BTCUSDT').liquidationPrice.priceUsd)).toBe(19700)
    expect(Number(perpOf(isolated, 'perp:BTCUSDT').bankruptcyPrice?.priceUsd)).toBe(19600)
  })

  it('stress: a 20 % BTC fall liquidates both (Binance BTC at −17.7 %, Bybit at −1.5 %), a 1 % one neither', async () => {
    const { status, body } = await post<{
      stress: { name: string; liquidatedCount: number; liquidated: { protocol: string; declared: boolean }[] }[]
    }>(
      `query ($d: [DeclaredMarginAccountInput!], $s: [StressScenarioInput!]) { stress(declared: $d, scenarios: $s) { name liquidatedCount liquidated { protocol declared } } }`,
      {
        variables: {
          d: [binance, bybit],
          s: [
            { name: 'btc-1', underlying: 'BTC', move: '-0.01' },
            { name: 'btc-20', underlying: 'BTC', move: '-0.2' },
          ],
        },
      },
    )
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    const [small, large] = body.data?.stress ?? []
    expect(small?.liquidatedCount).toBe(0)
    expect(large?.liquidatedCount).toBe(2)
    expect(large?.liquidated.map((a) => a.protocol).sort()).toEqual(['binance-usdm', 'bybit-linear'])
    expect(large?.liquidated.every((a) => a.declared)).toBe(true)
  })

  it('simulate: moving BTC to the Binance liquidation price brings equity to maintenance margin', async () => {
    const { body } = await post<{ simulate: { marginAccounts: Account[] } }>(
      `query ($d: [DeclaredMarginAccountInput!], $c: [ChangeInput!]!) { simulate(declared: $d, changes: $c) { marginAccounts { ${ACCOUNT} } } }`,
      { variables: { d: [binance], c: [{ kind: 'SET_PRICE', underlying: 'BTC', priceUsd: '26316.89' }] } },
    )
    expect(body.errors).toBeUndefined()
    const [account] = body.data?.simulate.marginAccounts ?? []
    expect(Number(account?.equityUsd)).toBeCloseTo(Number(account?.maintenanceMarginUsd), -1)
  })

  it('protect: the Binance book (margin ratio 0.41) to 0.3 by adding USDT or reducing a perp', async () => {
    const { body } = await post<{
      protect: {
        marginAccounts: { status: string; options: { kind: string; after: { marginRatio: { value: string } } }[] }[]
      }
    }>(
      `query ($d: [DeclaredMarginAccountInput!], $t: ProtectTargetInput!) { protect(declared: $d, target: $t) {
        marginAccounts { status options { kind after { marginRatio { value } } } } } }`,
      { variables: { d: [binance], t: { kind: 'MARGIN_RATIO', value: '0.3' } } },
    )
    expect(body.errors).toBeUndefined()
    const [account] = body.data?.protect.marginAccounts ?? []
    expect(account?.status).toBe('ACTIONS')
    expect(account?.options.map((o) => o.kind)).toContain('ADD_COLLATERAL')
    for (const option of account?.options ?? []) expect(Number(option.after.marginRatio.value)).toBeLessThanOrEqual(0.3)
  })

  it('rejects what the rules cannot evaluate with BAD_USER_INPUT', async () => {
    const { body } = await post(
      `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { marginAccounts { totalCount } } }`,
      { variables: { d: [{ ...bybit, perps: [...bybit.perps, bybit.perps[0]] }] } },
    )
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('portfolio margin with the DERIBIT_DOCS preset: the net-short contingency is added, each field overridable', async () => {
    const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')
    const book = (params: Record<string, unknown>) => ({
      name: Object.keys(params).length === 0 ? 'with' : 'without',
      venue: 'deribit',
      prices: [
        { underlying: 'ETH', priceUsd: '3000' },
        { underlying: 'USDC', priceUsd: '1', stable: true },
      ],
      collateral: [{ asset: 'USDC', amount: '60000' }],
      options: [
        { id: 'C', underlying: 'ETH', strike: '3000', expiry, right: 'CALL', size: '-10', impliedVolatility: '0.6' },
        { id: 'P', underlying: 'ETH', strike: '3000', expiry, right: 'PUT', size: '-10', impliedVolatility: '0.6' },
      ],
      params: { preset: 'DERIBIT_DOCS', ...params },
    })
    const { body } = await post<{
      portfolio: { marginAccounts: { nodes: { marginAccountId: string; maintenanceMarginUsd: string }[] } }
    }>(
      `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { marginAccounts { nodes { marginAccountId maintenanceMarginUsd } } } }`,
      { variables: { d: [book({}), book({ netShortOptionContingency: '0' })] } },
    )
    expect(body.errors).toBeUndefined()
    const [withAddOn, without] =
      body.data?.portfolio.marginAccounts.nodes.map((n) => Number(n.maintenanceMarginUsd)) ?? []
    // 20 net short options on one (expiry, strike) × 0.01 ETH × 3,000 USD.
    expect((withAddOn ?? 0) - (without ?? 0)).toBeCloseTo(600, 6)
  })

  it('portfolio margin with an extended table: given in full it raises a far short-call book, given in part it is BAD_USER_INPUT', async () => {
    const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')
    const book = (name: string, params: Record<string, unknown>) => ({
      name,
      venue: 'deribit',
      prices: [
        { underlying: 'BTC', priceUsd: '60000' },
        { underlying: 'USDC', priceUsd: '1', stable: true },
      ],
      collateral: [{ asset: 'USDC', amount: '5000000' }],
      options: [
        { id: 'C', underlying: 'BTC', strike: '120000', expiry, right: 'CALL', size: '-10', impliedVolatility: '0.6' },
      ],
      params: { preset: 'DERIBIT_DOCS', ...params },
    })
    // The support article's example moves; extended_table_factor 1 and the BTC extended_dampener 100000 of the
    // private/pme/simulate response example.
    const extended = {
      extendedPriceMoves: ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5'],
      extendedPnlFraction: '1',
      extendedDampener: '100000',
    }
    const query = `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { marginAccounts { nodes { marginAccountId maintenanceMarginUsd } } } }`
    const { body } = await post<{
      portfolio: { marginAccounts: { nodes: { marginAccountId: string; maintenanceMarginUsd: string }[] } }
    }>(query, { variables: { d: [book('extended', extended), book('standard', {})] } })
    expect(body.errors).toBeUndefined()
    const mm = Object.fromEntries(
      body.data?.portfolio.marginAccounts.nodes.map((n) => [n.marginAccountId, Number(n.maintenanceMarginUsd)]) ?? [],
    )
    // +500 % puts BTC at 360,000, 240,000 through the strike: about 2.4 M USD lost on 10 calls, less the dampener.
    expect(mm['declared:extended']).toBeGreaterThan(2_000_000)
    expect(mm['declared:standard']).toBeLessThan(100_000)
    const partial = await post(query, {
      variables: { d: [book('partial', { extendedPriceMoves: ['5'], extendedPnlFraction: '1' })] },
    })
    expect(partial.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('names the built-in Bybit BTCUSDT table: a 4,000,000 USDT position takes tier 5 (0.71 %, deduction 5,820)', async () => {
    const account = {
      ...bybit,
      name: 'bybit-table',
      marginMode: 'CROSS',
      prices: [
        { underlying: 'BTC', priceUsd: '100000' },
        { underlying: 'USDT', priceUsd: '1', stable: true },
      ],
      collateral: [{ asset: 'USDT', amount: '1000000' }],
      perps: [{ underlying: 'BTC', size: '40', entryPriceUsd: '100000', leverage: '10' }],
      brackets: [{ symbol: 'BTCUSDT', table: 'BYBIT_LINEAR_BTCUSDT_READ_2026_12' }],
    }
    const { body } = await post<{ portfolio: { marginAccounts: { nodes: Account[] } } }>(
      `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { marginAccounts { nodes { ${ACCOUNT} } } } }`,
      { variables: { d: [account] } },
    )
    expect(body.errors).toBeUndefined()
    expect(Number(body.data?.portfolio.marginAccounts.nodes[0]?.maintenanceMarginUsd)).toBe(22580)
  })
})
