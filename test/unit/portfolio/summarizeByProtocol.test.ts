import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, sum } from '../../../src/engine/decimal'
import { type SummarizeByProtocolItem, summarizeByProtocol } from '../../../src/portfolio/summarize'

const item = (venue: string, chainId: number | undefined, equityUsd: string, mm = '0'): SummarizeByProtocolItem => ({
  snapshot: { venue, chainId },
  report: { equityUsd: new D(equityUsd), maintenanceMarginUsd: new D(mm) },
})

/**
 * USD amounts below 10^15 with up to 30 fractional digits, both signs (equity may be negative):
 * sums of them stay within the engine's 60 significant digits, where decimal addition is exact.
 */
const usd = fc.bigInt(-(10n ** 45n), 10n ** 45n).map((units) => new D(units.toString()).div('1e30').toFixed())

const items = fc.array(
  fc
    .tuple(
      fc.constantFrom('aave-v3', 'hyperliquid', 'dydx-v4', 'deribit'),
      fc.constantFrom(1, 10, 137, 31337, 31338),
      usd,
      usd,
    )
    .map(([venue, chainId, equity, mm]) => item(venue, venue === 'aave-v3' ? chainId : undefined, equity, mm)),
  { maxLength: 40 },
)

describe('summarizeByProtocol', () => {
  it('gives one row per protocol with its chains nested, never a chain row beside its total', () => {
    const rows = summarizeByProtocol([
      item('hyperliquid', undefined, '100', '5'),
      item('aave-v3', 31338, '20.5', '1'),
      item('aave-v3', 31337, '30', '2'),
      item('aave-v3', 31337, '0.25', '0'),
    ])
    expect(
      rows.map((row) => ({
        protocol: row.protocol,
        equityUsd: row.equityUsd.toFixed(),
        maintenanceMarginUsd: row.maintenanceMarginUsd.toFixed(),
        marginAccountCount: row.marginAccountCount,
        chains: row.chains.map((chain) => [chain.chainId, chain.equityUsd.toFixed(), chain.marginAccountCount]),
      })),
    ).toEqual([
      {
        protocol: 'aave-v3',
        equityUsd: '50.75',
        maintenanceMarginUsd: '3',
        marginAccountCount: 3,
        chains: [
          [31337, '30.25', 2],
          [31338, '20.5', 1],
        ],
      },
      { protocol: 'hyperliquid', equityUsd: '100', maintenanceMarginUsd: '5', marginAccountCount: 1, chains: [] },
    ])
  })

  it('totals equal the sum of their chains exactly, and the rows sum to the whole', () => {
    fc.assert(
      fc.property(items, (views) => {
        const rows = summarizeByProtocol(views)
        for (const row of rows) {
          if (row.chains.length === 0) continue
          expect(sum(row.chains.map((chain) => chain.equityUsd)).eq(row.equityUsd)).toBe(true)
          expect(sum(row.chains.map((chain) => chain.maintenanceMarginUsd)).eq(row.maintenanceMarginUsd)).toBe(true)
          expect(row.chains.reduce((count, chain) => count + chain.marginAccountCount, 0)).toBe(row.marginAccountCount)
        }
        const whole = sum(views.map((view) => view.report.equityUsd))
        expect(sum(rows.map((row) => row.equityUsd)).eq(whole)).toBe(true)
        expect(rows.reduce((count, row) => count + row.marginAccountCount, 0)).toBe(views.length)
        expect(new Set(rows.map((row) => row.protocol)).size).toBe(rows.length)
      }),
    )
  })
})
