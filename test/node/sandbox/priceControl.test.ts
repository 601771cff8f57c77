import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoAccount } from '../../harness/demoAccounts'
import { PRICE_CONTROL_PATH, type StartSimulatorsReturnType, startSimulators } from '../../harness/simulators'

let sims: StartSimulatorsReturnType
beforeAll(async () => {
  sims = await startSimulators()
})
afterAll(() => sims.close())

const control = async (base: string, route: string, body?: unknown) => {
  const response = await fetch(`${base}${PRICE_CONTROL_PATH}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe("the simulators' price-control route", () => {
  it('lists, sets and resets Hyperliquid prices, and the venue API answers with them', async () => {
    const before = await control(sims.hyperliquidUrl, '/prices')
    expect(before).toEqual({ status: 200, body: { prices: { BTC: '97000.0', ETH: '3200.5', SOL: '180.25' } } })

    const set = await control(sims.hyperliquidUrl, '/prices', { ETH: '2880.4' })
    expect(set).toEqual({ status: 200, body: { changed: [{ market: 'ETH', before: '3200.5', after: '2880.4' }] } })
    const eth = sims.hyperliquid.state.markets.find((m) => m.name === 'ETH')
    expect(eth).toMatchObject({ markPx: '2880.4', oraclePx: '2880.4', midPx: '2880.4' })
    const response = await fetch(`${sims.hyperliquidUrl}/info`, {
      method: 'POST',
      body: JSON.stringify({ type: 'clearinghouseState', user: demoAccount('everywhere').address }),
    })
    const state = (await response.json()) as { assetPositions: { position: { coin: string; positionValue: string } }[] }
    // 2.5 ETH at the new mark.
    expect(state.assetPositions.find((p) => p.position.coin === 'ETH')?.position.positionValue).toBe('7201.0')

    const reset = await control(sims.hyperliquidUrl, '/reset', {})
    expect(reset.body).toEqual({ changed: [{ market: 'ETH', before: '2880.4', after: '3200.5' }] })
    expect(eth).toMatchObject({ markPx: '3200.5', oraclePx: '3200.5', midPx: '3200.5' })
  })

  it('sets and resets dYdX oracle prices by ticker', async () => {
    const set = await control(sims.dydxIndexerUrl, '/prices', { 'BTC-USD': '50000', 'ETH-USD': '2881.0107' })
    expect(set.body).toEqual({
      changed: [
        { market: 'BTC-USD', before: '97012.34', after: '50000' },
        { market: 'ETH-USD', before: '3201.123', after: '2881.0107' },
      ],
    })
    const markets = (await (await fetch(`${sims.dydxIndexerUrl}/v4/perpetualMarkets`)).json()) as {
      markets: Record<string, { oraclePrice: string }>
    }
    expect(markets.markets['ETH-USD']?.oraclePrice).toBe('2881.0107')
    await control(sims.dydxIndexerUrl, '/reset', {})
    expect((await control(sims.dydxIndexerUrl, '/prices')).body).toEqual({
      prices: { 'BTC-USD': '97012.34', 'ETH-USD': '3201.123', 'SOL-USD': '180.2012' },
    })
  })

  it('changes nothing on an unknown market or a price that is not a positive decimal', async () => {
    for (const body of [{ ETH: '2000', DOGE: '1' }, { ETH: '-1' }, { ETH: 2000 }, { ETH: '0' }, 'not json', [1]]) {
      const answer = await control(sims.hyperliquidUrl, '/prices', body)
      expect(answer.status).toBe(400)
      expect(answer.body.error).toEqual(expect.any(String))
    }
    expect((await control(sims.hyperliquidUrl, '/prices')).body).toEqual({
      prices: { BTC: '97000.0', ETH: '3200.5', SOL: '180.25' },
    })
    expect((await control(sims.hyperliquidUrl, '/nothing')).status).toBe(404)
  })

  it('is neither failed by a simulated outage nor counted as a venue request', async () => {
    sims.dydx.resetCounts()
    sims.dydx.fail({ status: 503 })
    try {
      expect((await control(sims.dydxIndexerUrl, '/prices')).status).toBe(200)
      expect((await fetch(`${sims.dydxIndexerUrl}/v4/height`)).status).toBe(503)
    } finally {
      sims.dydx.fail(null)
    }
    expect(sims.dydx.requestCount()).toBe(1)
  })
})
