/**
 * Perps margin models: one cross account with 50 positions per model, and the Hyperliquid
 * clearinghouse figures of that account plus 10 isolated positions. Registers the benches, and once
 * they have run prints a true median of each evaluator over `MEDIAN_RUNS` runs timed one by one with
 * `process.hrtime` (mitata prints avg and p75). A measurement only: nothing is asserted.
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

const MEDIAN_WARMUP = 200
const MEDIAN_RUNS = 2_000

/** Median, p75 and min of `runs` single calls, in ms, after a warm-up. */
function medianOf(fn: () => unknown, runs = MEDIAN_RUNS): { medianMs: number; p75Ms: number; minMs: number } {
  for (let i = 0; i < MEDIAN_WARMUP; i++) fn()
  const timesNs: bigint[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    fn()
    timesNs.push(process.hrtime.bigint() - start)
  }
  timesNs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const ms = (index: number) => Number(timesNs[Math.min(index, runs - 1)]) / 1e6
  const middle = runs >> 1
  const medianMs = runs % 2 === 1 ? ms(middle) : (ms(middle - 1) + ms(middle)) / 2
  return { medianMs, p75Ms: ms(Math.ceil(runs * 0.75) - 1), minMs: ms(0) }
}

const evaluators: [string, () => unknown][] = [
  ['tiered-perp evaluateTieredPerp', () => evaluateTieredPerp({ snapshot: tiered, nowSec: header.asOfSec })],
  ['hyperliquid evaluateHyperliquid', () => evaluateHyperliquid({ snapshot: hyperliquid, nowSec: header.asOfSec })],
  ['dydx-v4 evaluateDydxV4', () => evaluateDydxV4({ snapshot: dydx, nowSec: header.asOfSec })],
]
// After mitata's run (run.ts awaits it), so neither measurement heats or fills the heap for the other.
process.once('beforeExit', () => {
  console.log(`\nperps: one cross account, 50 positions: median over ${MEDIAN_RUNS} timed runs (process.hrtime)`)
  for (const [name, fn] of evaluators) {
    const { medianMs, p75Ms, minMs } = medianOf(fn)
    const format = (value: number) => `${value.toFixed(3)} ms`
    console.log(`  ${name.padEnd(34)} median ${format(medianMs)}  p75 ${format(p75Ms)}  min ${format(minMs)}`)
  }
})

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
