import { describe, expect, it } from 'vitest'
import { type D, dec } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import {
  computeBinanceLiquidationPrice,
  evaluateTieredPerp,
  type TieredPerpPosition,
  type TieredPerpSnapshot,
} from '../../../../src/engine/perps'
import type { LiquidationPrice, RiskReport } from '../../../../src/engine/types'
import { BTCUSDT_BRACKETS, ETHUSDT_BRACKETS, HEADER, quote, withPrice } from './fixtures'

/** https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93 */
const FAQ = 'Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"'

const BTC_LONG: TieredPerpPosition = {
  symbol: 'BTCUSDT',
  underlying: 'BTC',
  size: '109.488',
  entryPriceUsd: '32481.98',
  leverage: '20',
}
const ETH_LONG: TieredPerpPosition = {
  symbol: 'ETHUSDT',
  underlying: 'ETH',
  size: '3683.979',
  entryPriceUsd: '1456.84',
  leverage: '5',
}

function snapshot(overrides: Partial<TieredPerpSnapshot> = {}): TieredPerpSnapshot {
  return {
    ...HEADER,
    venue: 'binance',
    marginAccountId: 'cross',
    model: 'tiered-perp',
    marginMode: 'cross',
    // FAQ example marks: BTCUSDT notional 3,500,032.458, ETHUSDT notional 4,918,775.081.
    prices: { BTC: quote('31967.27'), ETH: quote('1335.18'), USDT: quote('1', 'stable') },
    wallet: [{ asset: 'USDT', amount: '1535443.01' }],
    positions: [BTC_LONG, ETH_LONG],
    params: { brackets: { BTCUSDT: BTCUSDT_BRACKETS, ETHUSDT: ETHUSDT_BRACKETS } },
    ...overrides,
  }
}

const evaluate = (s: TieredPerpSnapshot) => evaluateTieredPerp({ snapshot: s, nowSec: HEADER.asOfSec })

function priceOf(liquidationPrice: LiquidationPrice | undefined): D {
  if (liquidationPrice?.kind !== 'price') throw new Error(`no liquidation price: ${JSON.stringify(liquidationPrice)}`)
  return liquidationPrice.priceUsd
}

function perp(report: RiskReport, id: string) {
  const position = report.positions.find((p) => p.id === id)
  if (!position) throw new Error(`no position ${id}`)
  return position
}

describe(`Binance liquidation price formula (${FAQ})`, () => {
  it('reproduces the cross-margin example for ETHUSDT (1,153.26) from the FAQ inputs', () => {
    const lp = computeBinanceLiquidationPrice({
      walletBalanceUsd: dec('1535443.01'),
      otherMaintenanceMarginUsd: dec('71200.81144'),
      otherUnrealizedPnlUsd: dec('-56354.57'),
      legs: [
        {
          side: 1,
          position: dec('3683.979'),
          entryPriceUsd: dec('1456.84'),
          maintenanceMarginRate: dec('0.10'),
          maintenanceAmountUsd: dec('135365'),
        },
      ],
    })
    expect(lp?.toDecimalPlaces(2).toFixed(2)).toBe('1153.26')
  })

  it('reproduces the cross-margin example for BTCUSDT (26,316.89) from the FAQ inputs', () => {
    const lp = computeBinanceLiquidationPrice({
      walletBalanceUsd: dec('1535443.01'),
      otherMaintenanceMarginUsd: dec('356512.508'),
      otherUnrealizedPnlUsd: dec('-448192.89'),
      legs: [
        {
          side: 1,
          position: dec('109.488'),
          entryPriceUsd: dec('32481.98'),
          maintenanceMarginRate: dec('0.025'),
          maintenanceAmountUsd: dec('16300'),
        },
      ],
    })
    expect(lp?.toDecimalPlaces(2).toFixed(2)).toBe('26316.89')
  })

  it('treats hedge-mode LONG and SHORT legs as the formula does (−Position1LONG × EP1LONG + Position1SHORT × EP1SHORT)', () => {
    const leg = {
      position: dec('2'),
      entryPriceUsd: dec('100'),
      maintenanceMarginRate: dec('0.01'),
      maintenanceAmountUsd: dec('0'),
    }
    // WB 1000, long 2 @ 100 and short 1 @ 100 at MMR 1%: (1000 − 200 + 100) / (0.02 + 0.01 − 2 + 1) = 900 / −0.97
    const lp = computeBinanceLiquidationPrice({
      walletBalanceUsd: dec('1000'),
      otherMaintenanceMarginUsd: dec('0'),
      otherUnrealizedPnlUsd: dec('0'),
      legs: [
        { ...leg, side: 1 },
        { ...leg, side: -1, position: dec('1') },
      ],
    })
    expect(lp?.toString()).toBe(dec('900').div(dec('-0.97')).toString())
  })

  it('returns null when the denominator is zero', () => {
    const lp = computeBinanceLiquidationPrice({
      walletBalanceUsd: dec('1000'),
      otherMaintenanceMarginUsd: dec('0'),
      otherUnrealizedPnlUsd: dec('0'),
      legs: [
        {
          side: 1,
          position: dec('1'),
          entryPriceUsd: dec('1'),
          maintenanceMarginRate: dec('1'),
          maintenanceAmountUsd: dec('0'),
        },
      ],
    })
    expect(lp).toBeNull()
  })
})

describe(`evaluateTieredPerp on the ${FAQ} example`, () => {
  const report = evaluate(snapshot())

  it('computes each contract maintenance margin as notional × MMR − cum', () => {
    // FAQ: MM ETHUSDT = 4,918,775.081 × 10.00% − 135,365 = 356,512.508; MM BTCUSDT = 3,500,032.458 × 2.50% − 16,300 = 71,200.81144
    expect(perp(report, 'perp:ETHUSDT').maintenanceMarginUsd.toDecimalPlaces(3).toFixed(3)).toBe('356512.508')
    expect(perp(report, 'perp:BTCUSDT').maintenanceMarginUsd.toDecimalPlaces(2).toFixed(2)).toBe('71200.81')
    expect(report.maintenanceMarginUsd.toDecimalPlaces(2).toFixed(2)).toBe('427713.32')
  })

  it('computes unrealized PnL as size × (mark − entry)', () => {
    // FAQ: UPNL BTCUSDT = −56,354.57; UPNL ETHUSDT = −448,192.89
    expect(perp(report, 'perp:BTCUSDT').unrealizedPnlUsd.toDecimalPlaces(2).toFixed(2)).toBe('-56354.57')
    expect(perp(report, 'perp:ETHUSDT').unrealizedPnlUsd.toDecimalPlaces(2).toFixed(2)).toBe('-448192.89')
  })

  it('finds the FAQ liquidation prices of both contracts in cross margin', () => {
    expect(priceOf(perp(report, 'perp:ETHUSDT').liquidationPrice).toDecimalPlaces(2).toFixed(2)).toBe('1153.26')
    expect(priceOf(perp(report, 'perp:BTCUSDT').liquidationPrice).toDecimalPlaces(2).toFixed(2)).toBe('26316.89')
  })

  it('fills the account figures: margin balance, IM by leverage, margin ratio, leverage, free collateral', () => {
    const equity = dec('1535443.01')
      .add(perp(report, 'perp:BTCUSDT').unrealizedPnlUsd)
      .add(perp(report, 'perp:ETHUSDT').unrealizedPnlUsd)
    expect(report.equityUsd.toString()).toBe(equity.toString())
    expect(report.haircutEquityUsd.toString()).toBe(equity.toString())
    // IM = notional / leverage (BTC 20x is within the 20x bracket; ETH 5x within the 5x bracket)
    const im = perp(report, 'perp:BTCUSDT').notionalUsd.div(20).add(perp(report, 'perp:ETHUSDT').notionalUsd.div(5))
    expect(report.initialMarginUsd.toString()).toBe(im.toString())
    expect(report.freeCollateralUsd.toString()).toBe(equity.sub(im).toString())
    expect(report.marginRatio).toEqual({ kind: 'finite', value: report.maintenanceMarginUsd.div(equity) })
    expect(report.leverage).toEqual({ kind: 'finite', value: report.grossNotionalUsd.div(equity) })
    expect(report.healthFactor).toBeNull()
    expect(report.liquidatable).toBe(false)
    expect(report.positions.map((p) => p.id)).toEqual(['collateral:USDT', 'perp:BTCUSDT', 'perp:ETHUSDT'])
  })

  it('reports delta = size and deltaUsd = size × mark, gamma 0', () => {
    const eth = perp(report, 'perp:ETHUSDT')
    expect(eth.delta.toString()).toBe('3683.979')
    expect(eth.deltaUsd.toString()).toBe(dec('3683.979').mul('1335.18').toString())
    expect(eth.gamma.isZero() && eth.gammaUsd.isZero()).toBe(true)
  })
})

describe('isolated margin (FAQ: "WB is isolatedWalletBalance, TMM = 0, UPNL = 0")', () => {
  const isolated = (position: TieredPerpPosition, wallet: string) =>
    evaluate(
      snapshot({
        marginAccountId: `isolated:${position.symbol}`,
        marginMode: 'isolated',
        wallet: [{ asset: 'USDT', amount: wallet }],
        positions: [position],
      }),
    )

  it('prices ETHUSDT and BTCUSDT with only their isolated wallet', () => {
    // The FAQ inputs with TMM1 = UPNL1 = 0: (1,535,443.01 + 135,365 − 3,683.979 × 1,456.84) / (3,683.979 × 0.1 − 3,683.979)
    expect(
      priceOf(perp(isolated(ETH_LONG, '1535443.01'), 'perp:ETHUSDT').liquidationPrice)
        .toDecimalPlaces(2)
        .toFixed(2),
    ).toBe('1114.78')
    expect(
      priceOf(perp(isolated(BTC_LONG, '1535443.01'), 'perp:BTCUSDT').liquidationPrice)
        .toDecimalPlaces(2)
        .toFixed(2),
    ).toBe('18778.73')
  })

  it('rejects an isolated account with more than one position', () => {
    expect(() => evaluate(snapshot({ marginMode: 'isolated' }))).toThrow(EngineInputError)
  })
})

describe('bracket at the liquidation notional ("substitute the level at the liquidation price and recalculate")', () => {
  const eth = (size: string, wallet: string) =>
    evaluate(
      snapshot({
        marginMode: 'isolated',
        prices: { ETH: quote('2000'), USDT: quote('1', 'stable') },
        wallet: [{ asset: 'USDT', amount: wallet }],
        positions: [{ symbol: 'ETHUSDT', underlying: 'ETH', size, entryPriceUsd: '2000', leverage: '5' }],
      }),
    )

  it('walks down to the 5% bracket when a long liquidates below a 2,000,000 notional', () => {
    // Now: 4,000,000 notional, 10% / 135,365 gives (2,500,000 + 135,365 − 4,000,000) / (200 − 2000) = 758.13,
    // a 1,516,270 notional: the 5% / 35,365 bracket, which gives 1,464,635 / 1,900 = 770.86 (1,541,721 notional).
    const lp = priceOf(perp(eth('2000', '2500000'), 'perp:ETHUSDT').liquidationPrice)
    expect(lp.toString()).toBe(dec('1464635').div('1900').toString())
  })

  it('walks up to the 12.5% bracket when a short liquidates above a 5,000,000 notional', () => {
    // 10% gives 7,135,365 / 2,200 = 3,243.35 (6,486,695 notional); 12.5% / 260,365 gives 7,260,365 / 2,250.
    const lp = priceOf(perp(eth('-2000', '3000000'), 'perp:ETHUSDT').liquidationPrice)
    expect(lp.toString()).toBe(dec('7260365').div('2250').toString())
  })
})

describe('initial margin', () => {
  it('caps the position leverage at the bracket max leverage', () => {
    // 109.488 BTC at 31,967.27 is a 3.5M notional: the 20x bracket, so a 125x setting counts as 20x.
    const report = evaluate(snapshot({ positions: [{ ...BTC_LONG, leverage: '125' }] }))
    expect(report.initialMarginUsd.toString()).toBe(perp(report, 'perp:BTCUSDT').notionalUsd.div(20).toString())
  })
})

describe('ratios and edge cases', () => {
  it('margin ratio and leverage are none without exposure', () => {
    const report = evaluate(snapshot({ positions: [] }))
    expect(report.marginRatio).toEqual({ kind: 'none' })
    expect(report.leverage).toEqual({ kind: 'none' })
    expect(report.liquidatable).toBe(false)
  })

  it('margin ratio is infinite and every liquidation price already-liquidatable when equity <= 0', () => {
    const report = evaluate(snapshot({ wallet: [{ asset: 'USDT', amount: '100000' }] }))
    expect(report.haircutEquityUsd.isNegative()).toBe(true)
    expect(report.marginRatio).toEqual({ kind: 'infinite' })
    expect(report.leverage).toEqual({ kind: 'infinite' })
    expect(report.liquidatable).toBe(true)
    expect(perp(report, 'perp:ETHUSDT').liquidationPrice).toEqual({ kind: 'none', reason: 'already-liquidatable' })
  })

  it('a zero-size position has no liquidation price', () => {
    const report = evaluate(snapshot({ positions: [BTC_LONG, { ...ETH_LONG, size: '0' }] }))
    expect(perp(report, 'perp:ETHUSDT').liquidationPrice).toEqual({ kind: 'none', reason: 'no-exposure' })
  })

  it('a long whose wallet covers the whole notional cannot be liquidated (formula gives a price <= 0)', () => {
    const report = evaluate(snapshot({ wallet: [{ asset: 'USDT', amount: '100000000' }], positions: [ETH_LONG] }))
    expect(perp(report, 'perp:ETHUSDT').liquidationPrice).toEqual({ kind: 'none', reason: 'unreachable' })
  })

  it('hedge-mode LONG and SHORT legs of a symbol share one liquidation price', () => {
    const hedged = snapshot({
      wallet: [{ asset: 'USDT', amount: '50000' }],
      positions: [
        { ...ETH_LONG, positionSide: 'LONG', size: '300' },
        { ...ETH_LONG, positionSide: 'SHORT', size: '-100' },
      ],
    })
    const report = evaluate(hedged)
    const long = perp(report, 'perp:ETHUSDT:LONG').liquidationPrice
    expect(long).toEqual(perp(report, 'perp:ETHUSDT:SHORT').liquidationPrice)
    const atLp = evaluate(withPrice(hedged, 'ETH', priceOf(long).toFixed()))
    expect(atLp.haircutEquityUsd.sub(atLp.maintenanceMarginUsd).abs().lte('1e-20')).toBe(true)
  })

  it('counts a haircut BTC wallet balance that moves with the BTC price (multi-assets mode)', () => {
    const s = snapshot({
      wallet: [
        { asset: 'USDT', amount: '10000' },
        { asset: 'BTC', amount: '1' },
      ],
      positions: [{ ...BTC_LONG, size: '3' }],
      params: { brackets: { BTCUSDT: BTCUSDT_BRACKETS }, haircuts: { BTC: '0.05' } },
    })
    const report = evaluate(s)
    expect(report.equityUsd.sub(report.haircutEquityUsd).toString()).toBe(dec('31967.27').mul('0.05').toString())
    const lp = priceOf(perp(report, 'perp:BTCUSDT').liquidationPrice)
    const atLp = evaluate(withPrice(s, 'BTC', lp.toFixed()))
    expect(atLp.haircutEquityUsd.sub(atLp.maintenanceMarginUsd).abs().lte('1e-20')).toBe(true)
  })
})
