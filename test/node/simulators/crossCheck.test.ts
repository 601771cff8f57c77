import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, dec } from '../../../src/engine/decimal'
import { evaluateMarginAccount } from '../../../src/engine/evaluateMarginAccount'
import type { HyperliquidSnapshot } from '../../../src/engine/perps/hyperliquid/types'
import { decodeDydxMarkets } from '../../../src/protocols/dydx-v4/decodeDydxMarkets'
import { decodeDydxSubaccounts } from '../../../src/protocols/dydx-v4/decodeDydxSubaccounts'
import { decodeHyperliquidMarket } from '../../../src/protocols/hyperliquid/decodeHyperliquidMarket'
import { decodeHyperliquidState } from '../../../src/protocols/hyperliquid/decodeHyperliquidState'
import {
  computeClearinghouseState,
  computeSubaccount,
  type DydxSimSubaccount,
  type HyperliquidSimPosition,
  type HyperliquidSimState,
  seedDydxState,
  seedHyperliquidState,
} from '../../harness/simulators/index'

/**
 * Property: for random accounts, what the simulator prints (computed from the venues' documented
 * definitions, independently of the engine) is what the adapter's decode + the engine compute.
 * A disagreement means the simulator, the decoder or the engine misreads a venue rule.
 */

const user = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const dydxAddress = 'dydx1y5crk3j3t3nhylvgjw02nd9let27p6lkx9le25'

/** Seed markets plus a low-tier table (tiers at 20k and 100k notional) so tier changes are exercised. */
function hyperliquidMarkets(): HyperliquidSimState {
  const state = seedHyperliquidState(false)
  const base = state.markets[2]
  if (!base) throw new Error('seed changed')
  state.markets.push({ ...base, name: 'TIER', szDecimals: 1, maxLeverage: 20, marginTableId: 60, markPx: '250.5' })
  state.marginTables.push([
    60,
    {
      description: 'test tiers',
      marginTiers: [
        { lowerBound: '0.0', maxLeverage: 20 },
        { lowerBound: '20000.0', maxLeverage: 10 },
        { lowerBound: '100000.0', maxLeverage: 5 },
      ],
    },
  ])
  return state
}

const price = (digits: number, scale: number) =>
  fc.integer({ min: 10 ** (digits - 1), max: 10 ** digits - 1 }).map((n) => new D(n).div(10 ** scale).toFixed())

const positionArb = (coin: string, szDecimals: number, maxLeverage: number, marginMode: 'cross' | 'isolated') =>
  fc
    .record({
      size: fc.integer({ min: 1, max: 5_000 }),
      short: fc.boolean(),
      entryMove: fc.integer({ min: -300, max: 300 }),
      leverage: fc.integer({ min: 1, max: maxLeverage }),
      isolatedMargin: fc.integer({ min: 1, max: 1_000_000_000 }),
    })
    .map(({ size, short, entryMove, leverage, isolatedMargin }) => ({
      coin,
      size: new D(size).div(10 ** szDecimals).mul(short ? -1 : 1),
      entryMove,
      leverage,
      isolatedMargin: new D(isolatedMargin).div(1_000_000),
      marginMode,
    }))

describe('simulator figures = adapter decode + engine (property)', () => {
  it('hyperliquid: account values, margins and liquidation prices', () => {
    fc.assert(
      fc.property(
        price(5, 0),
        price(4, 1),
        price(4, 1),
        fc.integer({ min: -50_000_000_000, max: 50_000_000_000 }),
        fc.option(positionArb('BTC', 5, 40, 'cross'), { nil: undefined }),
        fc.option(positionArb('ETH', 4, 25, 'cross'), { nil: undefined }),
        fc.option(positionArb('TIER', 1, 20, 'cross'), { nil: undefined }),
        fc.option(positionArb('SOL', 2, 20, 'isolated'), { nil: undefined }),
        (btcPx, ethPx, tierPx, rawMicro, ...maybe) => {
          const state = hyperliquidMarkets()
          const marks: Record<string, string> = { BTC: btcPx, ETH: ethPx, TIER: tierPx, SOL: '180.25' }
          for (const m of state.markets) m.markPx = marks[m.name] ?? m.markPx
          const positions: HyperliquidSimPosition[] = maybe
            .filter((p) => p !== undefined)
            .map((p) => {
              const mark = new D(marks[p.coin] ?? '1')
              const entryPx = mark
                .mul(new D(1).add(new D(p.entryMove).div(1000)))
                .toSignificantDigits(5)
                .toFixed()
              return {
                coin: p.coin,
                szi: p.size.toFixed(),
                entryPx,
                leverage: p.leverage,
                marginMode: p.marginMode,
                // Isolated ledger: margin posted minus what the position cost.
                ...(p.marginMode === 'isolated'
                  ? { isolatedRawUsd: p.isolatedMargin.sub(p.size.mul(entryPx)).toFixed() }
                  : {}),
              }
            })
          const raw = computeClearinghouseState(
            { crossRawUsd: new D(rawMicro).div(1_000_000).toFixed(), positions },
            state,
            1_800_000_000_000,
          )
          const market = decodeHyperliquidMarket({
            raw: [
              {
                universe: state.markets.map((m) => ({
                  name: m.name,
                  szDecimals: m.szDecimals,
                  maxLeverage: m.maxLeverage,
                  marginTableId: m.marginTableId,
                })),
                marginTables: state.marginTables,
              },
              state.markets.map((m) => ({
                markPx: m.markPx,
                oraclePx: m.oraclePx,
                funding: m.funding,
                openInterest: m.openInterest,
              })),
            ],
          })
          for (const { snapshot, venueReported } of decodeHyperliquidState({ user, raw, market })) {
            const s = snapshot as HyperliquidSnapshot
            const report = evaluateMarginAccount({ snapshot: s, nowSec: 0 })
            const venue = (key: string) => dec(venueReported?.[key] ?? 'NaN')
            expect(report.equityUsd.sub(venue('accountValue')).abs().toNumber()).toBeLessThanOrEqual(5e-7)
            if (s.marginMode === 'cross') {
              expect(report.initialMarginUsd.sub(venue('totalMarginUsed')).abs().toNumber()).toBeLessThanOrEqual(5e-7)
              expect(
                report.maintenanceMarginUsd.sub(venue('crossMaintenanceMarginUsed')).abs().toNumber(),
              ).toBeLessThanOrEqual(5e-7)
            }
            if (report.liquidatable) continue // the engine gives no price; the venue prints one anyway
            s.positions.forEach((p, i) => {
              const printed = venueReported?.[`liquidationPx:${p.coin}`]
              const engine = report.positions[i]?.liquidationPrice
              if (printed === undefined) {
                expect(engine?.kind).toBe('none')
                return
              }
              if (engine?.kind !== 'price')
                throw new Error(`engine has no price for ${p.coin}, venue prints ${printed}`)
              expect(engine.priceUsd.sub(printed).abs().toNumber()).toBeLessThanOrEqual(1e-8)
            })
          }
        },
      ),
      { numRuns: 300, seed: 20_260_101 },
    )
  })

  it('dydx: equity exactly; free collateral exactly below the open-interest caps', () => {
    const state = seedDydxState(false)
    const tickers = state.markets.map((m) => m.ticker)
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.uniqueArray(fc.constantFrom(...tickers), { maxLength: 3 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: -100_000, max: 100_000 }).filter((n) => n !== 0),
            fc.integer({ min: 1, max: 200_000 }),
          ),
          { minLength: 3, maxLength: 3 },
        ),
        fc.array(price(6, 2), { minLength: 3, maxLength: 3 }),
        (usdcMicro, held, sizes, oracles) => {
          state.markets.forEach((m, i) => {
            m.oraclePrice = oracles[i] ?? m.oraclePrice
          })
          const sub: DydxSimSubaccount = {
            subaccountNumber: 3,
            usdc: new D(usdcMicro).div(1_000_000).toFixed(),
            positions: held.map((market, i) => {
              const [size, entry] = sizes[i] ?? [1, 1]
              return { market, size: new D(size).div(1000).toFixed(), entryPrice: new D(entry).div(10).toFixed() }
            }),
          }
          const raw = { subaccounts: [computeSubaccount(state, dydxAddress, sub)] }
          const markets = decodeDydxMarkets({
            raw: { markets: Object.fromEntries(state.markets.map((m) => [m.ticker, m])) },
          })
          const [decoded] = decodeDydxSubaccounts({ address: dydxAddress, raw, markets, asOfSec: 0 })
          if (!decoded) throw new Error('no snapshot')
          const report = evaluateMarginAccount({ snapshot: decoded.snapshot, nowSec: 0 })
          expect(report.equityUsd.toFixed()).toBe(decoded.venueReported?.equity)
          // The indexer's free collateral uses the base IMF; the engine also scales it with open
          // interest. They agree exactly unless a held market's open notional is past its lower cap,
          // where the engine is the more conservative.
          const scaled = held.some((ticker) => {
            const m = state.markets.find((x) => x.ticker === ticker)
            return (
              m !== undefined &&
              dec(m.openInterestUpperCap).gt(0) &&
              dec(m.openInterest).mul(m.oraclePrice).gt(m.openInterestLowerCap)
            )
          })
          const venueFreeCollateral = dec(decoded.venueReported?.freeCollateral ?? 'NaN')
          if (scaled) expect(report.freeCollateralUsd.lt(venueFreeCollateral)).toBe(true)
          else expect(report.freeCollateralUsd.toFixed()).toBe(venueFreeCollateral.toFixed())
        },
      ),
      { numRuns: 300, seed: 20_260_102 },
    )
  })
})
