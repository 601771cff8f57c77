/**
 * The positions API end to end on the local sandbox: two anvil chains with the real Aave v3
 * market, the Hyperliquid and dYdX simulators, the demo accounts (test/harness/demoAccounts.ts).
 */
import { describe, expect, it } from 'vitest'
import { demoAccount } from '../harness/demoAccounts'
import { codes, postWith } from '../helpers/graphql'

const everywhere = demoAccount('everywhere')
const nearLiquidation = demoAccount('near-liquidation')

const SOURCES = `sources { protocol chainId market account status errorCode reasons { code } ageSeconds latencyMs
  blockNumber blockTimestamp asOf computedAt marginAccountCount }`
const MARGIN_ACCOUNT = `id protocol chainId model stale equityUsd maintenanceMarginUsd liquidatable
  marginRatio { kind value } healthFactor { kind value } venueReported { name venue computed diverges }
  positions { kind underlying size liquidationPrice { priceUsd reason } }`

type Source = {
  protocol: string
  chainId: number | null
  status: string
  errorCode: string | null
  reasons: { code: string }[]
  ageSeconds: number | null
  blockNumber: string | null
  blockTimestamp: string | null
  asOf: string | null
  computedAt: string | null
  latencyMs: number | null
  marginAccountCount: number
}
type MarginAccount = {
  id: string
  protocol: string
  chainId: number | null
  model: string
  stale: boolean
  equityUsd: string
  liquidatable: boolean
  healthFactor: { kind: string; value: string | null } | null
  venueReported: { name: string; venue: string; computed: string | null; diverges: boolean }[]
}
type AccountData = {
  account: {
    address: string
    summary: {
      complete: boolean
      missingSources: { protocol: string; chainId: number | null }[]
      equityUsd: string | null
      nearestToLiquidation: { id: string } | null
      byProtocol: {
        protocol: string
        equityUsd: string
        maintenanceMarginUsd: string
        marginAccountCount: number
        chains: { chainId: number; equityUsd: string; maintenanceMarginUsd: string; marginAccountCount: number }[]
      }[]
    }
    marginAccounts: { nodes: MarginAccount[] }
    sources: Source[]
  }
}

const TOTALS = 'equityUsd maintenanceMarginUsd marginAccountCount'
const accountQuery = `query ($a: String!, $m: Int) { account(address: $a, maxAgeSeconds: $m) {
  address summary { complete missingSources { protocol chainId } equityUsd nearestToLiquidation { id } byProtocol { protocol ${TOTALS} chains { chainId ${TOTALS} } } }
  marginAccounts { nodes { ${MARGIN_ACCOUNT} } } ${SOURCES} } }`

const askAccount = (address: string, maxAgeSeconds: number, vars: Partial<Env> = {}) =>
  postWith<AccountData>(vars, accountQuery, { a: address, m: maxAgeSeconds })

describe('account on the sandbox', () => {
  it('reads Aave v3 on both chains and Hyperliquid in one query', async () => {
    const { status, body } = await askAccount(everywhere.address.toLowerCase(), 0)
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    const account = body.data?.account
    expect(account?.address).toBe(everywhere.address)
    const okSources = account?.sources.filter((s) => s.status === 'OK').map((s) => `${s.protocol}:${s.chainId ?? ''}`)
    expect(okSources).toEqual(expect.arrayContaining(['aave-v3:31337', 'aave-v3:31338', 'hyperliquid:']))
    const models = account?.marginAccounts.nodes.map((m) => `${m.model}:${m.chainId ?? ''}`)
    expect(models).toEqual(expect.arrayContaining(['aave-v3:31337', 'aave-v3:31338', 'hyperliquid:']))
    for (const node of account?.marginAccounts.nodes ?? []) {
      expect(node.stale).toBe(false)
      if (node.model === 'aave-v3') expect(node.healthFactor?.kind).toBe('FINITE')
    }
    // The per-protocol lookup: one Aave v3 row, its chains nested; Hyperliquid is on no chain.
    const rows = account?.summary.byProtocol ?? []
    expect(rows.map((row) => [row.protocol, row.chains.map((chain) => chain.chainId)])).toEqual([
      ['aave-v3', [31337, 31338]],
      ['hyperliquid', []],
    ])
  })

  it('shows Hyperliquid’s own figures next to the engine’s, without divergence', async () => {
    const { body } = await askAccount(everywhere.address, 60)
    const hyperliquid = body.data?.account.marginAccounts.nodes.filter((m) => m.protocol === 'hyperliquid') ?? []
    expect(hyperliquid.length).toBeGreaterThanOrEqual(2) // cross and an isolated position
    const cross = hyperliquid.find((m) => m.id.endsWith(':cross'))
    const accountValue = cross?.venueReported.find((f) => f.name === 'accountValue')
    expect(accountValue?.computed).not.toBeNull()
    expect(cross?.venueReported.filter((f) => f.diverges)).toEqual([])
  })

  it('serves fresh sources from the D1 cache and refreshes with maxAgeSeconds 0', async () => {
    await askAccount(everywhere.address, 0)
    const cached = await askAccount(everywhere.address, 300)
    for (const source of cached.body.data?.account.sources ?? []) {
      expect(source.latencyMs).toBeNull()
      expect(source.ageSeconds).not.toBeNull()
    }
    const fresh = await askAccount(everywhere.address, 0)
    for (const source of fresh.body.data?.account.sources ?? []) {
      expect(source.latencyMs).not.toBeNull()
      // The data's own age (the request's clock − the block or venue time), never negative.
      expect(source.ageSeconds).toBeGreaterThanOrEqual(0)
      expect(source.status).toBe('OK')
    }
  })

  it('serves the last snapshots marked stale when a venue fails, and keeps the rest of the answer', async () => {
    await askAccount(nearLiquidation.address, 0)
    const { status, body } = await askAccount(nearLiquidation.address, 0, { HYPERLIQUID_API_URL: 'http://127.0.0.1:9' })
    expect(status).toBe(200)
    const sources = body.data?.account.sources ?? []
    expect(sources.find((s) => s.protocol === 'hyperliquid')).toMatchObject({
      status: 'STALE',
      errorCode: 'UPSTREAM_UNAVAILABLE',
      reasons: [{ code: 'REFRESH_FAILED' }],
    })
    expect(sources.filter((s) => s.protocol === 'aave-v3').every((s) => s.status === 'OK')).toBe(true)
    const hyperliquid = body.data?.account.marginAccounts.nodes.find((m) => m.protocol === 'hyperliquid')
    expect(hyperliquid?.stale).toBe(true)
  })

  it('reports an error for a source that never answered, never a failed request', async () => {
    const stranger = '0x00000000000000000000000000000000000000aa'
    const { status, body } = await askAccount(stranger, 0, { HYPERLIQUID_API_URL: 'http://127.0.0.1:9' })
    expect(status).toBe(200)
    expect(body.data?.account.sources.find((s) => s.protocol === 'hyperliquid')).toMatchObject({
      status: 'ERROR',
      errorCode: 'UPSTREAM_UNAVAILABLE',
      marginAccountCount: 0,
    })
  })

  it('states the block, its time and the time figures are computed at on every source, and they agree', async () => {
    const { body } = await askAccount(nearLiquidation.address, 0)
    const aave = body.data?.account.sources.filter((s) => s.protocol === 'aave-v3') ?? []
    // One per Aave market: Sandbox on both chains, Origin (v3.6) on chain A.
    expect(aave.length).toBe(3)
    for (const source of aave) {
      expect(source.status).toBe('OK')
      expect(source.blockNumber).toMatch(/^\d+$/)
      expect(source.blockTimestamp).not.toBeNull()
      expect(source.computedAt).toBe(source.blockTimestamp)
      expect(source.asOf).toBe(source.blockTimestamp)
    }
    const hyperliquid = body.data?.account.sources.find((s) => s.protocol === 'hyperliquid')
    expect(hyperliquid?.blockTimestamp).toBeNull()
    expect(hyperliquid?.computedAt).toBe(hyperliquid?.asOf)
  })

  it('with every RPC provider down: the Aave sources are ERROR and the summary says what it lacks, never equity 0', async () => {
    const down = { RPC_URLS: JSON.stringify({ 31337: ['http://127.0.0.1:1'], 31338: ['http://127.0.0.1:1'] }) }
    const stranger = '0x00000000000000000000000000000000000000ab'
    const { status, body } = await askAccount(stranger, 0, { ...down, HYPERLIQUID_API_URL: 'http://127.0.0.1:9' })
    expect(status).toBe(200)
    const account = body.data?.account
    // Three Aave markets (Sandbox on both chains, Origin on chain A) and Hyperliquid.
    expect(account?.sources.map((s) => s.status)).toEqual(['ERROR', 'ERROR', 'ERROR', 'ERROR'])
    expect(account?.summary).toMatchObject({ complete: false, equityUsd: null })
    expect(account?.summary.missingSources.map((s) => `${s.protocol}:${s.chainId ?? ''}`)).toEqual([
      'aave-v3:31337',
      'aave-v3:31337',
      'aave-v3:31338',
      'hyperliquid:',
    ])

    // Hyperliquid answers (it has never seen the address), Aave cannot: still nothing to total.
    const aaveDown = await askAccount(stranger, 0, down)
    expect(aaveDown.body.data?.account.sources.map((s) => s.status)).toEqual(['ERROR', 'ERROR', 'ERROR', 'OK'])
    expect(aaveDown.body.data?.account.summary).toMatchObject({ complete: false, equityUsd: null })
  })

  it('points at the margin account nearest to liquidation', async () => {
    const { body } = await askAccount(nearLiquidation.address, 60)
    const account = body.data?.account
    const nearest = account?.marginAccounts.nodes.find((m) => m.id === account.summary.nearestToLiquidation?.id)
    expect(nearest).toBeDefined()
    // Margin accounts come nearest-first, so the nearest is the first node.
    expect(account?.marginAccounts.nodes[0]?.id).toBe(nearest?.id)
  })
})

describe('portfolio across EVM and dYdX addresses', () => {
  it('reads the dYdX subaccount next to the EVM venues, filtered by protocol and chain', async () => {
    const query = `query ($a: [String!]!, $p: [ID!], $c: [ChainId!]) { portfolio(addresses: $a, protocols: $p, chains: $c, maxAgeSeconds: 0) {
      addresses summary { marginAccountCount exposures { underlying delta } } marginAccounts { nodes { protocol chainId model } } ${SOURCES} } }`
    const all = await postWith<{
      portfolio: { addresses: string[]; marginAccounts: { nodes: { protocol: string }[] } }
    }>({}, query, {
      a: [everywhere.address, everywhere.dydxAddress],
    })
    expect(all.body.errors).toBeUndefined()
    expect(all.body.data?.portfolio.addresses).toEqual([everywhere.address, everywhere.dydxAddress])
    expect(new Set(all.body.data?.portfolio.marginAccounts.nodes.map((n) => n.protocol))).toEqual(
      new Set(['aave-v3', 'hyperliquid', 'dydx-v4']),
    )

    const aaveOnChainB = await postWith<{
      portfolio: { marginAccounts: { nodes: { protocol: string; chainId: number }[] } }
    }>({}, query, {
      a: [everywhere.address, everywhere.dydxAddress],
      p: ['aave-v3'],
      c: [31338],
    })
    expect(aaveOnChainB.body.data?.portfolio.marginAccounts.nodes).toEqual([
      { protocol: 'aave-v3', chainId: 31338, model: 'aave-v3' },
    ])
  })

  it('refuses an address that is neither EVM nor dYdX', async () => {
    const { body } = await postWith({}, 'query ($a: String!) { account(address: $a) { address } }', {
      a: 'osmo1y5crk3j3t3nhylvgjw02nd9let27p6lkx9le25',
    })
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })
})
