import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aggregateReports } from '../../../src/engine/aggregate'
import { compareRatio, ZERO } from '../../../src/engine/decimal'
import { evaluateMarginAccount } from '../../../src/engine/evaluateMarginAccount'
import { applyChanges } from '../../../src/engine/whatIf/applyChanges'
import { allSamples, NOW_SEC } from './sampleSnapshots'

/** Reports of a random selection of the sample accounts under a random uniform crypto move. */
const reportsArbitrary = fc
  .tuple(fc.subarray([...allSamples], { minLength: 0 }), fc.integer({ min: -30, max: 30 }))
  .map(([snapshots, pct]) =>
    snapshots.map((snapshot) =>
      evaluateMarginAccount({
        snapshot: applyChanges({
          snapshot,
          changes: pct === 0 ? [] : [{ kind: 'moveAllCrypto', move: String(pct / 100) }],
          nowSec: NOW_SEC,
        }),
        nowSec: NOW_SEC,
      }),
    ),
  )

describe('aggregateReports', () => {
  it('equals the sum of its parts', () => {
    fc.assert(
      fc.property(reportsArbitrary, (reports) => {
        const portfolio = aggregateReports(reports)
        const sum = (pick: (r: (typeof reports)[number]) => typeof ZERO) =>
          reports.reduce((acc, r) => acc.add(pick(r)), ZERO)
        expect(portfolio.equityUsd.eq(sum((r) => r.equityUsd))).toBe(true)
        expect(portfolio.haircutEquityUsd.eq(sum((r) => r.haircutEquityUsd))).toBe(true)
        expect(portfolio.maintenanceMarginUsd.eq(sum((r) => r.maintenanceMarginUsd))).toBe(true)
        expect(portfolio.freeCollateralUsd.eq(sum((r) => r.freeCollateralUsd))).toBe(true)
        expect(portfolio.marginAccountCount).toBe(reports.length)
        expect(portfolio.liquidatableCount).toBe(reports.filter((r) => r.liquidatable).length)
        for (const exposure of portfolio.exposures) {
          const positions = reports.flatMap((r) => r.positions).filter((p) => p.underlying === exposure.underlying)
          expect(exposure.delta.eq(positions.reduce((acc, p) => acc.add(p.delta), ZERO))).toBe(true)
          expect(exposure.gammaUsd.eq(positions.reduce((acc, p) => acc.add(p.gammaUsd), ZERO))).toBe(true)
        }
      }),
      { numRuns: 15 },
    )
  })

  it('never nets liquidation across venues: the nearest account is one of the parts, with the highest margin ratio', () => {
    fc.assert(
      fc.property(reportsArbitrary, (reports) => {
        const { nearestToLiquidation } = aggregateReports(reports)
        if (reports.length === 0) {
          expect(nearestToLiquidation).toBeNull()
          return
        }
        expect(reports).toContain(nearestToLiquidation)
        if (!nearestToLiquidation?.liquidatable) {
          for (const report of reports)
            expect(
              compareRatio(report.marginRatio, nearestToLiquidation?.marginRatio ?? report.marginRatio),
            ).toBeLessThanOrEqual(0)
        }
      }),
      { numRuns: 15 },
    )
  })

  it('sums ETH exposure across Hyperliquid, dYdX, Binance and an options book', () => {
    const portfolio = aggregateReports(
      allSamples.map((snapshot) => evaluateMarginAccount({ snapshot, nowSec: NOW_SEC })),
    )
    const eth = portfolio.exposures.find((e) => e.underlying === 'ETH')
    // 10 (Hyperliquid) + 5 (dYdX) + 20 (Binance) + 2 (perp in the options book) + the straddle's delta.
    const straddleDelta = evaluateMarginAccount({ snapshot: allSamples[4] as (typeof allSamples)[4], nowSec: NOW_SEC })
      .positions.filter((p) => p.kind === 'option')
      .reduce((acc, p) => acc.add(p.delta), ZERO)
    expect(eth?.delta.eq(straddleDelta.add(37))).toBe(true)
  })
})
