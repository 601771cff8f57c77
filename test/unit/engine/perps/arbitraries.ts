/**
 * fast-check generators of perps snapshots. Numbers are built as integers then scaled, and written
 * as decimal strings (the snapshot contract); JS numbers only live on the generator side.
 */
import fc from 'fast-check'
import { dec } from '../../../../src/engine/decimal'
import type {
  DydxV4Market,
  DydxV4Snapshot,
  HyperliquidMarginTier,
  HyperliquidSnapshot,
  TieredPerpBracket,
  TieredPerpPosition,
  TieredPerpSnapshot,
} from '../../../../src/engine/perps'
import { HEADER, quote } from './fixtures'

/** A decimal string `n / 10^scale` for an integer n in [min, max]. */
export const decimal = (min: number, max: number, scale = 0) =>
  fc.integer({ min, max }).map((n) => dec(String(n)).div(dec('10').pow(scale)).toFixed())

export const UNDERLYINGS = ['BTC', 'ETH', 'SOL', 'DOGE'] as const

/**
 * Continuous Binance-style brackets: ascending floors, non-decreasing rates, and each maintenance
 * amount by the FAQ's rule `floor_n × (MMR_n − MMR_n−1) + cum_n−1`.
 */
export const brackets = (maxFloorStep = 2_000_000): fc.Arbitrary<TieredPerpBracket[]> =>
  fc
    .record({
      firstRatePpm: fc.integer({ min: 2_000, max: 20_000 }),
      steps: fc.array(
        fc.record({
          floor: fc.integer({ min: 5_000, max: maxFloorStep }),
          ratePpm: fc.integer({ min: 0, max: 40_000 }),
        }),
        {
          maxLength: 5,
        },
      ),
    })
    .map(({ firstRatePpm, steps }) => {
      const rows: TieredPerpBracket[] = []
      let floor = dec('0')
      let rate = dec(String(firstRatePpm)).div(1_000_000)
      let cum = dec('0')
      for (let i = 0; i <= steps.length; i++) {
        if (i > 0) {
          const step = steps[i - 1] as { floor: number; ratePpm: number }
          floor = floor.add(String(step.floor))
          const next = rate.add(dec(String(step.ratePpm)).div(1_000_000))
          cum = cum.add(floor.mul(next.sub(rate)))
          rate = next
        }
        const maxLeverage = Math.max(1, Math.floor(0.5 / rate.toNumber()))
        rows.push({
          notionalFloorUsd: floor.toFixed(),
          maintenanceMarginRate: rate.toFixed(),
          maintenanceAmountUsd: cum.toFixed(),
          maxLeverage: String(maxLeverage),
        })
      }
      return rows
    })

const tieredPosition = (underlying: string) =>
  fc.record({
    symbol: fc.constant(`${underlying}USDT`),
    underlying: fc.constant(underlying),
    size: fc.oneof(decimal(1, 500_000, 3), decimal(-500_000, -1, 3)),
    entryPriceUsd: decimal(100, 10_000_000, 2),
    leverage: fc.integer({ min: 1, max: 125 }).map(String),
  }) satisfies fc.Arbitrary<TieredPerpPosition>

/** A cross account on 1–4 underlyings, sometimes with a haircut wallet balance in the first one. */
export const tieredCross: fc.Arbitrary<TieredPerpSnapshot> = fc
  .record({
    count: fc.integer({ min: 1, max: 4 }),
    positions: fc.tuple(...UNDERLYINGS.map(tieredPosition)),
    tables: fc.tuple(...UNDERLYINGS.map(() => brackets())),
    marks: fc.tuple(...UNDERLYINGS.map(() => decimal(100, 10_000_000, 2))),
    usdt: decimal(0, 50_000_000, 2),
    coin: fc.option(fc.record({ amount: decimal(-2_000_000, 2_000_000, 3), haircut: decimal(0, 500, 3) }), {
      nil: undefined,
    }),
  })
  .map(({ count, positions, tables, marks, usdt, coin }) => {
    const used = UNDERLYINGS.slice(0, count)
    const first = used[0] as string
    return {
      ...HEADER,
      venue: 'binance',
      marginAccountId: 'cross',
      model: 'tiered-perp',
      marginMode: 'cross',
      prices: { USDT: quote('1', 'stable'), ...Object.fromEntries(used.map((u, i) => [u, quote(marks[i] as string)])) },
      wallet: [{ asset: 'USDT', amount: usdt }, ...(coin ? [{ asset: first, amount: coin.amount }] : [])],
      positions: positions.slice(0, count),
      params: {
        brackets: Object.fromEntries(used.map((u, i) => [`${u}USDT`, tables[i] as TieredPerpBracket[]])),
        ...(coin ? { haircuts: { [first]: coin.haircut } } : {}),
      },
    }
  })

export const tieredIsolated: fc.Arbitrary<TieredPerpSnapshot> = fc
  .record({
    position: tieredPosition('ETH'),
    table: brackets(),
    mark: decimal(100, 10_000_000, 2),
    wallet: decimal(0, 50_000_000, 2),
  })
  .map(({ position, table, mark, wallet }) => ({
    ...HEADER,
    venue: 'binance',
    marginAccountId: 'isolated:ETHUSDT',
    model: 'tiered-perp',
    marginMode: 'isolated',
    prices: { ETH: quote(mark), USDT: quote('1', 'stable') },
    wallet: [{ asset: 'USDT', amount: wallet }],
    positions: [position],
    params: { brackets: { ETHUSDT: table } },
  }))

/** A margin table: ascending lower bounds, non-increasing max leverage (so non-decreasing rates). */
export const marginTiers = (maxBoundStep = 2_000_000): fc.Arbitrary<HyperliquidMarginTier[]> =>
  fc
    .record({
      leverages: fc.uniqueArray(fc.constantFrom(50, 40, 25, 20, 10, 5, 3), { minLength: 1, maxLength: 4 }),
      steps: fc.array(fc.integer({ min: 1_000, max: maxBoundStep }), { minLength: 3, maxLength: 3 }),
    })
    .map(({ leverages, steps }) => {
      const sorted = [...leverages].sort((a, b) => b - a)
      let bound = 0
      return sorted.map((maxLeverage, i) => {
        if (i > 0) bound += steps[i - 1] as number
        return { lowerBound: String(bound), maxLeverage }
      })
    })

const hyperliquidPosition = (coin: string) =>
  fc.record({
    coin: fc.constant(coin),
    szi: fc.oneof(decimal(1, 100_000, 2), decimal(-100_000, -1, 2)),
    entryPx: decimal(100, 10_000_000, 2),
    leverage: fc.integer({ min: 1, max: 50 }),
  })

export const hyperliquidCross: fc.Arbitrary<HyperliquidSnapshot> = fc
  .record({
    count: fc.integer({ min: 1, max: 4 }),
    positions: fc.tuple(...UNDERLYINGS.map(hyperliquidPosition)),
    tables: fc.tuple(...UNDERLYINGS.map(() => marginTiers())),
    marks: fc.tuple(...UNDERLYINGS.map(() => decimal(100, 10_000_000, 2))),
    rawUsd: decimal(-50_000_000, 50_000_000, 6),
  })
  .map(({ count, positions, tables, marks, rawUsd }) => {
    const used = UNDERLYINGS.slice(0, count)
    return {
      ...HEADER,
      venue: 'hyperliquid',
      marginAccountId: 'cross',
      model: 'hyperliquid',
      marginMode: 'cross',
      prices: Object.fromEntries(used.map((u, i) => [u, quote(marks[i] as string)])),
      rawUsd,
      positions: positions.slice(0, count),
      params: {
        assets: Object.fromEntries(
          used.map((u, i) => {
            const tiers = tables[i] as HyperliquidMarginTier[]
            return [u, { maxLeverage: (tiers[0] as HyperliquidMarginTier).maxLeverage, marginTiers: tiers }]
          }),
        ),
      },
    }
  })

export const hyperliquidIsolated: fc.Arbitrary<HyperliquidSnapshot> = fc
  .record({
    position: hyperliquidPosition('ETH'),
    tiers: marginTiers(),
    mark: decimal(100, 10_000_000, 2),
    rawUsd: decimal(-50_000_000, 50_000_000, 6),
  })
  .map(({ position, tiers, mark, rawUsd }) => ({
    ...HEADER,
    venue: 'hyperliquid',
    marginAccountId: 'isolated:ETH',
    model: 'hyperliquid',
    marginMode: 'isolated',
    prices: { ETH: quote(mark) },
    rawUsd,
    positions: [position],
    params: { assets: { ETH: { maxLeverage: (tiers[0] as HyperliquidMarginTier).maxLeverage, marginTiers: tiers } } },
  }))

const dydxMarket = (underlying: string) =>
  fc
    .record({
      imfPpm: fc.integer({ min: 10_000, max: 500_000 }),
      fractionPpm: fc.integer({ min: 100_000, max: 1_000_000 }),
    })
    .map(({ imfPpm, fractionPpm }) => ({
      underlying,
      initialMarginFraction: dec(String(imfPpm)).div(1_000_000).toFixed(),
      maintenanceMarginFraction: dec(String(imfPpm)).mul(fractionPpm).div(1e12).toFixed(),
      openInterest: '1000',
      openInterestLowerCap: '0',
      openInterestUpperCap: '0',
    }))

/** A subaccount on 1–4 markets (a single position is an isolated child subaccount). */
export const dydxSubaccount: fc.Arbitrary<DydxV4Snapshot> = fc
  .record({
    count: fc.integer({ min: 1, max: 4 }),
    sizes: fc.tuple(...UNDERLYINGS.map(() => fc.oneof(decimal(1, 100_000, 3), decimal(-100_000, -1, 3)))),
    markets: fc.tuple(...UNDERLYINGS.map(dydxMarket)),
    prices: fc.tuple(...UNDERLYINGS.map(() => decimal(100, 10_000_000, 2))),
    quoteBalance: decimal(-50_000_000, 50_000_000, 6),
  })
  .map(({ count, sizes, markets, prices, quoteBalance }) => {
    const used = UNDERLYINGS.slice(0, count)
    return {
      ...HEADER,
      venue: 'dydx-v4',
      marginAccountId: count === 1 ? 'subaccount:128' : 'subaccount:0',
      model: 'dydx-v4',
      prices: Object.fromEntries(used.map((u, i) => [u, quote(prices[i] as string)])),
      quoteBalance,
      positions: used.map((u, i) => ({
        market: `${u}-USD`,
        size: sizes[i] as string,
        entryPrice: prices[i] as string,
      })),
      params: { markets: Object.fromEntries(used.map((u, i) => [`${u}-USD`, markets[i] as DydxV4Market])) },
    }
  })
