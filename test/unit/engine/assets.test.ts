/**
 * Asset identity in the engine: positions report their asset and underlying, delta and gamma are
 * in underlying units, price moves act on underlyings (LSTs keep their rate) or on one asset, and
 * exposures net per underlying.
 */
import { describe, expect, it } from 'vitest'
import { aggregateReports } from '../../../src/engine/aggregate'
import { dec } from '../../../src/engine/decimal'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../../../src/engine/evaluateMarginAccount'
import type { AssetIdentity, PriceQuote } from '../../../src/engine/types'
import { applyChanges } from '../../../src/engine/whatIf/applyChanges'
import type { WhatIfChange } from '../../../src/engine/whatIf/types'
import { snapshotFixture, wei } from './aave-v3/fixtures'
import { hyperliquidCross, NOW_SEC, optionsBook } from './sampleSnapshots'

const asset = (symbol: string, underlying: string, exchangeRate = '1'): AssetIdentity => ({
  symbol,
  underlying,
  exchangeRate,
  rateSource: exchangeRate === '1' ? 'par' : 'test',
})
const priced = (priceUsd: string, identity: AssetIdentity, cls: PriceQuote['class'] = 'crypto'): PriceQuote => ({
  priceUsd,
  source: 'aave-oracle',
  timestampSec: NOW_SEC,
  class: cls,
  asset: identity,
})

/** 10 WETH and 5 wstETH (1.2 ETH each) supplied, 20,000 USDT borrowed; 1,000 USDC supplied. */
const bare = snapshotFixture({
  reserves: [
    { symbol: 'WETH', priceUsd: '3000', supplied: wei('10') },
    { symbol: 'wstETH', priceUsd: '3600', supplied: wei('5') },
    { symbol: 'USDC', decimals: 6, priceUsd: '1', supplied: wei('1000', 6) },
    { symbol: 'USDT', decimals: 6, priceUsd: '1', borrowed: wei('20000', 6) },
  ],
})
const aave: MarginAccountSnapshot = {
  ...bare,
  prices: {
    WETH: priced('3000', asset('WETH', 'ETH')),
    wstETH: priced('3600', asset('wstETH', 'ETH', '1.2')),
    USDC: priced('1', asset('USDC', 'USD'), 'stable'),
    USDT: priced('1', asset('USDT', 'USD'), 'stable'),
  },
}

const evaluate = (snapshot: MarginAccountSnapshot) => evaluateMarginAccount({ snapshot, nowSec: NOW_SEC })
const apply = (snapshot: MarginAccountSnapshot, ...changes: WhatIfChange[]) =>
  applyChanges({ snapshot, changes, nowSec: NOW_SEC })
const priceOf = (snapshot: MarginAccountSnapshot, key: string) => snapshot.prices[key]?.priceUsd

describe('positions in underlying terms', () => {
  it('report the held asset and its underlying; delta is size × exchange rate, deltaUsd unchanged', () => {
    const report = evaluate(aave)
    const wsteth = report.positions.find((p) => p.id === 'collateral:wstETH')
    expect(wsteth).toMatchObject({ underlying: 'ETH', priceKey: 'wstETH', asset: { symbol: 'wstETH', key: 'wstETH' } })
    expect(wsteth?.size.toFixed()).toBe('5')
    expect(wsteth?.delta.toFixed()).toBe('6')
    expect(wsteth?.deltaUsd.toFixed()).toBe('18000')
    expect(report.positions.find((p) => p.id === 'debt:USDT')).toMatchObject({ underlying: 'USD' })
  })

  it('leave the Aave figures exactly as without identities', () => {
    const [withIds, without] = [evaluate(aave), evaluate(bare)]
    for (const figure of ['equityUsd', 'haircutEquityUsd', 'maintenanceMarginUsd', 'freeCollateralUsd'] as const)
      expect(withIds[figure].toFixed(), figure).toBe(without[figure].toFixed())
    expect(withIds.healthFactor).toEqual(without.healthFactor)
  })

  it('scale gamma by the rate squared, so gammaUsd does not depend on the unit', () => {
    const rated = (rate: string): MarginAccountSnapshot => ({
      ...optionsBook,
      prices: { ...optionsBook.prices, ETH: priced('3000', asset('ETH', 'ETH', rate)) },
    })
    const [one, two] = [evaluate(rated('1')), evaluate(rated('2'))]
    expect(one.positions.filter((p) => p.priceKey === 'ETH')).toHaveLength(3)
    one.positions.forEach((p, i) => {
      if (p.priceKey !== 'ETH') return
      const q = two.positions[i]
      expect(q?.delta.eq(p.delta.mul(2)), p.id).toBe(true)
      expect(q?.gamma.eq(p.gamma.mul(4)), p.id).toBe(true)
      expect(q?.deltaUsd.eq(p.deltaUsd), p.id).toBe(true)
      expect(q?.gammaUsd.eq(p.gammaUsd), p.id).toBe(true)
    })
  })
})

describe('price changes on underlyings and assets', () => {
  it('a move on an underlying moves every linked asset by the same percentage: the LST keeps its rate', () => {
    const moved = apply(aave, { kind: 'movePrice', underlying: 'ETH', move: '-0.1' })
    expect(priceOf(moved, 'WETH')).toBe('2700')
    expect(priceOf(moved, 'wstETH')).toBe('3240')
    expect(
      dec(priceOf(moved, 'wstETH') ?? '0')
        .div(priceOf(moved, 'WETH') ?? '1')
        .toFixed(),
    ).toBe('1.2')
    expect(priceOf(moved, 'USDC')).toBe('1')
  })

  it('a set price on an underlying gives each asset price × its exchange rate', () => {
    const set = apply(aave, { kind: 'setPrice', underlying: 'ETH', priceUsd: '2000' })
    expect(priceOf(set, 'WETH')).toBe('2000')
    expect(priceOf(set, 'wstETH')).toBe('2400')
  })

  it('naming an asset moves that asset only (a depeg); names ignore case', () => {
    const depeg = apply(aave, { kind: 'movePrice', underlying: 'USDC', move: '-0.05' })
    expect(priceOf(depeg, 'USDC')).toBe('0.95')
    expect(priceOf(depeg, 'USDT')).toBe('1')
    const usd = apply(aave, { kind: 'movePrice', underlying: 'USD', move: '-0.05' })
    expect([priceOf(usd, 'USDC'), priceOf(usd, 'USDT')]).toEqual(['0.95', '0.95'])
    const lst = apply(aave, { kind: 'setPrice', underlying: 'WSTETH', priceUsd: '3000' })
    expect([priceOf(lst, 'wstETH'), priceOf(lst, 'WETH')]).toEqual(['3000', '3000'])
  })

  it('a name a snapshot does not hold changes nothing there', () => {
    expect(apply(aave, { kind: 'movePrice', underlying: 'BTC', move: '-0.5' })).toBe(aave)
  })

  it('moveAllCrypto keeps its meaning: every crypto price, no stablecoin', () => {
    const all = apply(aave, { kind: 'moveAllCrypto', move: '-0.2' })
    expect([priceOf(all, 'WETH'), priceOf(all, 'wstETH'), priceOf(all, 'USDC')]).toEqual(['2400', '2880', '1'])
  })
})

describe('exposures net per underlying', () => {
  it('an Aave WETH and wstETH long and a Hyperliquid ETH short make one ETH row', () => {
    // Aave: 10 WETH + 5 wstETH × 1.2 = 16 ETH long; Hyperliquid: 10 ETH long, so short 26 ETH to net −10.
    const short: MarginAccountSnapshot = apply(hyperliquidCross, {
      kind: 'setPerpPosition',
      underlying: 'ETH',
      size: '-26',
    })
    const portfolio = aggregateReports([evaluate(aave), evaluate(short)])
    const names = portfolio.exposures.map((e) => e.underlying)
    expect(names.filter((n) => n === 'ETH')).toHaveLength(1)
    expect(names).not.toContain('WETH')
    expect(names).not.toContain('wstETH')
    const eth = portfolio.exposures.find((e) => e.underlying === 'ETH')
    expect(eth?.delta.toFixed()).toBe('-10')
    // USDC and USDT on Aave net into USD: 1,000 − 20,000.
    expect(portfolio.exposures.find((e) => e.underlying === 'USD')?.delta.toFixed()).toBe('-19000')
  })
})
