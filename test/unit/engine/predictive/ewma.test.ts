/**
 * RiskMetrics EWMA volatility on hand-computed series.
 *
 * @see https://www.msci.com/documents/10199/5915b101-4206-4ba0-aee2-3449d5c7e95a  (RiskMetrics Technical Document 1996, §5.2.1)
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import { computeEwmaVolatility } from '../../../../src/engine/predictive'

const DAY = 86_400

describe('computeEwmaVolatility', () => {
  it('follows σ²ₜ = λσ²ₜ₋₁ + (1 − λ)r²ₜ from the seed σ²₁ = r₁² (hand-computed)', () => {
    // σ²₁ = 0.0001; σ²₂ = 0.94·0.0001 + 0.06·0.0004 = 0.000118; σ²₃ = 0.94·0.000118 + 0.06·0.000225 = 0.00012442
    const result = computeEwmaVolatility({ logReturns: ['0.01', '-0.02', '0.015'], periodSec: DAY })
    expect(result.variancePerPeriod.toString()).toBe('0.00012442')
    expect(result.volatilityPerPeriod.eq(dec('0.00012442').sqrt())).toBe(true)
    // Daily → annual: × √365.
    expect(result.volatility.eq(dec('0.00012442').sqrt().mul(dec('365').sqrt()))).toBe(true)
    expect(result.volatility.toFixed(4)).toBe('0.2131')
    expect(result.returns).toBe(3)
  })

  it('takes prices and turns them into log returns', () => {
    const prices = ['100', '101', '99', '100.5']
    const fromPrices = computeEwmaVolatility({ prices, periodSec: DAY, decay: '0.9' })
    const logReturns = [dec('101').div(100).ln(), dec('99').div(101).ln(), dec('100.5').div(99).ln()]
    const fromReturns = computeEwmaVolatility({ logReturns, periodSec: DAY, decay: '0.9' })
    expect(fromPrices.variancePerPeriod.eq(fromReturns.variancePerPeriod)).toBe(true)
    const [r1, r2, r3] = logReturns as [ReturnType<typeof dec>, ReturnType<typeof dec>, ReturnType<typeof dec>]
    const byHand = r1.mul(r1).mul('0.81').add(r2.mul(r2).mul('0.09')).add(r3.mul(r3).mul('0.1'))
    expect(fromPrices.variancePerPeriod.sub(byHand).abs().toNumber()).toBeLessThan(1e-50)
  })

  it('has constant returns as a fixed point, whatever the decay', () => {
    for (const decay of ['0.5', '0.94', '0.99']) {
      const result = computeEwmaVolatility({ logReturns: Array(20).fill('0.03'), periodSec: DAY, decay })
      expect(result.volatilityPerPeriod.toString()).toBe('0.03')
    }
  })

  it('annualises by √(year / period)', () => {
    const hourly = computeEwmaVolatility({ logReturns: ['0.002', '0.004'], periodSec: 3_600 })
    expect(hourly.volatility.eq(hourly.volatilityPerPeriod.mul(dec('8760').sqrt()))).toBe(true)
  })

  it('rejects bad input', () => {
    expect(() => computeEwmaVolatility({ prices: ['100'], periodSec: DAY })).toThrow(EngineInputError)
    expect(() => computeEwmaVolatility({ logReturns: ['0.01'], periodSec: DAY, decay: '1' })).toThrow(EngineInputError)
    expect(() => computeEwmaVolatility({ prices: ['100', '0'], periodSec: DAY })).toThrow(EngineInputError)
    expect(() => computeEwmaVolatility({ logReturns: ['0.01'], periodSec: 0 })).toThrow(EngineInputError)
  })
})
