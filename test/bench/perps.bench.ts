/**
 * Perps margin models: one cross account with 50 positions per model, and the Hyperliquid
 * clearinghouse figures of that account plus 10 isolated positions. Registers benches only.
 */
import { bench, group, summary } from 'mitata'
import {
  computeHyperliquidVenueFigures,
  type DydxV4Snapshot,
  evaluateDydxV4,
  evaluateHyperliquid,
  evaluateTieredPerp,
  type HyperliquidSnapshot,
  type TieredPerpBracket,
  type TieredPerpSnapshot,
} from '../../src/engine/perps'
import type { PriceQuote } from '../../src/engine/types'

const COUNT = 50
const coins = Array.from({ length: COUNT }, (_, i) => `C${i}`)
const header = { account: '0x0000000000000000000000000000000000000001', asOfSec: 1_700_000_000 }
const quote = (priceUsd: string): PriceQuote => ({
  priceUsd,
  source: 'bench',
  timestampSec: header.asOfSec,
  class: 'crypto',
})
const mark = (i: number) => `${100 + i * 37}.25`
const prices = Object.fromEntries(coins.map((c, i) => [c, quote(mark(i))]))

// Binance BTCUSDT-like brackets (10 rows), one table per symbol.
const BRACKETS: TieredPerpBracket[] = [
  ['0', '0.004', '0', '125'],
  ['50000', '0.005', '50', '100'],
  ['250000', '0.01', '1300', '50'],
  ['1000000', '0.025', '16300', '20'],
  ['10000000', '0.05', '266300', '10'],
  ['20000000', '0.1', '1266300', '5'],
  ['50000000', '0.125', '2516300', '4'],
  ['100000000', '0.15', '5016300', '3'],
  ['200000000', '0.25', '25016300', '2'],
  ['300000000', '0.5', '100016300', '1'],
].map(([notionalFloorUsd, maintenanceMarginRate, maintenanceAmountUsd, maxLeverage]) => ({
  notionalFloorUsd: notionalFloorUsd as string,
  maintenanceMarginRate: maintenanceMarginRate as string,
  maintenanceAmountUsd: maintenanceAmountUsd as string,
  maxLeverage: maxLeverage as string,
}))

// Notionals from 5k to ~2.2M USD (spanning several brackets), longs and shorts, entries within ±3%
// of the mark; the wallets below hold ~20% of the gross notional (about 5x account leverage), so
// liquidation prices sit some percent to a few tens of percent away.
const size = (i: number) => `${i % 2 === 0 ? '' : '-'}${((5000 * 1.13 ** i) / (100 + i * 37)).toFixed(3)}`
const entry = (i: number) => ((100 + i * 37) * (1 + ((i % 7) - 3) / 100)).toFixed(2)
const WALLET = '3500000'

const tiered: TieredPerpSnapshot = {
  ...header,
  venue: 'binance',
  marginAccountId: 'cross',
  model: 'tiered-perp',
  marginMode: 'cross',
  prices: { ...prices, USDT: { ...quote('1'), class: 'stable' } },
  wallet: [{ asset: 'USDT', amount: WALLET }],
  positions: coins.map((c, i) => ({
    symbol: `${c}USDT`,
    underlying: c,
    size: size(i),
    entryPriceUsd: entry(i),
    leverage: '20',
  })),
  params: { brackets: Object.fromEntries(coins.map((c) => [`${c}USDT`, BRACKETS])) },
}

const hyperliquid: HyperliquidSnapshot = {
  ...header,
  venue: 'hyperliquid',
  marginAccountId: 'cross',
  model: 'hyperliquid',
  marginMode: 'cross',
  prices,
  rawUsd: WALLET,
  positions: coins.map((c, i) => ({ coin: c, szi: size(i), entryPx: entry(i), leverage: 10 })),
  params: {
    assets: Object.fromEntries(
      coins.map((c, i) => [
        c,
        i % 2 === 0
          ? {
              maxLeverage: 40,
              marginTiers: [
                { lowerBound: '0', maxLeverage: 40 },
                { lowerBound: '150000000', maxLeverage: 20 },
              ],
            }
          : { maxLeverage: 20 },
      ]),
    ),
  },
}

const isolated: HyperliquidSnapshot[] = coins.slice(0, 10).map((c, i) => ({
  ...hyperliquid,
  marginAccountId: `isolated:${c}`,
  marginMode: 'isolated',
  rawUsd: '-1000',
  positions: [{ coin: c, szi: '20', entryPx: mark(i), leverage: 5 }],
}))

const dydx: DydxV4Snapshot = {
  ...header,
  venue: 'dydx-v4',
  marginAccountId: 'subaccount:0',
  model: 'dydx-v4',
  prices,
  quoteBalance: WALLET,
  positions: coins.map((c, i) => ({ market: `${c}-USD`, size: size(i), entryPrice: entry(i) })),
  params: {
    markets: Object.fromEntries(
      coins.map((c) => [
        `${c}-USD`,
        {
          underlying: c,
          initialMarginFraction: '0.05',
          maintenanceMarginFraction: '0.03',
          openInterest: '1000',
          openInterestLowerCap: '1000000',
          openInterestUpperCap: '5000000',
        },
      ]),
    ),
  },
}

group('perps: one cross account, 50 positions', () => {
  summary(() => {
    bench('tiered-perp evaluateTieredPerp', () => evaluateTieredPerp({ snapshot: tiered, nowSec: header.asOfSec }))
    bench('hyperliquid evaluateHyperliquid', () =>
      evaluateHyperliquid({ snapshot: hyperliquid, nowSec: header.asOfSec }),
    )
    bench('dydx-v4 evaluateDydxV4', () => evaluateDydxV4({ snapshot: dydx, nowSec: header.asOfSec }))
  })
})

group('perps: hyperliquid clearinghouse figures', () => {
  bench('computeHyperliquidVenueFigures (cross 50 + 10 isolated)', () =>
    computeHyperliquidVenueFigures({ accounts: [hyperliquid, ...isolated] }),
  )
})
