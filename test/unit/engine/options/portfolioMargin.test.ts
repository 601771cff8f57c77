/**
 * Portfolio margin (Deribit-style risk matrix): grid sanity, the report's fields, and the
 * liquidation price.
 *
 * @see https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
 *   "the portfolio is stress tested against various scenarios. The worst performing of the tested
 *   scenarios is used to calculate the total margin requirements"; price-move buckets × volatility
 *   range up / same / down.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type D, dec } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import {
  computeBlack76,
  computeBlackScholes,
  computePortfolioMarginScenarios,
  evaluatePortfolioMargin,
  type OptionPosition,
  type PortfolioMarginSnapshot,
} from '../../../../src/engine/options'
import type { PositionRisk } from '../../../../src/engine/types'
import { HEADER, NOW, quote } from './fixtures'

const DERIBIT_PM = 'https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin'

/** −15% … +15% in 21 steps of 1.5%. */
const MOVES = Array.from({ length: 21 }, (_, i) => ((-150 + 15 * i) / 1000).toString())
const SHOCKS = ['-0.3', '-0.15', '0', '0.15', '0.3']
const DAY = 86_400

function snapshot(overrides: Partial<PortfolioMarginSnapshot> = {}): PortfolioMarginSnapshot {
  return {
    ...HEADER,
    model: 'portfolio-margin',
    prices: { ETH: quote('3000'), BTC: quote('60000'), USDC: quote('1', 'stable') },
    collateral: [{ asset: 'USDC', amount: '50000' }],
    options: [],
    params: {
      priceMoves: MOVES,
      volShocks: SHOCKS,
      volShockMode: 'relative',
      imMultiplier: '1.3',
      riskFreeRate: '0.05',
    },
    ...overrides,
  }
}

function option(
  overrides: Partial<OptionPosition> & Pick<OptionPosition, 'strike' | 'right' | 'size'>,
): OptionPosition {
  return {
    id: `ETH-${overrides.strike}-${overrides.right === 'call' ? 'C' : 'P'}`,
    underlying: 'ETH',
    expirySec: NOW + 30 * DAY,
    impliedVolatility: '0.6',
    pricingModel: 'black-scholes',
    ...overrides,
  }
}

const bs = (o: OptionPosition, spot = '3000') =>
  computeBlackScholes({
    right: o.right,
    spot,
    strike: o.strike,
    riskFreeRate: '0.05',
    volatility: o.impliedVolatility ?? '0',
    expirySec: o.expirySec,
    nowSec: NOW,
  })

const positionById = (positions: PositionRisk[], id: string) => {
  const found = positions.find((position) => position.id === id)
  if (!found) throw new Error(`no position ${id}`)
  return found
}

describe(`computePortfolioMarginScenarios (${DERIBIT_PM})`, () => {
  it('revalues on price moves × vol shocks, price-major, with zero P&L in the unshocked cell', () => {
    const straddle = [
      option({ strike: '3000', right: 'call', size: '-10' }),
      option({ strike: '3000', right: 'put', size: '-10' }),
    ]
    const { underlyings } = computePortfolioMarginScenarios({ snapshot: snapshot({ options: straddle }), nowSec: NOW })
    const [eth] = underlyings
    expect(underlyings).toHaveLength(1)
    expect(eth?.scenarios).toHaveLength(21 * 5)
    const center = eth?.scenarios[10 * 5 + 2]
    expect(center?.priceMove.isZero() && center.volShock.isZero() && center.pnlUsd.isZero()).toBe(true)
    expect(eth?.scenarios[0]?.priceUsd.toString()).toBe('2550')
    expect(eth?.scenarios[104]?.priceUsd.toString()).toBe('3450')
  })

  it('puts a short straddle’s worst scenario at the edge of the grid with volatility up', () => {
    const straddle = [
      option({ strike: '3000', right: 'call', size: '-10' }),
      option({ strike: '3000', right: 'put', size: '-10' }),
    ]
    const { underlyings } = computePortfolioMarginScenarios({ snapshot: snapshot({ options: straddle }), nowSec: NOW })
    const worst = underlyings[0]?.worst
    expect(['-0.15', '0.15']).toContain(worst?.priceMove.toString())
    expect(worst?.volShock.toString()).toBe('0.3')
    // The loss is the revaluation difference at that corner, priced independently.
    const shocked = (right: 'call' | 'put') =>
      computeBlackScholes({
        right,
        spot: worst?.priceUsd ?? '0',
        strike: '3000',
        riskFreeRate: '0.05',
        volatility: '0.78',
        expirySec: NOW + 30 * DAY,
        nowSec: NOW,
      }).price
    const expected = straddle.map((o) => shocked(o.right).sub(bs(o).price).mul(o.size)).reduce((a, b) => a.add(b))
    expect(worst?.pnlUsd.sub(expected).abs().toNumber()).toBeLessThan(1e-9)
    expect(underlyings[0]?.maintenanceMarginUsd.add(expected).abs().toNumber()).toBeLessThan(1e-9)
  })

  it('never asks more than the premium of a long call', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_500, max: 6_000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 10, max: 200 }),
        (strike, days, vol) => {
          const call = option({
            strike: strike.toString(),
            right: 'call',
            size: '4',
            expirySec: NOW + days * DAY,
            impliedVolatility: (vol / 100).toString(),
          })
          const { maintenanceMarginUsd, initialMarginUsd } = computePortfolioMarginScenarios({
            snapshot: snapshot({ options: [call] }),
            nowSec: NOW,
          })
          // Up to the scenario kernel's rounding (~4e-16 of the notional).
          const premium = bs(call).price.mul(4)
          expect(maintenanceMarginUsd.lte(premium.add('1e-11'))).toBe(true)
          expect(initialMarginUsd.eq(maintenanceMarginUsd.mul('1.3'))).toBe(true)
        },
      ),
      { numRuns: 15 },
    )
  })

  it('charges a linear perp |size| × price × the largest move', () => {
    const { underlyings } = computePortfolioMarginScenarios({
      snapshot: snapshot({ perps: [{ underlying: 'BTC', size: '-2', entryPriceUsd: '58000' }] }),
      nowSec: NOW,
    })
    const btc = underlyings[0]
    expect(btc?.worst.priceMove.toString()).toBe('0.15')
    expect(btc?.maintenanceMarginUsd.toString()).toBe('18000')
    btc?.scenarios.forEach((scenario) => {
      expect(scenario.pnlUsd.eq(scenario.priceMove.mul(60000).mul(-2))).toBe(true)
    })
  })

  it('floors the requirement at mmFloor × short-option notional', () => {
    const farCall = option({ strike: '9000', right: 'call', size: '-10', expirySec: NOW + 2 * DAY })
    const params = { ...snapshot().params, mmFloor: { ETH: '0.01' } }
    const { underlyings } = computePortfolioMarginScenarios({
      snapshot: snapshot({ options: [farCall], params }),
      nowSec: NOW,
    })
    expect(underlyings[0]?.worstLossUsd.lt(1)).toBe(true)
    expect(underlyings[0]?.floorUsd.toString()).toBe('300')
    expect(underlyings[0]?.maintenanceMarginUsd.toString()).toBe('300')
  })

  it('applies absolute vol shocks as vol points, floored at zero volatility', () => {
    const put = option({ strike: '3000', right: 'put', size: '1', impliedVolatility: '0.2' })
    const params = { ...snapshot().params, volShocks: ['-0.5', '0.1'], volShockMode: 'absolute' as const }
    const { underlyings } = computePortfolioMarginScenarios({
      snapshot: snapshot({ options: [put], params }),
      nowSec: NOW,
    })
    // At +15% with σ = 0 the put is out of the money and worth nothing: the loss is the whole premium.
    const corner = underlyings[0]?.scenarios[20 * 2]
    expect(corner?.priceMove.toString()).toBe('0.15')
    expect(corner?.pnlUsd.add(bs(put).price).abs().toNumber()).toBeLessThan(1e-12)
  })
})

describe('evaluatePortfolioMargin', () => {
  const book = [
    option({ strike: '3200', right: 'call', size: '-8', averagePriceUsd: '150' }),
    option({ strike: '2800', right: 'put', size: '5', markPriceUsd: '95' }),
    option({
      id: 'ETH-FWD-3100-C',
      strike: '3100',
      right: 'call',
      size: '2',
      pricingModel: 'black-76',
      forwardPriceUsd: '3030',
      impliedVolatility: '0.55',
    }),
  ]
  const params = { ...snapshot().params, haircuts: { ETH: '0.1' } }
  const snap = snapshot({
    options: book,
    collateral: [
      { asset: 'USDC', amount: '20000' },
      { asset: 'ETH', amount: '2' },
    ],
    perps: [{ underlying: 'ETH', size: '3', entryPriceUsd: '2900' }],
    params,
  })
  const report = evaluatePortfolioMargin({ snapshot: snap, nowSec: NOW })
  const scenarios = computePortfolioMarginScenarios({ snapshot: snap, nowSec: NOW })

  it('fills equity from collateral, option values (mark when given) and perp P&L', () => {
    const [short, , forward] = book as [OptionPosition, OptionPosition, OptionPosition]
    const black76 = computeBlack76({
      right: 'call',
      forward: '3030',
      strike: '3100',
      riskFreeRate: '0.05',
      volatility: '0.55',
      expirySec: forward.expirySec,
      nowSec: NOW,
    })
    const optionsValue = bs(short).price.mul(-8).add(dec('95').mul(5)).add(black76.price.mul(2))
    const perpPnl = dec('300') // 3 × (3000 − 2900)
    expect(report.equityUsd.sub(dec('26000').add(optionsValue).add(perpPnl)).abs().toNumber()).toBeLessThan(1e-15)
    expect(report.haircutEquityUsd.sub(dec('25400').add(optionsValue).add(perpPnl)).abs().toNumber()).toBeLessThan(
      1e-15,
    )
    expect(report.maintenanceMarginUsd.eq(scenarios.maintenanceMarginUsd)).toBe(true)
    expect(report.initialMarginUsd.eq(report.maintenanceMarginUsd.mul('1.3'))).toBe(true)
    expect(report.freeCollateralUsd.eq(report.haircutEquityUsd.sub(report.initialMarginUsd))).toBe(true)
    expect(report.marginRatio).toEqual({
      kind: 'finite',
      value: report.maintenanceMarginUsd.div(report.haircutEquityUsd),
    })
    expect(report.grossNotionalUsd.toString()).toBe(((8 + 5 + 2 + 3) * 3000).toString())
    expect(report.healthFactor).toBeNull()
    expect(report.liquidatable).toBe(false)
    expect(report.model).toBe('portfolio-margin')
  })

  it('reports each option with notional, uPnL vs its average price, and greeks in underlying units', () => {
    const [short, , forward] = book as [OptionPosition, OptionPosition, OptionPosition]
    const shortRisk = positionById(report.positions, 'option:ETH-3200-C')
    const greeks = bs(short)
    expect(shortRisk.kind).toBe('option')
    expect(shortRisk.notionalUsd.toString()).toBe('24000')
    expect(shortRisk.unrealizedPnlUsd.eq(dec('-8').mul(greeks.price.sub(150)))).toBe(true)
    expect(shortRisk.delta.sub(greeks.delta.mul(-8)).abs().toNumber()).toBeLessThan(1e-20)
    expect(shortRisk.gamma.sub(greeks.gamma.mul(-8)).abs().toNumber()).toBeLessThan(1e-20)
    expect(shortRisk.gammaUsd.eq(shortRisk.gamma.mul(3000).mul(3000).div(100))).toBe(true)
    expect(shortRisk.deltaUsd.eq(shortRisk.delta.mul(3000))).toBe(true)
    expect(positionById(report.positions, 'option:ETH-2800-P').unrealizedPnlUsd.isZero()).toBe(true)
    // Black-76: delta to the spot = delta to the forward × F/S (the forward moves with the spot).
    const forwardRisk = positionById(report.positions, 'option:ETH-FWD-3100-C')
    const black76 = computeBlack76({
      right: 'call',
      forward: '3030',
      strike: '3100',
      riskFreeRate: '0.05',
      volatility: '0.55',
      expirySec: forward.expirySec,
      nowSec: NOW,
    })
    expect(forwardRisk.delta.sub(black76.delta.mul(2).mul('1.01')).abs().toNumber()).toBeLessThan(1e-20)
    expect(positionById(report.positions, 'perp:ETH').unrealizedPnlUsd.toString()).toBe('300')
    expect(positionById(report.positions, 'collateral:ETH').size.toString()).toBe('2')
  })

  it('puts equity on maintenance margin at the liquidation price (ETH collateral and perp move with it)', () => {
    const liquidation = positionById(report.positions, 'option:ETH-3200-C').liquidationPrice
    expect(liquidation.kind).toBe('price')
    if (liquidation.kind !== 'price') return
    expect(positionById(report.positions, 'perp:ETH').liquidationPrice).toEqual(liquidation)
    // Re-evaluate with ETH at that price: the put's mark moves by its model change and the
    // Black-76 forward moves with the spot, as the solver assumes.
    const price = liquidation.priceUsd.toFixed()
    const [, put, forward] = book as [OptionPosition, OptionPosition, OptionPosition]
    const putMark = dec('95')
      .add(bs(put, price).price.sub(bs(put).price))
      .toFixed()
    const movedForward = dec('3030').mul(price).div(3000).toFixed()
    const moved = {
      ...snap,
      prices: { ...snap.prices, ETH: quote(price) },
      options: book.map((o) =>
        o === put ? { ...o, markPriceUsd: putMark } : o === forward ? { ...o, forwardPriceUsd: movedForward } : o,
      ),
    }
    const at = evaluatePortfolioMargin({ snapshot: moved, nowSec: NOW })
    expect(at.haircutEquityUsd.sub(at.maintenanceMarginUsd).abs().div(at.maintenanceMarginUsd).toNumber()).toBeLessThan(
      1e-9,
    )
  })

  it('reports already-liquidatable and unreachable', () => {
    const broke = evaluatePortfolioMargin({
      snapshot: snapshot({
        options: [option({ strike: '3000', right: 'put', size: '-50' })],
        collateral: [{ asset: 'USDC', amount: '100' }],
      }),
      nowSec: NOW,
    })
    expect(broke.liquidatable).toBe(true)
    expect(broke.positions.find((p) => p.kind === 'option')?.liquidationPrice).toEqual({
      kind: 'none',
      reason: 'already-liquidatable',
    })
    const covered = evaluatePortfolioMargin({
      snapshot: snapshot({ options: [option({ strike: '3000', right: 'call', size: '5' })] }),
      nowSec: NOW,
    })
    expect(covered.positions.find((p) => p.kind === 'option')?.liquidationPrice).toEqual({
      kind: 'none',
      reason: 'unreachable',
    })
  })

  it('has no ratio without exposure, and infinite ones with exposure and no equity', () => {
    const empty = evaluatePortfolioMargin({ snapshot: snapshot(), nowSec: NOW })
    expect(empty.marginRatio).toEqual({ kind: 'none' })
    expect(empty.leverage).toEqual({ kind: 'none' })
    expect(empty.maintenanceMarginUsd.isZero()).toBe(true)
    const underwater = evaluatePortfolioMargin({
      snapshot: snapshot({
        options: [option({ strike: '2000', right: 'put', size: '-1' })],
        collateral: [{ asset: 'USDC', amount: '-10' }],
      }),
      nowSec: NOW,
    })
    expect(underwater.marginRatio).toEqual({ kind: 'infinite' })
    expect(underwater.leverage).toEqual({ kind: 'infinite' })
  })

  it('implies the volatility from the mark when none is given, and values expired options at intrinsic', () => {
    const marked = option({ strike: '3100', right: 'call', size: '1', impliedVolatility: '0.7' })
    const mark = bs(marked).price.toFixed(12)
    const markOnly = { ...marked, impliedVolatility: undefined, markPriceUsd: mark }
    const a = computePortfolioMarginScenarios({ snapshot: snapshot({ options: [marked] }), nowSec: NOW })
    const b = computePortfolioMarginScenarios({ snapshot: snapshot({ options: [markOnly] }), nowSec: NOW })
    expect(a.maintenanceMarginUsd.sub(b.maintenanceMarginUsd).abs().toNumber()).toBeLessThan(1e-8)
    expect(() =>
      computePortfolioMarginScenarios({
        snapshot: snapshot({ options: [{ ...markOnly, markPriceUsd: undefined }] }),
        nowSec: NOW,
      }),
    ).toThrow(EngineInputError)

    const expired = option({
      strike: '2900',
      right: 'call',
      size: '2',
      expirySec: NOW - DAY,
      impliedVolatility: undefined,
    })
    const report = evaluatePortfolioMargin({ snapshot: snapshot({ options: [expired] }), nowSec: NOW })
    const risk = positionById(report.positions, 'option:ETH-2900-C')
    expect(risk.markPriceUsd.toString()).toBe('100')
    expect(risk.delta.toString()).toBe('2')
    expect(report.maintenanceMarginUsd.toString()).toBe('200') // 2 × (2900 − 2550 … no: −15% → 2550 < 2900, loses the 100 intrinsic each)
  })
})

describe('liquidation price property', () => {
  it('equity equals maintenance margin to 1e-9 at every computed liquidation price', () => {
    const leg = fc.record({
      strike: fc.integer({ min: 20, max: 45 }).map((k) => (k * 100).toString()),
      right: fc.constantFrom<'call' | 'put'>('call', 'put'),
      size: fc
        .integer({ min: -20, max: 6 })
        .filter((s) => s !== 0)
        .map(String),
      days: fc.integer({ min: 2, max: 90 }),
      vol: fc.integer({ min: 30, max: 120 }),
    })
    fc.assert(
      fc.property(
        fc.array(leg, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 2_000, max: 60_000 }),
        (legs, cash) => {
          const options = legs.map((l, i) =>
            option({
              id: `L${i}`,
              strike: l.strike,
              right: l.right,
              size: l.size,
              expirySec: NOW + l.days * DAY,
              impliedVolatility: (l.vol / 100).toString(),
            }),
          )
          const snap = snapshot({ options, collateral: [{ asset: 'USDC', amount: cash.toString() }] })
          const report = evaluatePortfolioMargin({ snapshot: snap, nowSec: NOW })
          const liquidation = report.positions.find((p) => p.kind === 'option')?.liquidationPrice
          fc.pre(liquidation?.kind === 'price')
          if (liquidation?.kind !== 'price') return
          const at = evaluatePortfolioMargin({
            snapshot: { ...snap, prices: { ...snap.prices, ETH: quote(liquidation.priceUsd.toFixed()) } },
            nowSec: NOW,
          })
          const gap: D = at.haircutEquityUsd.sub(at.maintenanceMarginUsd)
          expect(gap.abs().div(at.maintenanceMarginUsd).toNumber()).toBeLessThan(1e-9)
          expect(liquidation.distance.sub(liquidation.priceUsd.div(3000).sub(1)).abs().toNumber()).toBeLessThan(1e-40)
        },
      ),
      { numRuns: 12 },
    )
  })
})
