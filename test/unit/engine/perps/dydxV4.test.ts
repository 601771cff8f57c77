import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import {
  computeDydxInitialMarginFraction,
  computeDydxLiquidationPrice,
  type DydxV4Market,
  type DydxV4Snapshot,
  evaluateDydxV4,
} from '../../../../src/engine/perps'
import { HEADER, quote, withPrice } from './fixtures'

const MARGIN_DOC = 'https://docs.dydx.xyz/concepts/trading/margin'
const LIQUIDATIONS_DOC = 'https://docs.dydx.xyz/concepts/trading/liquidations'

const ETH_USD: DydxV4Market = {
  underlying: 'ETH',
  initialMarginFraction: '0.1',
  maintenanceMarginFraction: '0.05',
  openInterest: '1000',
  openInterestLowerCap: '0',
  openInterestUpperCap: '0',
}
const STRK_USD: DydxV4Market = {
  ...ETH_USD,
  underlying: 'STRK',
  initialMarginFraction: '0.2',
  maintenanceMarginFraction: '0.1',
}

function subaccount(overrides: Partial<DydxV4Snapshot>): DydxV4Snapshot {
  return {
    ...HEADER,
    venue: 'dydx-v4',
    marginAccountId: 'subaccount:0',
    model: 'dydx-v4',
    prices: { ETH: quote('3000'), STRK: quote('1.75') },
    quoteBalance: '0',
    positions: [],
    params: { markets: { 'ETH-USD': ETH_USD, 'STRK-USD': STRK_USD } },
    ...overrides,
  }
}
const evaluate = (s: DydxV4Snapshot) => evaluateDydxV4({ snapshot: s, nowSec: HEADER.asOfSec })

describe(`isolated liquidation price (${LIQUIDATIONS_DOC})`, () => {
  it('formula: deposit 1000, short 3 ETH at 3000, MMF 5% → 10000 / 3.15 ≈ 3174.60', () => {
    const lp = computeDydxLiquidationPrice({
      equityUsd: dec('1000'),
      size: dec('-3'),
      priceUsd: dec('3000'),
      maintenanceMarginFraction: dec('0.05'),
      otherMaintenanceMarginUsd: dec('0'),
    })
    expect(lp?.toDecimalPlaces(2).toFixed(2)).toBe('3174.60')
  })

  it('evaluateDydxV4 on the isolated child subaccount: same price, and equity there is 5% of the notional (≈ 476.2)', () => {
    // Q = 1000 deposited + 9000 from selling 3 ETH at 3000.
    const s = subaccount({
      marginAccountId: 'subaccount:128',
      quoteBalance: '10000',
      positions: [{ market: 'ETH-USD', size: '-3', entryPrice: '3000' }],
    })
    const [eth] = evaluate(s).positions
    if (eth?.liquidationPrice.kind !== 'price') throw new Error('expected a price')
    expect(eth.liquidationPrice.priceUsd.toString()).toBe(dec('10000').div('3.15').toString())
    expect(eth.liquidationPrice.distance.toDecimalPlaces(4).toFixed(4)).toBe('0.0582')
    const atLp = evaluate(withPrice(s, 'ETH', eth.liquidationPrice.priceUsd.toFixed()))
    expect(atLp.equityUsd.toDecimalPlaces(1).toFixed(1)).toBe('476.2')
    expect(atLp.equityUsd.sub(atLp.maintenanceMarginUsd).abs().lte('1e-50')).toBe(true)
  })
})

describe(`cross liquidation price (${LIQUIDATIONS_DOC})`, () => {
  it('formula: e 1000, short 1.5 ETH at 3000, 1000 STRK at 1.75 (MMR_o = 175) → 5325 / 1.575 ≈ 3380.95', () => {
    const lp = computeDydxLiquidationPrice({
      equityUsd: dec('1000'),
      size: dec('-1.5'),
      priceUsd: dec('3000'),
      maintenanceMarginFraction: dec('0.05'),
      otherMaintenanceMarginUsd: dec('175'),
    })
    expect(lp?.toDecimalPlaces(2).toFixed(2)).toBe('3380.95')
  })

  it('evaluateDydxV4 on the cross subaccount of that example', () => {
    // Q = 1000 + 1.5 × 3000 (short) − 1000 × 1.75 (long) = 3750; TNC = 3750 − 4500 + 1750 = 1000.
    const report = evaluate(
      subaccount({
        quoteBalance: '3750',
        positions: [
          { market: 'ETH-USD', size: '-1.5', entryPrice: '3000' },
          { market: 'STRK-USD', size: '1000', entryPrice: '1.75' },
        ],
      }),
    )
    expect(report.equityUsd.toString()).toBe('1000')
    const strk = report.positions.find((p) => p.id === 'perp:STRK-USD')
    expect(strk?.maintenanceMarginUsd.toString()).toBe('175')
    const eth = report.positions.find((p) => p.id === 'perp:ETH-USD')
    if (eth?.liquidationPrice.kind !== 'price') throw new Error('expected a price')
    expect(eth.liquidationPrice.priceUsd.toString()).toBe(dec('5325').div('1.575').toString())
  })
})

describe(`margin (${MARGIN_DOC})`, () => {
  const report = evaluate(
    subaccount({
      quoteBalance: '-2000',
      positions: [
        { market: 'ETH-USD', size: '2', entryPrice: '2900' },
        { market: 'STRK-USD', size: '-1000', entryPrice: '2' },
      ],
    }),
  )

  it('Total Account Value = Q + Σ S × P; IM = Σ |S × P × I|; MM = Σ |S × P × M|; free collateral = TAV − IM', () => {
    expect(report.equityUsd.toString()).toBe('2250') // −2000 + 2 × 3000 − 1000 × 1.75
    expect(report.initialMarginUsd.toString()).toBe('950') // 6000 × 0.1 + 1750 × 0.2
    expect(report.maintenanceMarginUsd.toString()).toBe('475') // 6000 × 0.05 + 1750 × 0.1
    expect(report.freeCollateralUsd.toString()).toBe('1300')
    expect(report.grossNotionalUsd.toString()).toBe('7750')
    expect(report.liquidatable).toBe(false)
    expect(report.positions.map((p) => p.unrealizedPnlUsd.toString())).toEqual(['200', '250'])
  })

  it('liquidatable only when TNC is below the maintenance requirement (not at equality)', () => {
    const s = subaccount({ quoteBalance: '-5700', positions: [{ market: 'ETH-USD', size: '2', entryPrice: '3000' }] })
    // TNC = −5700 + 6000 = 300 = MM (6000 × 0.05)
    expect(evaluate(s).liquidatable).toBe(false)
    expect(evaluate({ ...s, quoteBalance: '-5700.000001' }).liquidatable).toBe(true)
    expect(evaluate({ ...s, quoteBalance: '-5700.000001' }).positions[0]?.liquidationPrice).toEqual({
      kind: 'none',
      reason: 'already-liquidatable',
    })
  })

  it('unsettled funding (size × funding index change) comes off equity', () => {
    const s = subaccount({
      quoteBalance: '-2000',
      positions: [{ market: 'ETH-USD', size: '2', entryPrice: '2900', fundingIndexUsd: '10' }],
      params: { markets: { 'ETH-USD': { ...ETH_USD, fundingIndexUsd: '12.5' } } },
    })
    expect(evaluate(s).equityUsd.toString()).toBe('3995') // −2000 + 6000 − 2 × 2.5
  })
})

describe(`open-interest-based IMF (${MARGIN_DOC})`, () => {
  const imf = (openInterest: string, lower: string, upper: string) =>
    computeDydxInitialMarginFraction({
      initialMarginFraction: dec('0.05'),
      openInterest: dec(openInterest),
      oraclePriceUsd: dec('3000'),
      openInterestLowerCap: dec(lower),
      openInterestUpperCap: dec(upper),
    }).toString()

  it('is the base IMF up to the lower cap, rises linearly to 100% at the upper cap, and stays there', () => {
    expect(imf('100', '500000', '1000000')).toBe('0.05') // 300k open notional
    expect(imf('250', '500000', '1000000')).toBe('0.525') // 750k: 0.05 + 0.5 × 0.95
    expect(imf('400', '500000', '1000000')).toBe('1') // 1.2M
  })

  it('is not scaled when the upper cap is 0', () => {
    expect(imf('1000000', '0', '0')).toBe('0.05')
  })

  it('scales the initial margin of a subaccount, not its maintenance margin', () => {
    const market = { ...ETH_USD, openInterest: '250', openInterestLowerCap: '500000', openInterestUpperCap: '1000000' }
    const report = evaluate(
      subaccount({
        quoteBalance: '-2000',
        positions: [{ market: 'ETH-USD', size: '1', entryPrice: '3000' }],
        params: { markets: { 'ETH-USD': market } },
      }),
    )
    // open notional 750k: IMF 0.1 + 0.5 × 0.9 = 0.55
    expect(report.initialMarginUsd.toString()).toBe('1650')
    expect(report.maintenanceMarginUsd.toString()).toBe('150')
  })
})

describe('edge cases', () => {
  it('no exposure: ratios none; unknown market throws', () => {
    const report = evaluate(subaccount({ quoteBalance: '100' }))
    expect(report.marginRatio).toEqual({ kind: 'none' })
    expect(report.leverage).toEqual({ kind: 'none' })
    expect(() => evaluate(subaccount({ positions: [{ market: 'BTC-USD', size: '1', entryPrice: '1' }] }))).toThrow(
      EngineInputError,
    )
  })
})
