import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { measureRule } from '../../../src/alerts/rules/measureRule'
import { parseRuleInput } from '../../../src/alerts/rules/parseRuleInput'
import { decodeRuleValue, encodeRuleValue } from '../../../src/alerts/rules/ruleValue'
import { type RuleState, stepRule } from '../../../src/alerts/rules/stepRule'
import { volatilityFromHistory } from '../../../src/alerts/rules/volatilityFromHistory'
import { D, finite, RATIO_INFINITE, RATIO_NONE, type Ratio } from '../../../src/engine/decimal'
import { evaluateMarginAccount } from '../../../src/engine/evaluateMarginAccount'
import { computeTouchProbability } from '../../../src/engine/predictive'
import { allSamples, NOW_SEC } from '../engine/sampleSnapshots'

const reports = allSamples.map((snapshot) => evaluateMarginAccount({ snapshot, nowSec: NOW_SEC }))
const value = (x: number | string): Ratio => finite(new D(x))

function rule(overrides: Partial<RuleState> = {}): RuleState {
  return {
    kind: 'HEALTH_FACTOR_BELOW',
    threshold: '1',
    hysteresis: '0.05',
    cooldownSeconds: 0,
    state: 'armed',
    sequence: 0,
    lastFiredAtMs: null,
    ...overrides,
  }
}

/** Runs the state machine over values, one tick per minute; returns the ticks that fired. */
function run(start: RuleState, values: readonly Ratio[]): number[] {
  let state = start
  const fired: number[] = []
  values.forEach((v, i) => {
    const nowMs = i * 60_000
    const step = stepRule(state, v, nowMs)
    if (step.action === 'fire') {
      fired.push(i)
      state = { ...state, state: 'fired', sequence: step.sequence, lastFiredAtMs: nowMs }
    } else if (step.action === 'rearm') {
      state = { ...state, state: 'armed' }
    }
  })
  return fired
}

describe('stepRule', () => {
  it('fires at the threshold, not before (BELOW: ≤, ABOVE: ≥ and INFINITE)', () => {
    expect(stepRule(rule(), value('1.0001'), 0)).toEqual({ action: 'none' })
    expect(stepRule(rule(), value('1'), 0)).toEqual({ action: 'fire', sequence: 1 })
    const above = rule({ kind: 'MARGIN_RATIO_ABOVE', threshold: '0.8', hysteresis: '0.1' })
    expect(stepRule(above, value('0.7999'), 0)).toEqual({ action: 'none' })
    expect(stepRule(above, value('0.8'), 0)).toEqual({ action: 'fire', sequence: 1 })
    expect(stepRule(above, RATIO_INFINITE, 0)).toEqual({ action: 'fire', sequence: 1 })
    expect(stepRule(above, RATIO_NONE, 0)).toEqual({ action: 'none' })
  })

  it('re-arms only past the hysteresis band, or when the value stops applying', () => {
    const fired = rule({ state: 'fired', sequence: 1 })
    expect(stepRule(fired, value('1.05'), 0)).toEqual({ action: 'none' })
    expect(stepRule(fired, value('1.0501'), 0)).toEqual({ action: 'rearm' })
    expect(stepRule(fired, RATIO_INFINITE, 0)).toEqual({ action: 'rearm' })
    expect(stepRule(fired, RATIO_NONE, 0)).toEqual({ action: 'rearm' })
    const above = rule({ kind: 'MARGIN_RATIO_ABOVE', threshold: '0.8', hysteresis: '0.1', state: 'fired' })
    expect(stepRule(above, value('0.7'), 0)).toEqual({ action: 'none' })
    expect(stepRule(above, value('0.6999'), 0)).toEqual({ action: 'rearm' })
  })

  it('holds a firing back during the cooldown, then fires if still past the threshold', () => {
    const cooling = rule({ cooldownSeconds: 600, lastFiredAtMs: 0, sequence: 3 })
    expect(stepRule(cooling, value('0.9'), 599_999)).toEqual({ action: 'none' })
    expect(stepRule(cooling, value('0.9'), 600_000)).toEqual({ action: 'fire', sequence: 4 })
  })

  it('fires once per real crossing of a flapping value', () => {
    const values = ['1.1', '0.99', '1.01', '0.98', '1.04', '0.97', '1.06', '1.0', '1.2'].map(value)
    expect(run(rule(), values)).toEqual([1, 7])
  })

  it('property: firings = crossings from outside the band to the threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 80, max: 120 }), { maxLength: 60 }), (cents) => {
        const values = cents.map((c) => value(c / 100))
        // Independent count: armed starts true; a value ≤ 1 while armed counts and disarms; > 1.05 re-arms.
        let armed = true
        let crossings = 0
        for (const c of cents) {
          if (armed && c <= 100) {
            crossings += 1
            armed = false
          } else if (!armed && c > 105) armed = true
        }
        expect(run(rule(), values)).toHaveLength(crossings)
      }),
    )
  })
})

describe('measureRule', () => {
  it('takes the worst margin account (never netted), and the total equity', () => {
    const ratios = reports.map((r) => r.marginRatio)
    const worst = measureRule({ kind: 'MARGIN_RATIO_ABOVE', reports })
    for (const ratio of ratios) {
      if (ratio.kind === 'finite' && worst.kind === 'finite') expect(worst.value.gte(ratio.value)).toBe(true)
    }
    const equity = measureRule({ kind: 'EQUITY_BELOW', reports })
    expect(equity).toEqual(finite(reports.reduce((total, r) => total.add(r.equityUsd), new D(0))))
    expect(measureRule({ kind: 'MARGIN_RATIO_ABOVE', reports: [] })).toEqual(RATIO_NONE)
  })

  it('lowest health factor among lending accounts; NONE without any', () => {
    const lending = reports.filter((r) => r.healthFactor?.kind === 'finite')
    expect(lending.length).toBeGreaterThan(0)
    const hf = measureRule({ kind: 'HEALTH_FACTOR_BELOW', reports })
    const min = lending.map((r) => (r.healthFactor as { value: D }).value).reduce((a, b) => (a.lt(b) ? a : b))
    expect(hf).toEqual(finite(min))
    const perps = reports.filter((r) => r.healthFactor === null)
    expect(measureRule({ kind: 'HEALTH_FACTOR_BELOW', reports: perps })).toEqual(RATIO_NONE)
  })

  it('smallest distance to a liquidation price, a fraction', () => {
    const distances = reports.flatMap((r) =>
      r.positions.flatMap((p) => (p.liquidationPrice.kind === 'price' ? [p.liquidationPrice.distance.abs()] : [])),
    )
    const measured = measureRule({
      kind: 'DISTANCE_TO_LIQUIDATION_BELOW',
      reports: reports.filter((r) => !r.liquidatable),
    })
    expect(measured.kind).toBe('finite')
    if (measured.kind === 'finite') expect(distances.some((d) => d.eq(measured.value))).toBe(true)
  })

  it('probability of touching the liquidation price within the horizon, NONE without volatility', () => {
    const horizonSec = 86_400
    expect(measureRule({ kind: 'LIQUIDATION_PROBABILITY_ABOVE', reports, horizonSec })).toEqual(RATIO_NONE)
    const volatility = new D('0.8')
    const measured = measureRule({
      kind: 'LIQUIDATION_PROBABILITY_ABOVE',
      reports: reports.filter((r) => !r.liquidatable),
      horizonSec,
      volatilityOf: () => volatility,
    })
    const expected = reports
      .filter((r) => !r.liquidatable)
      .flatMap((r) => r.positions)
      .flatMap((p) =>
        p.liquidationPrice.kind === 'price'
          ? [
              computeTouchProbability({
                spot: p.markPriceUsd,
                barrier: p.liquidationPrice.priceUsd,
                volatility,
                horizonSec,
              }),
            ]
          : [],
      )
      .reduce((a, b) => (a.gt(b) ? a : b))
    expect(measured).toEqual(finite(expected))
  })
})

describe('parseRuleInput', () => {
  it('fills defaults: a tenth of the threshold, 0.05 for probabilities, one hour cooldown', () => {
    expect(parseRuleInput({ kind: 'HEALTH_FACTOR_BELOW', threshold: '1.1' }, 0)).toEqual({
      kind: 'HEALTH_FACTOR_BELOW',
      threshold: '1.1',
      hysteresis: '0.11',
      cooldownSeconds: 3600,
      horizonSeconds: null,
    })
    expect(
      parseRuleInput({ kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.2', horizonSeconds: 86_400 }, 0),
    ).toMatchObject({ hysteresis: '0.05', horizonSeconds: 86_400 })
    // A 1 % alert keeps a band it can recover through: half its threshold.
    expect(
      parseRuleInput({ kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.01', horizonSeconds: 86_400 }, 0),
    ).toMatchObject({ hysteresis: '0.005' })
  })

  it.each([
    [{ kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '1.5', horizonSeconds: 3600 }, /probability/],
    [{ kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.5' }, /horizonSeconds is required/],
    [{ kind: 'EQUITY_BELOW', threshold: '100', horizonSeconds: 3600 }, /applies to LIQUIDATION_PROBABILITY_ABOVE/],
    [{ kind: 'HEALTH_FACTOR_BELOW', threshold: '0' }, /greater than 0/],
    [{ kind: 'DISTANCE_TO_LIQUIDATION_BELOW', threshold: '1.01' }, /at most 1/],
    [{ kind: 'EQUITY_BELOW', threshold: '100', hysteresis: '-1' }, /hysteresis/],
    [{ kind: 'EQUITY_BELOW', threshold: '100', cooldownSeconds: 1.5 }, /cooldownSeconds/],
    // ABOVE values never go below 0: a band as wide as the threshold could never re-arm.
    [{ kind: 'MARGIN_RATIO_ABOVE', threshold: '0.5', hysteresis: '0.5' }, /never re-arm/],
    [
      { kind: 'LIQUIDATION_PROBABILITY_ABOVE', threshold: '0.05', hysteresis: '0.06', horizonSeconds: 3600 },
      /never re-arm/,
    ],
  ] as const)('refuses %o', (input, message) => {
    expect(() => parseRuleInput(input, 0)).toThrow(message)
  })
})

describe('rule values and volatility', () => {
  it('stores values losslessly, INFINITE and NONE included', () => {
    for (const v of [value('1.000000000000000000123'), RATIO_INFINITE, RATIO_NONE]) {
      expect(decodeRuleValue(encodeRuleValue(v))).toEqual(v)
    }
  })

  it('annualises minute EWMA volatility, scaling returns over gaps, NONE below ten returns', () => {
    const minute = 60_000
    const steady = Array.from({ length: 30 }, (_, i) => ({ minuteMs: i * minute, price: i % 2 ? '1010' : '1000' }))
    expect(volatilityFromHistory(steady.slice(0, 10))).toBeNull()
    const sigma = volatilityFromHistory(steady) as D
    // |r| = ln(1.01) every minute: σ_minute = ln(1.01) exactly once the seed has the same r², × √(525 600).
    expect(sigma.toNumber()).toBeCloseTo(Math.log(1.01) * Math.sqrt(525_600), 6)
    // The same path sampled every 4 minutes with 4× the variance per return gives the same volatility.
    const sparse = Array.from({ length: 30 }, (_, i) => ({
      minuteMs: i * 4 * minute,
      price: i % 2 ? String(1000 * Math.exp(2 * Math.log(1.01))) : '1000',
    }))
    expect((volatilityFromHistory(sparse) as D).toNumber()).toBeCloseTo(sigma.toNumber(), 6)
  })
})
