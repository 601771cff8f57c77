/**
 * Expected and median first-passage time of GBM to a liquidation price.
 *
 * @see https://en.wikipedia.org/wiki/Inverse_Gaussian_distribution  (mean β/η; CDF)
 * @see https://en.wikipedia.org/wiki/L%C3%A9vy_distribution  (zero drift: P(τ ≤ t) = 2Φ(−β/(σ√t)), median β²/(σΦ⁻¹(¾))²)
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { computeExpectedTimeToLiquidation, computeTouchProbability } from '../../../../src/engine/predictive'

const YEAR = 31_536_000
/** Φ⁻¹(3/4), the upper quartile of the standard normal. */
const NORMAL_UPPER_QUARTILE = dec('0.674489750196081743202227014541')

describe('computeExpectedTimeToLiquidation', () => {
  it('is ln(S/B)/|μ − σ²/2| when the log drift heads to the liquidation price', () => {
    // μ = 0 and a barrier below: log drift −σ²/2 = −0.32 points at it.
    const result = computeExpectedTimeToLiquidation({ spot: '3000', liquidationPrice: '2400', volatility: '0.8' })
    const expected = dec('3000').div('2400').ln().div('0.32').mul(YEAR)
    expect(result.expected.kind === 'finite' && result.expected.seconds.sub(expected).abs().lt('1e-40')).toBe(true)
    expect(result.probabilityOfLiquidation.toString()).toBe('1')
    // Upward barrier with μ = 0.5: log drift 0.5 − 0.18 = 0.32 toward it.
    const up = computeExpectedTimeToLiquidation({
      spot: '100',
      liquidationPrice: '150',
      volatility: '0.6',
      drift: '0.5',
    })
    expect(
      up.expected.kind === 'finite' && up.expected.seconds.sub(dec('1.5').ln().div('0.32').mul(YEAR)).abs().lt('1e-40'),
    ).toBe(true)
  })

  it('is infinite with zero or away log drift, while the median stays finite', () => {
    const zero = computeExpectedTimeToLiquidation({
      spot: '3000',
      liquidationPrice: '2400',
      volatility: '0.8',
      drift: '0.32',
    })
    expect(zero.expected).toEqual({ kind: 'infinite' })
    expect(zero.median.kind).toBe('finite')
    // Zero log drift: the Lévy median β²/(σ·Φ⁻¹(¾))².
    const beta = dec('3000').div('2400').ln()
    const levy = beta.div(NORMAL_UPPER_QUARTILE.mul('0.8')).pow(2).mul(YEAR)
    if (zero.median.kind === 'finite') expect(zero.median.seconds.div(levy).sub(1).abs().toNumber()).toBeLessThan(1e-12)
    const away = computeExpectedTimeToLiquidation({ spot: '3000', liquidationPrice: '3600', volatility: '0.8' })
    expect(away.expected).toEqual({ kind: 'infinite' })
    expect(away.median.kind).toBe('finite') // P(ever) = 3000/3600 ≥ ½
  })

  it('gives a median at which the touch probability is one half, and none when P(ever) < ½', () => {
    const setup = { spot: '100', volatility: '0.5', drift: '0.3' }
    const result = computeExpectedTimeToLiquidation({ ...setup, liquidationPrice: '70' })
    expect(result.median.kind).toBe('finite')
    if (result.median.kind !== 'finite') return
    const p = computeTouchProbability({ ...setup, barrier: '70', horizonSec: result.median.seconds.toNumber() })
    expect(p.sub('0.5').abs().toNumber()).toBeLessThan(1e-9)
    // Log drift 0.3 − 0.125 = 0.175 away from a barrier at ln(0.3): P(ever) = (0.3)^(2·0.175/0.25) = 0.3^1.4 < ½.
    const far = computeExpectedTimeToLiquidation({ ...setup, liquidationPrice: '30' })
    expect(far.median).toEqual({ kind: 'infinite' })
    expect(far.probabilityOfLiquidation.sub(dec('0.3').pow('1.4')).abs().toNumber()).toBeLessThan(1e-40)
  })

  it('is deterministic without volatility, and zero at the barrier', () => {
    const still = computeExpectedTimeToLiquidation({
      spot: '100',
      liquidationPrice: '90',
      volatility: '0',
      drift: '-0.1',
    })
    const seconds = dec('100').div('90').ln().div('0.1').mul(YEAR)
    expect(still.expected.kind === 'finite' && still.expected.seconds.sub(seconds).abs().lt('1e-40')).toBe(true)
    expect(still.median).toEqual(still.expected)
    const never = computeExpectedTimeToLiquidation({
      spot: '100',
      liquidationPrice: '90',
      volatility: '0',
      drift: '0.1',
    })
    expect(never.expected).toEqual({ kind: 'infinite' })
    const there = computeExpectedTimeToLiquidation({ spot: '100', liquidationPrice: '100', volatility: '0.5' })
    expect(there.expected.kind === 'finite' && there.expected.seconds.isZero()).toBe(true)
  })
})
