import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, dec } from '../../../src/engine/decimal'
import { EngineInputError } from '../../../src/engine/errors'
import {
  evaluateMarginAccount,
  evaluateMarginFigures,
  type MarginAccountSnapshot,
} from '../../../src/engine/evaluateMarginAccount'
import { applyChanges } from '../../../src/engine/whatIf/applyChanges'
import { tradeAtPrice } from '../../../src/engine/whatIf/tradeAtPrice'
import type { WhatIfChange } from '../../../src/engine/whatIf/types'
import {
  aaveMarket,
  allSamples,
  binanceCross,
  dydxCross,
  hyperliquidCross,
  NOW_SEC,
  optionsBook,
} from './sampleSnapshots'

const evaluate = (snapshot: MarginAccountSnapshot) => evaluateMarginAccount({ snapshot, nowSec: NOW_SEC })
const reportAfter = (snapshot: MarginAccountSnapshot, ...changes: WhatIfChange[]) =>
  evaluate(applyChanges({ snapshot, changes, nowSec: NOW_SEC }))

describe('evaluateMarginAccount', () => {
  it.each(allSamples.map((s) => [s.model, s] as const))('dispatches a %s snapshot to its model', (model, snapshot) => {
    const report = evaluate(snapshot)
    expect(report.model).toBe(model)
    expect(report.venue).toBe(snapshot.venue)
    expect(report.positions.length).toBeGreaterThan(0)
  })

  it.each(allSamples.map((s) => [s.model, s] as const))(
    '%s: evaluateMarginFigures gives the report without its positions, at any price',
    (_model, snapshot) => {
      for (const move of ['0', '-0.1', '-0.3', '-0.6', '0.25']) {
        const moved = applyChanges({ snapshot, changes: [{ kind: 'moveAllCrypto', move }], nowSec: NOW_SEC })
        const { positions: _positions, preLiquidation: _preLiquidation, ...figures } = evaluate(moved)
        expect(evaluateMarginFigures({ snapshot: moved, nowSec: NOW_SEC }), move).toEqual(figures)
      }
    },
  )
})

describe('applyChanges', () => {
  it.each(allSamples.map((s) => [s.model, s] as const))('%s: no change is the identity', (_model, snapshot) => {
    const same = applyChanges({ snapshot, changes: [], nowSec: NOW_SEC })
    expect(same).toBe(snapshot)
    expect(evaluate(same)).toEqual(evaluate(snapshot))
  })

  it('never mutates its input', () => {
    const before = structuredClone(allSamples)
    for (const snapshot of allSamples) {
      applyChanges({ snapshot, changes: [{ kind: 'moveAllCrypto', move: '-0.3' }], nowSec: NOW_SEC })
    }
    expect(allSamples).toEqual(before)
  })

  it('moves every crypto price together and leaves stablecoins', () => {
    const moved = applyChanges({
      snapshot: aaveMarket,
      changes: [{ kind: 'moveAllCrypto', move: '-0.125' }],
      nowSec: NOW_SEC,
    })
    expect(moved.prices.WETH?.priceUsd).toBe('2625')
    expect(moved.prices.USDC).toEqual(aaveMarket.prices.USDC)
    // Hyperliquid: 10 ETH long and 0.1 BTC short; −10 % moves equity by −3000 + 900.
    const report = reportAfter(hyperliquidCross, { kind: 'moveAllCrypto', move: '-0.1' })
    expect(report.equityUsd.sub(evaluate(hyperliquidCross).equityUsd).toFixed()).toBe('-2100')
  })

  it('moves or sets one underlying', () => {
    expect(
      reportAfter(hyperliquidCross, { kind: 'movePrice', underlying: 'BTC', move: '0.1' }).equityUsd.toFixed(),
    ).toBe(evaluate(hyperliquidCross).equityUsd.sub(900).toFixed())
    expect(
      reportAfter(dydxCross, {
        kind: 'setPrice',
        underlying: 'ETH',
        priceUsd: '3100',
      }).positions[0]?.markPriceUsd.toFixed(),
    ).toBe('3100')
    expect(() =>
      applyChanges({
        snapshot: dydxCross,
        changes: [{ kind: 'movePrice', underlying: 'ETH', move: '-1.01' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(EngineInputError)
  })

  it.each([
    ['hyperliquid', hyperliquidCross, 'ETH'],
    ['dydx-v4', dydxCross, 'ETH'],
    ['tiered-perp', binanceCross, 'ETH'],
    ['portfolio-margin', optionsBook, 'ETH'],
  ] as const)('%s: a perp trade at the current price never changes equity', (_model, snapshot, underlying) => {
    const equity = evaluate(snapshot).equityUsd
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 3 }), (size, decimals) => {
        const target = new D(size).div(10 ** decimals).toFixed()
        const report = reportAfter(snapshot, { kind: 'setPerpPosition', underlying, size: target })
        expect(report.equityUsd.sub(equity).abs().lte('1e-30')).toBe(true)
        const perp = report.positions.find((p) => p.kind === 'perp' && p.underlying === underlying)
        expect(perp?.size.toFixed() ?? '0').toBe(dec(target).toFixed())
      }),
      { numRuns: 25 },
    )
  })

  it('opens a new Hyperliquid position at the mark with the asset maximum leverage by default', () => {
    const opened = applyChanges({
      snapshot: hyperliquidCross,
      changes: [
        { kind: 'setPerpPosition', underlying: 'BTC', size: '0' },
        { kind: 'setPerpPosition', underlying: 'BTC', size: '0.5' },
      ],
      nowSec: NOW_SEC,
    })
    expect(opened.positions.find((p) => p.coin === 'BTC')).toEqual({
      coin: 'BTC',
      szi: '0.5',
      entryPx: '90000',
      leverage: 40,
    })
  })

  it('deposits and withdraws collateral at its price', () => {
    const base = evaluate(hyperliquidCross).equityUsd
    expect(
      reportAfter(hyperliquidCross, { kind: 'deposit', asset: 'USDC', amount: '1000' }).equityUsd.sub(base).toFixed(),
    ).toBe('1000')
    expect(
      reportAfter(binanceCross, { kind: 'withdraw', asset: 'USDT', amount: '500' })
        .equityUsd.sub(evaluate(binanceCross).equityUsd)
        .toFixed(),
    ).toBe('-500')
    expect(() =>
      applyChanges({
        snapshot: hyperliquidCross,
        changes: [{ kind: 'deposit', asset: 'ETH', amount: '1' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(/USDC only/)
    expect(() =>
      applyChanges({
        snapshot: binanceCross,
        changes: [{ kind: 'withdraw', asset: 'USDT', amount: '1000000' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(EngineInputError)
    expect(() =>
      applyChanges({
        snapshot: binanceCross,
        changes: [{ kind: 'deposit', asset: 'USDT', amount: '-1' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(EngineInputError)
  })

  it('books Aave supply, withdraw, borrow and repay as scaled balances', () => {
    const base = evaluate(aaveMarket)
    const supplied = reportAfter(aaveMarket, { kind: 'deposit', asset: 'WETH', amount: '1' })
    expect(supplied.equityUsd.sub(base.equityUsd).toFixed()).toBe('3000')
    expect(
      supplied.healthFactor?.kind === 'finite' &&
        base.healthFactor?.kind === 'finite' &&
        supplied.healthFactor.value.gt(base.healthFactor.value),
    ).toBe(true)
    const borrowed = reportAfter(aaveMarket, { kind: 'borrow', asset: 'USDT', amount: '1000' })
    expect(borrowed.equityUsd.toFixed()).toBe(base.equityUsd.sub(1000).toFixed()) // the borrowed USDT leaves the market
    const repaid = reportAfter(aaveMarket, { kind: 'repay', asset: 'USDT', amount: '18000' })
    expect(repaid.healthFactor).toEqual({ kind: 'none' })
    expect(() =>
      applyChanges({
        snapshot: aaveMarket,
        changes: [{ kind: 'repay', asset: 'USDT', amount: '18001' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(EngineInputError)
    expect(() =>
      applyChanges({
        snapshot: aaveMarket,
        changes: [{ kind: 'withdraw', asset: 'WETH', amount: '11' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(EngineInputError)
    expect(() =>
      applyChanges({
        snapshot: aaveMarket,
        changes: [{ kind: 'deposit', asset: 'DAI', amount: '1' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(/No Aave v3 reserve/)
  })

  it('revalues mark-priced options at the implied volatility when the underlying moves', () => {
    const base = evaluate(optionsBook)
    const call = (report: typeof base) => report.positions.find((p) => p.id.includes('ETH-C-3000'))
    const up = reportAfter(optionsBook, { kind: 'movePrice', underlying: 'ETH', move: '0.05' })
    expect(call(up)?.markPriceUsd.gt(call(base)?.markPriceUsd ?? 0)).toBe(true)
    // Back to the original price, the pinned volatility reproduces the venue mark.
    const roundTrip = reportAfter(
      optionsBook,
      { kind: 'movePrice', underlying: 'ETH', move: '0.05' },
      { kind: 'setPrice', underlying: 'ETH', priceUsd: '3000' },
    )
    expect(call(roundTrip)?.markPriceUsd.sub(150).abs().lt('1e-12')).toBe(true)
  })

  it('shifts option volatility: a short straddle loses when volatility rises', () => {
    const base = evaluate(optionsBook)
    const shifted = reportAfter(optionsBook, { kind: 'shiftVolatility', shift: '0.1' })
    expect(shifted.equityUsd.lt(base.equityUsd)).toBe(true)
    expect(reportAfter(hyperliquidCross, { kind: 'shiftVolatility', shift: '0.1' })).toEqual(evaluate(hyperliquidCross))
  })

  it('adds, replaces and removes option positions by id', () => {
    const [call] = optionsBook.options
    if (!call) throw new Error('fixture')
    const closed = applyChanges({
      snapshot: optionsBook,
      changes: [{ kind: 'setOptionPosition', option: { ...call, size: '0' } }],
      nowSec: NOW_SEC,
    })
    expect(closed.options.map((o) => o.id)).toEqual(['ETH-P-3000'])
    const resized = applyChanges({
      snapshot: optionsBook,
      changes: [{ kind: 'setOptionPosition', option: { ...call, size: '-5' } }],
      nowSec: NOW_SEC,
    })
    expect(resized.options.map((o) => [o.id, o.size])).toEqual([
      ['ETH-C-3000', '-5'],
      ['ETH-P-3000', '-10'],
    ])
  })

  it('refuses changes a model does not have', () => {
    expect(() =>
      applyChanges({
        snapshot: hyperliquidCross,
        changes: [{ kind: 'borrow', asset: 'USDC', amount: '1' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(EngineInputError)
    expect(() =>
      applyChanges({
        snapshot: aaveMarket,
        changes: [{ kind: 'setPerpPosition', underlying: 'WETH', size: '1' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(EngineInputError)
    expect(() =>
      applyChanges({
        snapshot: dydxCross,
        changes: [{ kind: 'setPerpPosition', underlying: 'SOL', size: '1' }],
        nowSec: NOW_SEC,
      }),
    ).toThrow(/No dYdX market/)
  })
})

describe('tradeAtPrice', () => {
  it.each([
    ['opening', '0', '0', '2', '100', '100', '0'],
    ['adding', '2', '100', '4', '110', '105', '0'],
    ['reducing', '2', '100', '1', '110', '100', '10'],
    ['closing', '-2', '100', '0', '90', '100', '20'],
    ['flipping', '2', '100', '-1', '90', '90', '-20'],
  ])('%s', (_name, size, entry, target, price, expectedEntry, realized) => {
    const trade = tradeAtPrice({
      size: dec(size),
      entryPriceUsd: dec(entry),
      targetSize: dec(target),
      priceUsd: dec(price),
    })
    expect([trade.entryPriceUsd.toFixed(), trade.realizedPnlUsd.toFixed()]).toEqual([expectedEntry, realized])
  })
})
