import { describe, expect, it } from 'vitest'
import { cheapestProtection, targetOfRule } from '../../../src/alerts/cheapestProtection'
import { evaluateEntries } from '../../../src/portfolio/evaluateEntries'
import { aaveMarket, hyperliquidCross, NOW_SEC } from '../engine/sampleSnapshots'

const views = evaluateEntries(
  [
    { snapshot: aaveMarket, source: null },
    { snapshot: hyperliquidCross, source: null },
  ],
  [],
).views

describe('cheapestProtection (alert.fired carries the way out)', () => {
  it('a health factor rule: the cheapest action back past threshold + hysteresis, with its figures', () => {
    const rule = { kind: 'HEALTH_FACTOR_BELOW', threshold: '3', hysteresis: '0.1' } as const
    const protection = cheapestProtection(rule, views, NOW_SEC * 1000)
    expect(protection?.target).toEqual({ kind: 'HEALTH_FACTOR', value: '3.1' })
    expect(['ADD_COLLATERAL', 'REPAY']).toContain(protection?.kind)
    expect(Number(protection?.after.healthFactor?.value)).toBeGreaterThanOrEqual(3.1)
    expect(Number(protection?.valueUsd)).toBeGreaterThan(0)
  })

  it('a margin ratio rule covers perp venues; equity and probability rules have no single-account target', () => {
    const protection = cheapestProtection(
      { kind: 'MARGIN_RATIO_ABOVE', threshold: '0.02', hysteresis: '0.005' },
      views,
      NOW_SEC * 1000,
    )
    expect(protection?.target).toEqual({ kind: 'MARGIN_RATIO', value: '0.015' })
    expect(Number(protection?.after.marginRatio.value)).toBeLessThanOrEqual(0.015)
    expect(targetOfRule({ kind: 'EQUITY_BELOW', threshold: '100', hysteresis: '0' })).toBeNull()
    expect(targetOfRule({ kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.1', hysteresis: '0' })).toBeNull()
  })
})
