import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareRatio, dec } from '../../../../src/engine/decimal'
import {
  type DydxV4Snapshot,
  evaluateDydxV4,
  evaluateHyperliquid,
  evaluateTieredPerp,
  type HyperliquidSnapshot,
  type TieredPerpSnapshot,
} from '../../../../src/engine/perps'
import type { RiskReport } from '../../../../src/engine/types'
import {
  brackets,
  decimal,
  dydxSubaccount,
  hyperliquidCross,
  hyperliquidIsolated,
  marginTiers,
  tieredCross,
  tieredIsolated,
} from './arbitraries'
import { HEADER, quote, withPrice } from './fixtures'

type Snapshot = TieredPerpSnapshot | HyperliquidSnapshot | DydxV4Snapshot
const evaluate = (snapshot: Snapshot): RiskReport => {
  if (snapshot.model === 'tiered-perp') return evaluateTieredPerp({ snapshot, nowSec: HEADER.asOfSec })
  if (snapshot.model === 'hyperliquid') return evaluateHyperliquid({ snapshot, nowSec: HEADER.asOfSec })
  return evaluateDydxV4({ snapshot, nowSec: HEADER.asOfSec })
}

const models: [string, fc.Arbitrary<Snapshot>][] = [
  ['tiered-perp cross', tieredCross],
  ['tiered-perp isolated', tieredIsolated],
  ['hyperliquid cross', hyperliquidCross],
  ['hyperliquid isolated', hyperliquidIsolated],
  ['dydx-v4 cross', dydxSubaccount.filter((s) => s.positions.length > 1)],
  ['dydx-v4 isolated', dydxSubaccount.filter((s) => s.positions.length === 1)],
]

describe('(i) at the liquidation price, equity equals maintenance margin (1e-9 relative)', () => {
  for (const [name, arbitrary] of models) {
    it(name, () => {
      let checked = 0
      fc.assert(
        fc.property(arbitrary, (snapshot) => {
          const report = evaluate(snapshot)
          for (const position of report.positions) {
            if (position.liquidationPrice.kind !== 'price') continue
            const moved = evaluate(
              withPrice(snapshot, position.underlying, position.liquidationPrice.priceUsd.toFixed()),
            )
            const gap = moved.haircutEquityUsd.sub(moved.maintenanceMarginUsd).abs()
            expect(gap.lte(moved.maintenanceMarginUsd.mul('1e-9'))).toBe(true)
            checked++
          }
        }),
        { numRuns: 80, seed: 20_260_701 },
      )
      expect(checked).toBeGreaterThan(10)
    })
  }
})

describe('(ii) margin ratio is monotone in the price of a single position', () => {
  /**
   * MM / equity with equity = Q + s × p (Q: quote balance after paying for the position) and
   * MM = |s| × p × rate − deduction has derivative sign `s × (rate × Q + deduction)`. A short
   * (positive equity needs Q > |s| p >= floor >= deduction / rate) always rises with the price. A long
   * falls with the price only when it is financed: rate × Q + deduction <= 0, which holds in every
   * tier when Q <= −(highest tier floor) because deduction <= floor × rate. An unfinanced long's
   * ratio rises toward the rate (see the test below), so the generators finance longs.
   */
  const prices = fc
    .uniqueArray(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 2, maxLength: 6 })
    .map((xs) => xs.sort((a, b) => a - b).map((x) => dec(String(x)).div(100).toFixed()))
  const monotone = (snapshot: Snapshot, key: string, points: string[], direction: 1 | -1) => {
    const ratios = points.map((p) => evaluate(withPrice(snapshot, key, p)).marginRatio)
    for (let i = 1; i < ratios.length; i++) {
      expect(compareRatio(ratios[i] as never, ratios[i - 1] as never) * direction).toBeGreaterThanOrEqual(0)
    }
  }

  const tieredSingle = fc
    .record({
      table: brackets(500_000),
      long: fc.boolean(),
      size: decimal(1, 100_000, 3),
      entry: decimal(100, 1_000_000, 2),
      extra: decimal(0, 10_000_000, 2),
    })
    .map(({ table, long, size, entry, extra }): TieredPerpSnapshot => {
      const notional = dec(size).mul(entry)
      const topFloor = dec(table[table.length - 1]?.notionalFloorUsd ?? '0')
      // long: W = notional − topFloor − extra (so Q = W − notional <= −topFloor), at least 0; short: W = extra
      const wallet = long ? notional.sub(topFloor).sub(extra) : dec(extra)
      return {
        ...HEADER,
        venue: 'binance',
        marginAccountId: 'isolated:ETHUSDT',
        model: 'tiered-perp',
        marginMode: 'isolated',
        prices: { ETH: quote(entry), USDT: quote('1', 'stable') },
        wallet: [{ asset: 'USDT', amount: wallet.toFixed() }],
        positions: [
          {
            symbol: 'ETHUSDT',
            underlying: 'ETH',
            size: long ? size : `-${size}`,
            entryPriceUsd: entry,
            leverage: '10',
          },
        ],
        params: { brackets: { ETHUSDT: table } },
      }
    })

  it('tiered-perp: non-increasing for a (financed) long, non-decreasing for a short', () => {
    fc.assert(
      fc.property(tieredSingle, prices, (snapshot, points) => {
        const long = !snapshot.positions[0]?.size.startsWith('-')
        fc.pre(!long || dec(snapshot.wallet[0]?.amount ?? '0').gte(0))
        monotone(snapshot, 'ETH', points, long ? -1 : 1)
      }),
      { numRuns: 60, seed: 7 },
    )
  })

  const hyperliquidSingle = fc
    .record({
      tiers: marginTiers(500_000),
      long: fc.boolean(),
      szi: decimal(1, 100_000, 2),
      q: decimal(0, 10_000_000, 2),
    })
    .map(({ tiers, long, szi, q }): HyperliquidSnapshot => {
      const topBound = dec(tiers[tiers.length - 1]?.lowerBound ?? '0')
      return {
        ...HEADER,
        venue: 'hyperliquid',
        marginAccountId: 'cross',
        model: 'hyperliquid',
        marginMode: 'cross',
        prices: { ETH: quote('3000') },
        rawUsd: long ? topBound.add(q).neg().toFixed() : q,
        positions: [{ coin: 'ETH', szi: long ? szi : `-${szi}`, entryPx: '3000', leverage: 10 }],
        params: { assets: { ETH: { maxLeverage: tiers[0]?.maxLeverage ?? 50, marginTiers: tiers } } },
      }
    })

  it('hyperliquid: non-increasing for a financed long (rawUsd <= −top tier bound), non-decreasing for a short', () => {
    fc.assert(
      fc.property(hyperliquidSingle, prices, (snapshot, points) => {
        monotone(snapshot, 'ETH', points, snapshot.positions[0]?.szi.startsWith('-') ? 1 : -1)
      }),
      { numRuns: 60, seed: 11 },
    )
  })

  it('dydx-v4: non-increasing for a long with Q <= 0, non-decreasing for a short', () => {
    const single = dydxSubaccount
      .filter((s) => s.positions.length === 1)
      .map((s) => {
        const long = !s.positions[0]?.size.startsWith('-')
        const q = dec(s.quoteBalance).abs()
        return { ...s, quoteBalance: (long ? q.neg() : q).toFixed() }
      })
    fc.assert(
      fc.property(single, prices, (snapshot, points) => {
        monotone(snapshot, 'BTC', points, snapshot.positions[0]?.size.startsWith('-') ? 1 : -1)
      }),
      { numRuns: 60, seed: 13 },
    )
  })

  it('the surplus (equity − MM) of a single long never falls as the price rises (a short: never rises), whatever its financing', () => {
    fc.assert(
      fc.property(tieredIsolated, prices, (snapshot, points) => {
        const direction = snapshot.positions[0]?.size.startsWith('-') ? -1 : 1
        const surplus = points.map((p) => {
          const r = evaluate(withPrice(snapshot, 'ETH', p))
          return r.haircutEquityUsd.sub(r.maintenanceMarginUsd)
        })
        for (let i = 1; i < surplus.length; i++) {
          expect((surplus[i]?.comparedTo(surplus[i - 1] as never) ?? 0) * direction).toBeGreaterThanOrEqual(0)
        }
      }),
      { numRuns: 60, seed: 17 },
    )
  })

  it('counter-example: an unfinanced long (wallet above the notional) sees its ratio rise toward the rate', () => {
    const snapshot: DydxV4Snapshot = {
      ...HEADER,
      venue: 'dydx-v4',
      marginAccountId: 'subaccount:0',
      model: 'dydx-v4',
      prices: { ETH: quote('1000') },
      quoteBalance: '1000',
      positions: [{ market: 'ETH-USD', size: '1', entryPrice: '1000' }],
      params: {
        markets: {
          'ETH-USD': {
            underlying: 'ETH',
            initialMarginFraction: '0.1',
            maintenanceMarginFraction: '0.05',
            openInterest: '0',
          },
        },
      },
    }
    const at = (p: string) => evaluate(withPrice(snapshot, 'ETH', p)).marginRatio
    expect(at('1000')).toEqual({ kind: 'finite', value: dec('0.025') }) // 50 / 2000
    expect(at('2000')).toEqual({ kind: 'finite', value: dec('100').div('3000') })
  })
})

describe('(iii) evaluating the same snapshot twice gives deep-equal reports', () => {
  for (const [name, arbitrary] of models) {
    it(name, () => {
      fc.assert(
        fc.property(arbitrary, (snapshot) => {
          expect(evaluate(snapshot)).toEqual(evaluate(structuredClone(snapshot)))
        }),
        { numRuns: 25, seed: 3 },
      )
    })
  }
})
