import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { D } from '../../../src/engine/decimal'
import { demoAccount } from '../../harness/demoAccounts'
import {
  computeClearinghouseState,
  type StartSimulatorsReturnType,
  seedHyperliquidState,
  startSimulators,
} from '../../harness/simulators/index'

let sims: StartSimulatorsReturnType
beforeAll(async () => {
  sims = await startSimulators()
})
afterAll(() => sims.close())

const info = async (body: unknown) => {
  const response = await fetch(`${sims.hyperliquidUrl}/info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> }
}
const indexer = async (path: string) => {
  const response = await fetch(`${sims.dydxIndexerUrl}${path}`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('hyperliquid simulator', () => {
  it('reproduces the documented clearinghouseState example from its state', () => {
    // The docs' example: 0.0335 ETH isolated long at 20x, entry 2986.3, mark 2985.9, 50x max leverage.
    const state = {
      markets: [
        {
          ...seedHyperliquidState(false).markets[1],
          name: 'ETH',
          maxLeverage: 50,
          marginTableId: 50,
          markPx: '2985.9',
        },
      ],
      marginTables: [],
    } as unknown as Parameters<typeof computeClearinghouseState>[1]
    const answer = computeClearinghouseState(
      {
        crossRawUsd: '13104.514502',
        positions: [
          {
            coin: 'ETH',
            szi: '0.0335',
            entryPx: '2986.3',
            leverage: 20,
            marginMode: 'isolated',
            isolatedRawUsd: '-95.059824',
            cumFunding: { allTime: '514.085417', sinceChange: '0.0', sinceOpen: '0.0' },
          },
        ],
      },
      state,
      1708622398623,
    ) as { assetPositions: { position: Record<string, unknown> }[] } & Record<string, unknown>
    expect(answer).toMatchObject({
      crossMaintenanceMarginUsed: '0.0',
      crossMarginSummary: {
        accountValue: '13104.514502',
        totalMarginUsed: '0.0',
        totalNtlPos: '0.0',
        totalRawUsd: '13104.514502',
      },
      marginSummary: {
        accountValue: '13109.482328',
        totalMarginUsed: '4.967826',
        totalNtlPos: '100.02765',
        totalRawUsd: '13009.454678',
      },
      time: 1708622398623,
      withdrawable: '13104.514502',
    })
    const position = answer.assetPositions[0]?.position
    expect(position).toMatchObject({
      coin: 'ETH',
      entryPx: '2986.3',
      leverage: { rawUsd: '-95.059824', type: 'isolated', value: 20 },
      marginUsed: '4.967826',
      maxLeverage: 50,
      positionValue: '100.02765',
      returnOnEquity: '-0.0026789',
      szi: '0.0335',
      unrealizedPnl: '-0.0134',
    })
    // The docs print 2866.26936529 from unrounded balances; from the printed ones the formula gives
    // 2866.26938: within 1e-6 / (|szi| × (1 − l)) of each other.
    const liq = new D(position?.liquidationPx as string)
    expect(liq.sub('2866.26936529').abs().lte(new D('0.000001').div('0.033165'))).toBe(true)
  })

  it('answers an unknown user with the empty state and a malformed request with 422', async () => {
    const empty = await info({ type: 'clearinghouseState', user: `0x${'12'.repeat(20)}` })
    expect(empty.status).toBe(200)
    expect(empty.json()).toMatchObject({
      marginSummary: { accountValue: '0.0', totalNtlPos: '0.0', totalRawUsd: '0.0', totalMarginUsed: '0.0' },
      crossMaintenanceMarginUsed: '0.0',
      withdrawable: '0.0',
      assetPositions: [],
    })
    for (const bad of ['{not json', { type: 'clearinghouseState', user: '0x12' }, { type: 'nope' }, { user: 'x' }]) {
      const answer = await info(bad)
      expect(answer.status).toBe(422)
      expect(answer.text).toMatch(/^Failed to deserialize the JSON body into the target type/)
    }
  })

  it('keeps its figures consistent: account values add up and maintenance sits below initial margin', async () => {
    const answer = (await info({ type: 'clearinghouseState', user: demoAccount('everywhere').address })).json() as {
      marginSummary: Record<string, string>
      crossMarginSummary: Record<string, string>
      crossMaintenanceMarginUsed: string
      assetPositions: { position: { marginUsed: string; leverage: { type: string; rawUsd?: string } } }[]
    }
    const isolated = answer.assetPositions.filter((p) => p.position.leverage.type === 'isolated')
    const isolatedValue = isolated.reduce((acc, p) => acc.add(p.position.marginUsed), new D(0))
    const isolatedRaw = isolated.reduce((acc, p) => acc.add(p.position.leverage.rawUsd ?? '0'), new D(0))
    expect(new D(answer.crossMarginSummary.accountValue ?? '').add(isolatedValue).toFixed()).toBe(
      new D(answer.marginSummary.accountValue ?? '').toFixed(),
    )
    expect(new D(answer.crossMarginSummary.totalRawUsd ?? '').add(isolatedRaw).toFixed()).toBe(
      new D(answer.marginSummary.totalRawUsd ?? '').toFixed(),
    )
    expect(new D(answer.crossMaintenanceMarginUsed).lt(answer.crossMarginSummary.totalMarginUsed ?? '')).toBe(true)
  })

  it('serves meta, metaAndAssetCtxs and allMids in the documented shapes', async () => {
    const [meta, ctxs] = (await info({ type: 'metaAndAssetCtxs' })).json() as unknown as [
      { universe: { name: string; marginTableId: number }[]; marginTables: [number, unknown][] },
      { markPx: string; oraclePx: string; funding: string; impactPxs: string[] }[],
    ]
    expect(meta.universe.map((u) => u.name)).toEqual(['BTC', 'ETH', 'SOL'])
    expect(ctxs).toHaveLength(3)
    expect(ctxs[0]).toMatchObject({ markPx: '97000.0', impactPxs: expect.any(Array) })
    expect((await info({ type: 'meta' })).json()).toEqual(meta)
    expect((await info({ type: 'allMids' })).json()).toMatchObject({ BTC: '97000.0' })
  })
})

describe('dydx indexer simulator', () => {
  const address = demoAccount('everywhere').dydxAddress ?? ''

  it('serves an address with equity = USDC + Σ size × oracle and free collateral = equity − Σ IM', async () => {
    const { status, body } = await indexer(`/v4/addresses/${address}`)
    expect(status).toBe(200)
    const [sub] = body.subaccounts as {
      equity: string
      freeCollateral: string
      assetPositions: { USDC: { size: string; side: string } }
      openPerpetualPositions: Record<string, { size: string; side: string; unrealizedPnl: string }>
    }[]
    // 5250.123456 + 1.5 × 3201.123 − 0.05 × 97012.34; IM = 5% × (4801.6845 + 4850.617)
    expect(sub?.equity).toBe('5201.190956')
    expect(sub?.freeCollateral).toBe('4718.575881')
    expect(sub?.assetPositions.USDC).toMatchObject({ size: '5250.123456', side: 'LONG' })
    expect(sub?.openPerpetualPositions['BTC-USD']).toMatchObject({
      size: '-0.05',
      side: 'SHORT',
      unrealizedPnl: '49.383',
    })
  })

  it('serves one subaccount, positions and markets; 404 and 400 with the indexer error bodies', async () => {
    expect((await indexer(`/v4/addresses/${address}/subaccountNumber/0`)).body).toMatchObject({ subaccountNumber: 0 })
    expect(await indexer(`/v4/addresses/${address}/subaccountNumber/7`)).toEqual({
      status: 404,
      body: { errors: [{ msg: `No subaccount found with address ${address} and subaccountNumber 7` }] },
    })
    const positions = await indexer(`/v4/perpetualPositions?address=${address}&subaccountNumber=0`)
    expect((positions.body.positions as unknown[]).length).toBe(2)
    const markets = (await indexer('/v4/perpetualMarkets')).body.markets as Record<string, Record<string, unknown>>
    expect(markets['ETH-USD']).toMatchObject({ ticker: 'ETH-USD', initialMarginFraction: '0.05', status: 'ACTIVE' })
    const nobody = 'dydx1qurswpc8qurswpc8qurswpc8qurswpc862f7qk'
    expect(await indexer(`/v4/addresses/${nobody}`)).toEqual({
      status: 404,
      body: { errors: [{ msg: `No subaccounts found for address ${nobody}` }] },
    })
    const invalid = await indexer('/v4/addresses/0xabc')
    expect(invalid.status).toBe(400)
    expect(invalid.body).toMatchObject({ errors: [{ msg: 'address must be a valid dydx address' }] })
  })

  it('counts requests by route and fails on demand', async () => {
    sims.dydx.resetCounts()
    sims.dydx.fail({ status: 500, times: 1 })
    expect((await fetch(`${sims.dydxIndexerUrl}/v4/perpetualMarkets`)).status).toBe(500)
    expect((await fetch(`${sims.dydxIndexerUrl}/v4/perpetualMarkets`)).status).toBe(200)
    expect(sims.dydx.requestCount('perpetualMarkets')).toBe(2)
  })
})
