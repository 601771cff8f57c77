import { describe, expect, it } from 'vitest'
import { D, dec } from '../../../../src/engine/decimal'
import { evaluateMarginAccount } from '../../../../src/engine/evaluateMarginAccount'
import { SolventError } from '../../../../src/errors/base'
import { decodeHyperliquidMarket } from '../../../../src/protocols/hyperliquid/decodeHyperliquidMarket'
import { decodeHyperliquidState } from '../../../../src/protocols/hyperliquid/decodeHyperliquidState'

const user = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'

/** `metaAndAssetCtxs`: BTC on a tiered table (56), ETH on a single-tier id (50x). */
const metaAndAssetCtxs = [
  {
    universe: [
      { szDecimals: 5, name: 'BTC', maxLeverage: 40, marginTableId: 56 },
      { szDecimals: 4, name: 'ETH', maxLeverage: 50, marginTableId: 50 },
    ],
    marginTables: [
      [
        56,
        {
          description: 'tiered 40x',
          marginTiers: [
            { lowerBound: '0.0', maxLeverage: 40 },
            { lowerBound: '150000000.0', maxLeverage: 20 },
          ],
        },
      ],
      [50, { description: '', marginTiers: [{ lowerBound: '0.0', maxLeverage: 50 }] }],
    ],
    collateralToken: 0,
  },
  [
    {
      funding: '0.0000125',
      openInterest: '100.0',
      prevDayPx: '96000.0',
      dayNtlVlm: '1.0',
      premium: '0.0',
      oraclePx: '97010.0',
      markPx: '97000.0',
      midPx: '97000.5',
      impactPxs: ['97000.0', '97001.0'],
    },
    {
      funding: '0.0000125',
      openInterest: '100.0',
      prevDayPx: '2900.0',
      dayNtlVlm: '1.0',
      premium: '0.0',
      oraclePx: '2986.0',
      markPx: '2985.9',
      midPx: '2985.95',
      impactPxs: ['2985.9', '2986.0'],
    },
  ],
]

/**
 * The documented example (isolated ETH) plus a cross BTC long; the cross summary is consistent:
 * accountValue = totalRawUsd + 0.01 × 97000.
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
 */
const clearinghouseState = {
  assetPositions: [
    {
      position: {
        coin: 'ETH',
        cumFunding: { allTime: '514.085417', sinceChange: '0.0', sinceOpen: '0.0' },
        entryPx: '2986.3',
        leverage: { rawUsd: '-95.059824', type: 'isolated', value: 20 },
        liquidationPx: '2866.26936529',
        marginUsed: '4.967826',
        maxLeverage: 50,
        positionValue: '100.02765',
        returnOnEquity: '-0.0026789',
        szi: '0.0335',
        unrealizedPnl: '-0.0134',
      },
      type: 'oneWay',
    },
    {
      position: {
        coin: 'BTC',
        cumFunding: { allTime: '0.0', sinceChange: '0.0', sinceOpen: '0.0' },
        entryPx: '95000.0',
        leverage: { type: 'cross', value: 10 },
        liquidationPx: null,
        marginUsed: '97.0',
        maxLeverage: 40,
        positionValue: '970.0',
        returnOnEquity: '0.21052',
        szi: '0.01',
        unrealizedPnl: '20.0',
      },
      type: 'oneWay',
    },
  ],
  crossMaintenanceMarginUsed: '12.125',
  crossMarginSummary: {
    accountValue: '14074.514502',
    totalMarginUsed: '97.0',
    totalNtlPos: '970.0',
    totalRawUsd: '13104.514502',
  },
  marginSummary: {
    accountValue: '14079.482328',
    totalMarginUsed: '101.967826',
    totalNtlPos: '1070.02765',
    totalRawUsd: '13009.454678',
  },
  time: 1708622398623,
  withdrawable: '13977.514502',
}

const market = decodeHyperliquidMarket({ raw: metaAndAssetCtxs })

describe('decodeHyperliquidMarket', () => {
  it('takes tiers from tables 50 and up and mark prices from the asset contexts', () => {
    expect(market.assets.BTC).toEqual({
      maxLeverage: 40,
      marginTiers: [
        { lowerBound: '0.0', maxLeverage: 40 },
        { lowerBound: '150000000.0', maxLeverage: 20 },
      ],
      index: 0,
      szDecimals: 5,
    })
    expect(market.markPx).toEqual({ BTC: '97000.0', ETH: '2985.9' })
  })

  it('refuses a universe that names an unlisted table, or an answer of the wrong shape', () => {
    const [meta, ctxs] = metaAndAssetCtxs as [{ marginTables: unknown[] }, unknown]
    expect(() => decodeHyperliquidMarket({ raw: [{ ...meta, marginTables: [] }, ctxs] })).toThrow(SolventError)
    expect(() => decodeHyperliquidMarket({ raw: { universe: [] } })).toThrow(/unexpected format/)
  })
})

describe('decodeHyperliquidState', () => {
  const snapshots = decodeHyperliquidState({ user, raw: clearinghouseState, market })

  it('yields the cross account and one account per isolated position', () => {
    expect(snapshots.map((s) => s.snapshot.marginAccountId)).toEqual(['cross', 'isolated:ETH'])
    const [cross, isolated] = snapshots
    expect(cross?.snapshot).toMatchObject({
      venue: 'hyperliquid',
      account: user,
      asOfSec: 1708622398,
      marginMode: 'cross',
      rawUsd: '13104.514502',
      positions: [{ coin: 'BTC', szi: '0.01', entryPx: '95000.0', leverage: 10 }],
    })
    expect(cross?.venueReported).toEqual({
      accountValue: '14074.514502',
      totalMarginUsed: '97.0',
      totalNtlPos: '970.0',
      totalRawUsd: '13104.514502',
      crossMaintenanceMarginUsed: '12.125',
      withdrawable: '13977.514502',
    })
    expect(isolated?.snapshot).toMatchObject({ marginMode: 'isolated', rawUsd: '-95.059824' })
    expect(isolated?.snapshot.prices).toMatchObject({
      ETH: { priceUsd: '2985.9', class: 'crypto', timestampSec: 1708622398 },
      USDC: { priceUsd: '1', class: 'stable' },
    })
    expect(isolated?.venueReported).toMatchObject({ accountValue: '4.967826', 'liquidationPx:ETH': '2866.26936529' })
  })

  it('evaluates to the venue figures: account values, margins and the documented liquidation price', () => {
    const [cross, isolated] = snapshots.map((s) => evaluateMarginAccount({ snapshot: s.snapshot, nowSec: 0 }))
    expect(cross?.equityUsd.toFixed()).toBe('14074.514502')
    expect(cross?.initialMarginUsd.toFixed()).toBe('97')
    expect(cross?.maintenanceMarginUsd.toFixed()).toBe('12.125')
    expect(isolated?.equityUsd.toFixed()).toBe('4.967826')
    const liq = isolated?.positions[0]?.liquidationPrice
    if (liq?.kind !== 'price') throw new Error('expected a liquidation price')
    // One micro-USDC of balance moves it by 1e-6 / (0.0335 × 0.99) ≈ 3e-5.
    expect(liq.priceUsd.sub('2866.26936529').abs().lte(new D('0.000001').div('0.033165'))).toBe(true)
    expect(dec('2866.26936529').gt(0)).toBe(true)
  })

  it('leaves out zero-size positions and yields nothing for an empty account', () => {
    const empty = {
      ...clearinghouseState,
      assetPositions: [],
      crossMarginSummary: { accountValue: '0.0', totalMarginUsed: '0.0', totalNtlPos: '0.0', totalRawUsd: '0.0' },
    }
    expect(decodeHyperliquidState({ user, raw: empty, market })).toEqual([])
    const closed = structuredClone(clearinghouseState)
    for (const p of closed.assetPositions) p.position.szi = '0.0'
    expect(decodeHyperliquidState({ user, raw: closed, market }).map((s) => s.snapshot.marginAccountId)).toEqual([
      'cross',
    ])
  })

  it('refuses answers that are not the documented shape with UPSTREAM_UNAVAILABLE', () => {
    const cases: unknown[] = [
      null,
      { ...clearinghouseState, crossMarginSummary: undefined },
      { ...clearinghouseState, withdrawable: 13977.5 },
      { ...clearinghouseState, assetPositions: [{ position: { coin: 'ETH', szi: 1 } }] },
      {
        ...clearinghouseState,
        assetPositions: [{ position: { ...clearinghouseState.assetPositions[1]?.position, coin: 'DOGE' } }],
      },
    ]
    for (const raw of cases) {
      let error: unknown
      try {
        decodeHyperliquidState({ user, raw, market })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(SolventError)
      expect((error as SolventError).code).toBe('UPSTREAM_UNAVAILABLE')
    }
  })
})
