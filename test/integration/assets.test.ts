/**
 * Asset identity end to end on the sandbox: a shock on ETH reaches every ETH-linked asset on every
 * venue (Aave WETH and WSTETH on both chains, Hyperliquid ETH, dYdX ETH-USD), exposures net per
 * underlying, and a name nothing holds is BAD_USER_INPUT.
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../src/engine/decimal'
import { WSTETH_RATE_RAW } from '../harness/chains/deployRateProvider'
import { demoAccount } from '../harness/demoAccounts'
import { codes, postWith } from '../helpers/graphql'

const everywhere = demoAccount('everywhere')
const nearLiquidation = demoAccount('near-liquidation')
const healthy = demoAccount('healthy')

type Asset = {
  symbol: string
  address: string | null
  chainId: number | null
  underlying: string
  exchangeRate: string
  exchangeRateSource: string
  priceUsd: string
}
type Position = { id: string; underlying: string; markPriceUsd: string; delta: string; asset: Asset }
type MarginAccount = { id: string; protocol: string; chainId: number | null; positions: Position[] }
type Exposure = { underlying: string; delta: string; deltaUsd: string }

const POSITIONS = `id protocol chainId positions { id underlying markPriceUsd delta
  asset { symbol address chainId underlying exchangeRate exchangeRateSource priceUsd } }`

/** `protocol:chain:position id` -> position, over every margin account. */
function byKey(accounts: readonly MarginAccount[]): Map<string, Position> {
  return new Map(
    accounts.flatMap((account) =>
      account.positions.map((p) => [`${account.protocol}:${account.chainId ?? ''}:${p.id}`, p] as const),
    ),
  )
}

const ETH_LINKED = [
  'aave-v3:31337:debt:WETH',
  'aave-v3:31338:collateral:WSTETH',
  'aave-v3:31338:debt:WETH',
  'hyperliquid::perp:ETH',
  'dydx-v4::perp:ETH-USD',
]

describe('a shock on ETH', () => {
  it('moves Aave WETH and WSTETH, Hyperliquid ETH and dYdX ETH-USD alike, and nothing else', async () => {
    const addresses = [everywhere.address, everywhere.dydxAddress]
    const before = await postWith<{ portfolio: { marginAccounts: { nodes: MarginAccount[] } } }>(
      {},
      `query ($a: [String!]!) { portfolio(addresses: $a, maxAgeSeconds: 0) { marginAccounts { nodes { ${POSITIONS} } } } }`,
      { a: addresses },
    )
    expect(before.body.errors, JSON.stringify(before.body.errors)).toBeUndefined()
    const after = await postWith<{ simulate: { marginAccounts: MarginAccount[] } }>(
      {},
      `query ($a: [String!]!, $c: [ChangeInput!]!) { simulate(addresses: $a, changes: $c) { marginAccounts { ${POSITIONS} } } }`,
      { a: addresses, c: [{ kind: 'MOVE_PRICE', underlying: 'ETH', move: '-0.4' }] },
    )
    expect(after.body.errors, JSON.stringify(after.body.errors)).toBeUndefined()
    const was = byKey(before.body.data?.portfolio.marginAccounts.nodes ?? [])
    const is = byKey(after.body.data?.simulate.marginAccounts ?? [])

    for (const key of ETH_LINKED) {
      const [p0, p1] = [was.get(key), is.get(key)]
      expect(p0?.underlying, key).toBe('ETH')
      expect(dec(p1?.markPriceUsd ?? 'NaN').eq(dec(p0?.markPriceUsd ?? '0').mul('0.6')), key).toBe(true)
      expect(dec(p1?.asset.priceUsd ?? 'NaN').eq(dec(p0?.asset.priceUsd ?? '0').mul('0.6')), key).toBe(true)
    }
    for (const [key, p0] of was) {
      if (ETH_LINKED.includes(key)) continue
      expect(p0.underlying, key).not.toBe('ETH')
      expect(is.get(key)?.markPriceUsd, key).toBe(p0.markPriceUsd)
    }
  })

  it('names the held asset apart from its underlying: WSTETH at its on-chain rate, priced at the e-mode WETH source', async () => {
    const { body } = await postWith<{ account: { marginAccounts: { nodes: MarginAccount[] } } }>(
      {},
      `query ($a: String!) { account(address: $a, chains: [31338]) { marginAccounts { nodes { ${POSITIONS} } } } }`,
      { a: everywhere.address },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const wsteth = byKey(body.data?.account.marginAccounts.nodes ?? []).get('aave-v3:31338:collateral:WSTETH')
    expect(wsteth?.asset).toMatchObject({
      symbol: 'WSTETH',
      chainId: 31338,
      underlying: 'ETH',
      exchangeRate: dec(WSTETH_RATE_RAW).div('1e18').toFixed(),
      priceUsd: '3400',
    })
    expect(wsteth?.asset.address).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(wsteth?.asset.exchangeRateSource).toMatch(/^stEthPerToken\(\) at 0x/)
    // E-mode (v3.0–3.1) values it at the WETH source, 1:1 with ETH: its delta is its size in ETH.
    expect(wsteth?.markPriceUsd).toBe('3000')
  })

  it('stresses the near-liquidation account on ETH as on WETH: its Aave WETH collateral moves', async () => {
    const { body } = await postWith<{
      stress: { name: string; equityChangeUsd: string; liquidatedCount: number }[]
    }>(
      {},
      `query ($a: [String!]!, $s: [StressScenarioInput!]) { stress(addresses: $a, scenarios: $s) { name equityChangeUsd liquidatedCount } }`,
      {
        a: [nearLiquidation.address],
        s: [
          { name: 'ETH', underlying: 'ETH', move: '-0.4' },
          { name: 'WETH', underlying: 'WETH', move: '-0.4' },
        ],
      },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const [eth, weth] = body.data?.stress ?? []
    expect(dec(eth?.equityChangeUsd ?? '0').lt(0)).toBe(true)
    expect(eth?.equityChangeUsd).toBe(weth?.equityChangeUsd)
    expect(eth?.liquidatedCount).toBeGreaterThanOrEqual(1)
  })
})

describe('exposures per underlying', () => {
  it('nets a WETH long on Aave and an ETH short elsewhere into one ETH row', async () => {
    const hyperliquidShort = {
      name: 'hyperliquid-short',
      venue: 'hyperliquid',
      prices: [
        { underlying: 'ETH', priceUsd: '3000' },
        { underlying: 'USDC', priceUsd: '1', stable: true },
      ],
      collateral: [{ asset: 'USDC', amount: '20000' }],
      perps: [{ underlying: 'ETH', size: '-10', entryPriceUsd: '3000' }],
    }
    const { body } = await postWith<{
      portfolio: { summary: { exposures: Exposure[] }; marginAccounts: { nodes: MarginAccount[] } }
    }>(
      {},
      `query ($a: [String!]!, $d: [DeclaredMarginAccountInput!]) { portfolio(addresses: $a, declared: $d) {
        summary { exposures { underlying delta deltaUsd } } marginAccounts { nodes { ${POSITIONS} } } } }`,
      { a: [healthy.address], d: [hyperliquidShort] },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const exposures = body.data?.portfolio.summary.exposures ?? []
    expect(exposures.map((e) => e.underlying).sort()).toEqual(['ETH', 'USD'])
    const positions = byKey(body.data?.portfolio.marginAccounts.nodes ?? [])
    const wethLong = dec(positions.get('aave-v3:31337:collateral:WETH')?.delta ?? 'NaN')
    expect(wethLong.gte(10)).toBe(true)
    const eth = exposures.find((e) => e.underlying === 'ETH')
    // 10 WETH supplied (plus its interest) − 10 ETH short: the interest is all that is left.
    expect(dec(eth?.delta ?? 'NaN').eq(wethLong.sub(10))).toBe(true)
    expect(
      dec(eth?.delta ?? 'NaN')
        .abs()
        .lt('0.01'),
    ).toBe(true)
  })

  it('lists ETH once across Aave on both chains, Hyperliquid and dYdX', async () => {
    const { body } = await postWith<{
      portfolio: { summary: { exposures: Exposure[] }; marginAccounts: { nodes: MarginAccount[] } }
    }>(
      {},
      `query ($a: [String!]!) { portfolio(addresses: $a) { summary { exposures { underlying delta deltaUsd } } marginAccounts { nodes { ${POSITIONS} } } } }`,
      { a: [everywhere.address, everywhere.dydxAddress] },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const exposures = body.data?.portfolio.summary.exposures ?? []
    const names = exposures.map((e) => e.underlying)
    expect(new Set(names).size).toBe(names.length)
    expect(names).not.toContain('WETH')
    expect(names).not.toContain('WSTETH')
    const positions = [...byKey(body.data?.portfolio.marginAccounts.nodes ?? []).values()]
    const ethDelta = positions.filter((p) => p.underlying === 'ETH').reduce((sum, p) => sum.add(p.delta), dec('0'))
    expect(dec(exposures.find((e) => e.underlying === 'ETH')?.delta ?? 'NaN').eq(ethDelta)).toBe(true)
  })
})

describe('unknown names', () => {
  it('refuses a MOVE_PRICE, SET_PRICE or stress scenario on an underlying nothing holds', async () => {
    const simulate = await postWith(
      {},
      `query ($a: [String!]!, $c: [ChangeInput!]!) { simulate(addresses: $a, changes: $c) { after { equityUsd } } }`,
      { a: [everywhere.address], c: [{ kind: 'MOVE_PRICE', underlying: 'DOGE', move: '-0.4' }] },
    )
    expect(codes(simulate.body)).toEqual(['BAD_USER_INPUT'])
    expect(simulate.body.errors?.[0]?.message).toMatch(/DOGE/)
    const set = await postWith(
      {},
      `query ($a: [String!]!, $c: [ChangeInput!]!) { simulate(addresses: $a, changes: $c) { after { equityUsd } } }`,
      { a: [everywhere.address], c: [{ kind: 'SET_PRICE', underlying: 'DOGE', priceUsd: '0.1' }] },
    )
    expect(codes(set.body)).toEqual(['BAD_USER_INPUT'])
    const stress = await postWith(
      {},
      `query ($a: [String!]!, $s: [StressScenarioInput!]) { stress(addresses: $a, scenarios: $s) { equityChangeUsd } }`,
      { a: [everywhere.address], s: [{ underlying: 'DOGE', move: '-0.4' }] },
    )
    expect(codes(stress.body)).toEqual(['BAD_USER_INPUT'])
  })

  it('accepts a held asset on its own (a USDC depeg) and a held coin with no registry entry (SOL)', async () => {
    const { body } = await postWith<{ simulate: { before: { equityUsd: string }; after: { equityUsd: string } } }>(
      {},
      `query ($a: [String!]!, $c: [ChangeInput!]!) { simulate(addresses: $a, changes: $c) { before { equityUsd } after { equityUsd } } }`,
      {
        a: [everywhere.address],
        c: [
          { kind: 'MOVE_PRICE', underlying: 'USDC', move: '-0.05' },
          { kind: 'MOVE_PRICE', underlying: 'SOL', move: '0.1' },
        ],
      },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    expect(body.data?.simulate.after.equityUsd).not.toBe(body.data?.simulate.before.equityUsd)
  })
})
