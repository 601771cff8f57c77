import { describe, expect, it } from 'vitest'
import { type D, dec } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import {
  computeHyperliquidLiquidationPrice,
  computeHyperliquidMarginTiers,
  computeHyperliquidVenueFigures,
  evaluateHyperliquid,
  type HyperliquidSnapshot,
} from '../../../../src/engine/perps'
import { HEADER, quote, withPrice } from './fixtures'

const TIERS_DOC = 'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers'
const INFO_DOC = 'https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals'

/** |engine − venue| <= one unit of the venue's printed precision. */
function expectWithin(engine: D | null | undefined, venue: string, unit: string) {
  if (!engine) throw new Error(`no value for ${venue}`)
  expect(engine.sub(venue).abs().lte(unit), `${engine.toFixed()} vs ${venue}`).toBe(true)
}
const USD = '0.000001'
const PX = '0.00000001'

function account(overrides: Partial<HyperliquidSnapshot>): HyperliquidSnapshot {
  return {
    ...HEADER,
    venue: 'hyperliquid',
    marginAccountId: 'cross',
    model: 'hyperliquid',
    marginMode: 'cross',
    prices: {},
    rawUsd: '0',
    positions: [],
    params: { assets: {} },
    ...overrides,
  }
}

describe(`margin tiers (${TIERS_DOC})`, () => {
  it('BTC mainnet table: rate = 1 / (2 × max leverage), deduction(1) = 150M × (2.5% − 1.25%)', () => {
    const btc = computeHyperliquidMarginTiers({
      maxLeverage: 40,
      marginTiers: [
        { lowerBound: '0', maxLeverage: 40 },
        { lowerBound: '150000000', maxLeverage: 20 },
      ],
    })
    expect(btc.count).toBe(2)
    expect(btc.rate(0).toString()).toBe('0.0125')
    expect(btc.rate(1).toString()).toBe('0.025')
    expect(btc.deductionUsd(1).toString()).toBe('1875000')
  })

  it('DOGE testnet table 0-20k 10x, 20-100k 5x, >100k 3x: deductions accumulate and MM is continuous', () => {
    const doge = computeHyperliquidMarginTiers({
      maxLeverage: 10,
      marginTiers: [
        { lowerBound: '0', maxLeverage: 10 },
        { lowerBound: '20000', maxLeverage: 5 },
        { lowerBound: '100000', maxLeverage: 3 },
      ],
    })
    expect(doge.deductionUsd(1).toString()).toBe('1000')
    expect(doge.deductionUsd(2).toString()).toBe(
      dec('1000')
        .add(dec('100000').mul(dec('1').div(6).sub('0.1')))
        .toString(),
    )
    for (const [tier, bound] of [
      [1, '20000'],
      [2, '100000'],
    ] as const) {
      const below = dec(bound)
        .mul(doge.rate(tier - 1))
        .sub(doge.deductionUsd(tier - 1))
      const above = dec(bound).mul(doge.rate(tier)).sub(doge.deductionUsd(tier))
      expect(above.sub(below).abs().lte('1e-50')).toBe(true)
    }
  })

  it('a table id below 50 is one tier at the max leverage ("20x max leverage: 2.5%")', () => {
    const flat = computeHyperliquidMarginTiers({ maxLeverage: 20 })
    expect(flat.count).toBe(1)
    expect(flat.rate(0).toString()).toBe('0.025')
  })
})

describe('liquidation price formula (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations)', () => {
  it('liq_price = price − side × margin_available / position_size / (1 − l × side)', () => {
    const long = computeHyperliquidLiquidationPrice({
      priceUsd: dec('100'),
      side: 1,
      positionSize: dec('2'),
      marginAvailableUsd: dec('19.8'),
      maintenanceMarginRate: dec('0.01'),
    })
    expect(long?.toString()).toBe('90') // 100 − 19.8 / 2 / 0.99
    const short = computeHyperliquidLiquidationPrice({
      priceUsd: dec('100'),
      side: -1,
      positionSize: dec('2'),
      marginAvailableUsd: dec('20.2'),
      maintenanceMarginRate: dec('0.01'),
    })
    expect(short?.toString()).toBe('110') // 100 + 20.2 / 2 / 1.01
  })
})

describe(`clearinghouseState example of the docs (${INFO_DOC})`, () => {
  // The documented response: an isolated 0.0335 ETH long (entryPx 2986.3, 20x, maxLeverage 50,
  // rawUsd −95.059824) beside a cross account with 13104.514502 and no positions. The mark price
  // is positionValue / szi = 100.02765 / 0.0335 = 2985.9.
  const prices = { ETH: quote('2985.9') }
  const params = { assets: { ETH: { maxLeverage: 50 } } }
  const cross = account({ prices, params, rawUsd: '13104.514502' })
  const eth = account({
    prices,
    params,
    marginAccountId: 'isolated:ETH',
    marginMode: 'isolated',
    rawUsd: '-95.059824',
    positions: [{ coin: 'ETH', szi: '0.0335', entryPx: '2986.3', leverage: 20 }],
  })
  const figures = computeHyperliquidVenueFigures({ accounts: [cross, eth] })

  it('reproduces marginSummary, crossMarginSummary and crossMaintenanceMarginUsed', () => {
    expectWithin(figures.marginSummary.accountValue, '13109.482328', USD)
    expectWithin(figures.marginSummary.totalMarginUsed, '4.967826', USD)
    expectWithin(figures.marginSummary.totalNtlPos, '100.02765', USD)
    expectWithin(figures.marginSummary.totalRawUsd, '13009.454678', USD)
    expectWithin(figures.crossMarginSummary.accountValue, '13104.514502', USD)
    expectWithin(figures.crossMarginSummary.totalMarginUsed, '0.0', USD)
    expectWithin(figures.crossMarginSummary.totalNtlPos, '0.0', USD)
    expectWithin(figures.crossMaintenanceMarginUsed, '0.0', USD)
  })

  it('reproduces the position: positionValue, unrealizedPnl, returnOnEquity, marginUsed, liquidationPx', () => {
    const [position] = figures.assetPositions
    expectWithin(position?.positionValue, '100.02765', USD)
    expectWithin(position?.unrealizedPnl, '-0.0134', USD)
    expectWithin(position?.returnOnEquity, '-0.0026789', '0.0000001')
    expectWithin(position?.marginUsed, '4.967826', USD)
    // The API derives liquidationPx from its unrounded balance, printed rounded to 1e-6: one micro-USDC
    // of rawUsd moves the price by 1e-6 / (|szi| × (1 − l)) = 1e-6 / (0.0335 × 0.99), so that is the tolerance.
    expectWithin(position?.liquidationPx, '2866.26936529', dec(USD).div(dec('0.0335').mul('0.99')).add(PX).toFixed())
  })

  it('the isolated report: equity = isolated margin, MM = 1% of the position value, not liquidatable', () => {
    const report = evaluateHyperliquid({ snapshot: eth, nowSec: HEADER.asOfSec })
    expect(report.equityUsd.toString()).toBe('4.967826')
    expect(report.maintenanceMarginUsd.toString()).toBe('1.0002765')
    expect(report.initialMarginUsd.toString()).toBe('5.0013825')
    expect(report.liquidatable).toBe(false)
  })
})

describe('a hand-built cross + isolated clearinghouseState', () => {
  // Venue figures derived from the docs' definitions with exact decimals, then printed the way the
  // API prints them (USD to 6 decimals, prices to 8): accountValue = totalRawUsd + Σ szi × markPx,
  // marginUsed = positionValue / leverage (cross) or rawUsd + szi × markPx (isolated), MM per tier,
  // liquidationPx by the liquidation formula with the tier at the liquidation price.
  const fixture = {
    crossMaintenanceMarginUsed: '3554.633163',
    crossMarginSummary: {
      accountValue: '27507.445122',
      totalMarginUsed: '16462.46225',
      totalNtlPos: '98181.415',
      totalRawUsd: '-10080.009878',
    },
    marginSummary: {
      accountValue: '29644.267322',
      totalMarginUsed: '18599.28445',
      totalNtlPos: '112488.014',
      totalRawUsd: '-22249.786678',
    },
    assetPositions: [
      {
        coin: 'BTC',
        liquidationPx: '15468.43941342',
        marginUsed: '1622.71425',
        positionValue: '32454.285',
        unrealizedPnl: '589.095',
        returnOnEquity: '0.369742',
      },
      {
        coin: 'ETH',
        liquidationPx: '5544.3431938',
        marginUsed: '3029.698',
        positionValue: '30296.98',
        unrealizedPnl: '-1085.43',
        returnOnEquity: '-0.3715756',
      },
      {
        coin: 'DOGE',
        liquidationPx: '0.03276847',
        marginUsed: '11810.05',
        positionValue: '35430.15',
        unrealizedPnl: '6058.57',
        returnOnEquity: '0.6188196',
      },
      {
        coin: 'SOL',
        liquidationPx: '123.21641026',
        marginUsed: '2136.8222',
        positionValue: '14306.599',
        unrealizedPnl: '-905.622',
        returnOnEquity: '-0.2976626',
      },
    ],
  }
  const prices = { BTC: quote('61234.5'), ETH: quote('3123.4'), DOGE: quote('0.12345'), SOL: quote('141.23') }
  const params = {
    assets: {
      BTC: {
        maxLeverage: 40,
        marginTiers: [
          { lowerBound: '0', maxLeverage: 40 },
          { lowerBound: '150000000', maxLeverage: 20 },
        ],
      },
      ETH: {
        maxLeverage: 25,
        marginTiers: [
          { lowerBound: '0', maxLeverage: 25 },
          { lowerBound: '100000000', maxLeverage: 15 },
        ],
      },
      DOGE: {
        maxLeverage: 10,
        marginTiers: [
          { lowerBound: '0', maxLeverage: 10 },
          { lowerBound: '20000', maxLeverage: 5 },
          { lowerBound: '100000', maxLeverage: 3 },
        ],
      },
      SOL: { maxLeverage: 20 },
    },
  }
  const cross = account({
    prices,
    params,
    rawUsd: '-10080.009878',
    positions: [
      { coin: 'BTC', szi: '0.53', entryPx: '60123', leverage: 20 },
      { coin: 'ETH', szi: '-9.7', entryPx: '3011.5', leverage: 10 },
      { coin: 'DOGE', szi: '287000', entryPx: '0.10234', leverage: 3 },
    ],
  })
  const sol = account({
    prices,
    params,
    marginAccountId: 'isolated:SOL',
    marginMode: 'isolated',
    rawUsd: '-12169.7768',
    positions: [{ coin: 'SOL', szi: '101.3', entryPx: '150.17', leverage: 5 }],
  })
  const figures = computeHyperliquidVenueFigures({ accounts: [cross, sol] })

  it('reproduces both margin summaries and crossMaintenanceMarginUsed', () => {
    for (const key of ['accountValue', 'totalMarginUsed', 'totalNtlPos', 'totalRawUsd'] as const) {
      expectWithin(figures.marginSummary[key], fixture.marginSummary[key], USD)
      expectWithin(figures.crossMarginSummary[key], fixture.crossMarginSummary[key], USD)
    }
    expectWithin(figures.crossMaintenanceMarginUsed, fixture.crossMaintenanceMarginUsed, USD)
  })

  it('reproduces every position, including DOGE whose liquidation price is two margin tiers down', () => {
    expect(figures.assetPositions.map((p) => p.coin)).toEqual(['BTC', 'ETH', 'DOGE', 'SOL'])
    fixture.assetPositions.forEach((venue, i) => {
      const engine = figures.assetPositions[i]
      expectWithin(engine?.liquidationPx, venue.liquidationPx, PX)
      expectWithin(engine?.marginUsed, venue.marginUsed, USD)
      expectWithin(engine?.positionValue, venue.positionValue, USD)
      expectWithin(engine?.unrealizedPnl, venue.unrealizedPnl, USD)
      expectWithin(engine?.returnOnEquity, venue.returnOnEquity, '0.0000001')
    })
  })

  it('each cross liquidation price brings account value exactly to maintenance margin', () => {
    const report = evaluateHyperliquid({ snapshot: cross, nowSec: HEADER.asOfSec })
    expect(report.liquidatable).toBe(false)
    for (const position of report.positions) {
      if (position.liquidationPrice.kind !== 'price') throw new Error('expected a price')
      const at = evaluateHyperliquid({
        snapshot: withPrice(cross, position.underlying, position.liquidationPrice.priceUsd.toFixed()),
        nowSec: 0,
      })
      expect(at.equityUsd.sub(at.maintenanceMarginUsd).abs().lte('1e-40')).toBe(true)
    }
  })
})

describe('edge cases', () => {
  it('rejects two positions on one coin and an isolated account without exactly one position', () => {
    const positions = [
      { coin: 'ETH', szi: '1', entryPx: '1', leverage: 1 },
      { coin: 'ETH', szi: '2', entryPx: '1', leverage: 1 },
    ]
    const params = { assets: { ETH: { maxLeverage: 50 } } }
    expect(() => evaluateHyperliquid({ snapshot: account({ positions, params }), nowSec: 0 })).toThrow(EngineInputError)
    expect(() => evaluateHyperliquid({ snapshot: account({ marginMode: 'isolated' }), nowSec: 0 })).toThrow(
      EngineInputError,
    )
  })

  it('an over-collateralized cross long has no liquidation price', () => {
    const report = evaluateHyperliquid({
      snapshot: account({
        prices: { ETH: quote('3000') },
        params: { assets: { ETH: { maxLeverage: 25 } } },
        rawUsd: '1000',
        positions: [{ coin: 'ETH', szi: '1', entryPx: '2000', leverage: 5 }],
      }),
      nowSec: 0,
    })
    expect(report.positions[0]?.liquidationPrice).toEqual({ kind: 'none', reason: 'unreachable' })
  })
})
