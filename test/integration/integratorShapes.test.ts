/**
 * Shapes an integrator cannot misuse, on the local sandbox: byProtocol rows that sum, any address
 * kind through `account`, filters that say when they select nothing, and what-if repays of stable
 * debt that state where their funds came from.
 */
import { describe, expect, it } from 'vitest'
import { D } from '../../src/engine/decimal'
import { demoAccount } from '../harness/demoAccounts'
import { codes, postWith } from '../helpers/graphql'

const everywhere = demoAccount('everywhere')
const dydxAddress = everywhere.dydxAddress ?? ''

type Totals = { equityUsd: string; maintenanceMarginUsd: string; marginAccountCount: number }
type ProtocolRow = Totals & { protocol: string; chains: (Totals & { chainId: number })[] }
type Warning = {
  code: string
  message: string
  protocol: string | null
  chainId: number | null
  address: string | null
}

const TOTALS = 'equityUsd maintenanceMarginUsd marginAccountCount'
const WARNINGS = 'warnings { code message protocol chainId address }'
const sumOf = (values: readonly string[]) => values.reduce((total, value) => total.add(value), new D(0))
/**
 * Each printed figure is rounded on its own to 8 decimals (half to even), so n printed parts sum to the
 * printed total within n units of the last place, never more: the exact figures sum exactly.
 */
function expectSumsTo(parts: readonly string[], total: string) {
  const difference = sumOf(parts).sub(total).abs()
  expect(difference.lte(new D('1e-8').mul(parts.length)), `${sumOf(parts).toFixed()} vs ${total}`).toBe(true)
}

describe('byProtocol', () => {
  it('gives one row per protocol whose totals equal the sum of its chains, and rows that sum to the whole', async () => {
    const { body } = await postWith<{
      portfolio: { summary: Totals & { byProtocol: ProtocolRow[] } }
    }>(
      {},
      `query ($a: [String!]!) { portfolio(addresses: $a, maxAgeSeconds: 0) { summary { ${TOTALS}
        byProtocol { protocol ${TOTALS} chains { chainId ${TOTALS} } } } } }`,
      { a: [everywhere.address, dydxAddress] },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const summary = body.data?.portfolio.summary
    const rows = summary?.byProtocol ?? []
    expect(rows.map((row) => row.protocol)).toEqual(['aave-v3', 'dydx-v4', 'hyperliquid'])
    for (const row of rows) {
      if (row.protocol !== 'aave-v3') {
        expect(row.chains).toEqual([])
        continue
      }
      expect(row.chains.map((chain) => chain.chainId)).toEqual([31337, 31338])
      expectSumsTo(
        row.chains.map((chain) => chain.equityUsd),
        row.equityUsd,
      )
      expectSumsTo(
        row.chains.map((chain) => chain.maintenanceMarginUsd),
        row.maintenanceMarginUsd,
      )
      expect(row.chains.reduce((count, chain) => count + chain.marginAccountCount, 0)).toBe(row.marginAccountCount)
    }
    // Summing the rows, as an integrator will, gives the summary's totals: nothing is counted twice.
    expectSumsTo(
      rows.map((row) => row.equityUsd),
      summary?.equityUsd ?? 'NaN',
    )
    expect(rows.reduce((count, row) => count + row.marginAccountCount, 0)).toBe(summary?.marginAccountCount)
  })
})

describe('account takes every address kind Solvent reads', () => {
  it('reads the demo’s dYdX subaccount through account', async () => {
    const { body } = await postWith<{
      account: {
        address: string
        summary: { equityUsd: string; byProtocol: ProtocolRow[] }
        marginAccounts: { nodes: { protocol: string; model: string; account: string }[] }
        sources: { protocol: string; status: string; account: string }[]
        warnings: Warning[]
      }
    }>(
      {},
      `query ($a: String!) { account(address: $a, maxAgeSeconds: 0) { address summary { equityUsd byProtocol { protocol ${TOTALS} chains { chainId } } }
        marginAccounts { nodes { protocol model account } } sources { protocol status account } ${WARNINGS} } }`,
      { a: dydxAddress.toUpperCase() },
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const account = body.data?.account
    expect(account?.address).toBe(dydxAddress)
    expect(account?.sources).toEqual([{ protocol: 'dydx-v4', status: 'OK', account: dydxAddress }])
    expect(account?.marginAccounts.nodes.length).toBeGreaterThan(0)
    for (const node of account?.marginAccounts.nodes ?? [])
      expect(node).toMatchObject({ protocol: 'dydx-v4', model: 'dydx-v4' })
    expect(account?.summary.byProtocol.map((row) => row.protocol)).toEqual(['dydx-v4'])
    expect(Number(account?.summary.equityUsd)).toBeGreaterThan(0)
    expect(account?.warnings).toEqual([])
  })
})

describe('filters that select nothing say so', () => {
  it('chains: [1] answers with a warning instead of a silent equity 0', async () => {
    const { status, body } = await postWith<{
      account: { summary: { equityUsd: string; marginAccountCount: number }; sources: unknown[]; warnings: Warning[] }
    }>(
      {},
      `query ($a: String!) { account(address: $a, chains: [1]) { summary { equityUsd marginAccountCount } sources { protocol } ${WARNINGS} } }`,
      { a: everywhere.address },
    )
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(body.data?.account.sources).toEqual([])
    expect(body.data?.account.warnings).toEqual([
      {
        code: 'NO_SOURCE_SELECTED',
        message: 'No venue this deployment reads runs on chain 1.',
        protocol: null,
        chainId: 1,
        address: null,
      },
      {
        code: 'NO_SOURCE_SELECTED',
        message: `Nothing is read for ${everywhere.address}: the filters leave out every venue that reads it (aave-v3, hyperliquid).`,
        protocol: null,
        chainId: null,
        address: everywhere.address,
      },
    ])
  })

  it('names a protocol that does not read the address kind, in portfolio, simulate and stress alike', async () => {
    const filters = { a: [everywhere.address, dydxAddress], p: ['hyperliquid', 'dydx-v4'], c: [31337] }
    const { body } = await postWith<{
      portfolio: { warnings: Warning[] }
      simulate: { warnings: Warning[] }
      stress: { warnings: Warning[] }[]
    }>(
      {},
      `query ($a: [String!]!, $p: [ID!], $c: [ChainId!]) {
        portfolio(addresses: $a, protocols: $p, chains: $c) { ${WARNINGS} }
        simulate(addresses: $a, protocols: $p, chains: $c, changes: []) { ${WARNINGS} }
        stress(addresses: $a, protocols: $p, chains: $c) { ${WARNINGS} } }`,
      filters,
    )
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const warnings = body.data?.portfolio.warnings ?? []
    expect(warnings.map((w) => [w.chainId, w.protocol, w.address])).toEqual([
      [31337, null, null],
      [null, 'hyperliquid', null],
      [null, 'dydx-v4', null],
      [null, null, everywhere.address],
      [null, null, dydxAddress],
    ])
    expect(warnings[0]?.message).toBe('None of the selected protocols runs on chain 31337 (aave-v3 does).')
    expect(warnings[1]?.message).toBe(
      'Protocol hyperliquid is not on an EVM chain, so the chains filter leaves it out.',
    )
    expect(body.data?.simulate.warnings).toEqual(warnings)
    for (const result of body.data?.stress ?? []) expect(result.warnings).toEqual(warnings)
  })

  it('still refuses an unknown protocol id', async () => {
    const { body } = await postWith(
      {},
      'query ($a: String!) { account(address: $a, protocols: ["aave-v2"]) { address } }',
      {
        a: everywhere.address,
      },
    )
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })
})

type Funding = { change: number; source: string; asset: string; amount: string; valueUsd: string }
type Simulation = {
  before: { equityUsd: string }
  after: { equityUsd: string }
  marginAccounts: { id: string; positions: { id: string; size: string }[] }[]
  funding: Funding[]
  externalFundsUsd: string
}

describe('simulate repays stable debt and states where the funds come from', () => {
  const SIMULATION = `before { equityUsd } after { equityUsd } marginAccounts { id positions { id size } } funding { change source asset amount valueUsd } externalFundsUsd`

  /** The everywhere account's Aave margin account on chain A: 1 WBTC supplied, WETH variable and USDC stable debt. */
  async function chainA(): Promise<{ id: string; usdcOwed: D }> {
    const { body } = await postWith<{
      account: { marginAccounts: { nodes: { id: string; positions: { id: string; size: string }[] }[] } }
    }>(
      {},
      'query ($a: String!) { account(address: $a, protocols: ["aave-v3"], chains: [31337], maxAgeSeconds: 0) { marginAccounts { nodes { id positions { id size } } } } }',
      { a: everywhere.address },
    )
    const node = body.data?.account.marginAccounts.nodes[0]
    const usdc = node?.positions.find((position) => position.id === 'debt:USDC')
    if (!node || !usdc) throw new Error(`No USDC debt on chain A: ${JSON.stringify(body)}`)
    return { id: node.id, usdcOwed: new D(usdc.size).neg() }
  }

  const simulate = (changes: Record<string, unknown>[]) =>
    postWith<{ simulate: Simulation }>(
      {},
      `query ($a: [String!]!, $c: [ChangeInput!]!) { simulate(addresses: $a, protocols: ["aave-v3"], chains: [31337], changes: $c) { ${SIMULATION} } }`,
      { a: [everywhere.address], c: changes },
    )

  it('repays stable USDC debt with outside money: equity rises by the amount, and the answer says so', async () => {
    const { id, usdcOwed } = await chainA()
    expect(usdcOwed.gte(1000)).toBe(true) // seeded as 1,000 USDC at the stable rate, plus interest
    const { body } = await simulate([{ kind: 'REPAY', marginAccount: id, asset: 'USDC', amount: '500' }])
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const simulation = body.data?.simulate
    expect(simulation?.funding).toEqual([
      { change: 0, source: 'EXTERNAL', asset: 'USDC', amount: '500', valueUsd: '500' },
    ])
    expect(simulation?.externalFundsUsd).toBe('500')
    const raised = new D(simulation?.after.equityUsd ?? '0').sub(simulation?.before.equityUsd ?? '0')
    expect(raised.toFixed()).toBe('500')
    const debt = simulation?.marginAccounts[0]?.positions.find((position) => position.id === 'debt:USDC')
    expect(new D(debt?.size ?? '0').neg().lt(usdcOwed.sub(499))).toBe(true)
  })

  it('repays it from the WBTC collateral: equity unchanged at unchanged prices, the WBTC withdrawn stated', async () => {
    const { id } = await chainA()
    const { body } = await simulate([
      {
        kind: 'REPAY',
        marginAccount: id,
        asset: 'USDC',
        amount: '500',
        interestRateMode: 'STABLE',
        fundedFrom: 'WBTC',
      },
    ])
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const simulation = body.data?.simulate
    const [funding] = simulation?.funding ?? []
    expect(funding).toMatchObject({ change: 0, source: 'COLLATERAL', asset: 'WBTC' })
    expect(new D(funding?.valueUsd ?? '0').gte(500)).toBe(true)
    expect(simulation?.externalFundsUsd).toBe('0')
    // Unchanged but for rounding the WBTC up to whole satoshis and the Pool's ray rounding: under 2 satoshis' worth.
    const change = new D(simulation?.after.equityUsd ?? '0').sub(simulation?.before.equityUsd ?? '0')
    const wbtc = simulation?.marginAccounts[0]?.positions.find((position) => position.id === 'collateral:WBTC')
    expect(wbtc).toBeDefined()
    expect(change.abs().lte(new D(funding?.valueUsd ?? '0').div(funding?.amount ?? '1').mul('2e-8'))).toBe(true)
  })

  it('refuses a repay of more than is owed, and of a debt kind the account does not have', async () => {
    const { id, usdcOwed } = await chainA()
    const tooMuch = await simulate([
      { kind: 'REPAY', marginAccount: id, asset: 'USDC', amount: usdcOwed.add(1).toFixed() },
    ])
    expect(codes(tooMuch.body)).toEqual(['BAD_USER_INPUT'])
    expect(tooMuch.body.errors?.[0]?.message).toContain('than is borrowed at the stable rate')
    const variable = await simulate([
      { kind: 'REPAY', marginAccount: id, asset: 'USDC', amount: '1', interestRateMode: 'VARIABLE' },
    ])
    expect(codes(variable.body)).toEqual(['BAD_USER_INPUT'])
    expect(variable.body.errors?.[0]?.message).toContain('no variable USDC debt')
    const misplaced = await simulate([
      { kind: 'BORROW', marginAccount: id, asset: 'USDC', amount: '1', fundedFrom: 'WBTC' },
    ])
    expect(codes(misplaced.body)).toEqual(['BAD_USER_INPUT'])
  })
})
