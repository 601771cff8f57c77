/**
 * Barrier-touch probability of GBM: the reflection principle, symmetry, limits, and a seeded Monte
 * Carlo with a Brownian-bridge crossing correction.
 *
 * @see https://en.wikipedia.org/wiki/Reflection_principle_(Wiener_process)
 * @see https://en.wikipedia.org/wiki/Inverse_Gaussian_distribution
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { normalCdf } from '../../../../src/engine/math'
import { computeExpectedTimeToLiquidation, computeTouchProbability } from '../../../../src/engine/predictive'

const YEAR = 31_536_000
const DAY = 86_400

/** mulberry32: a small seeded PRNG, so the Monte Carlo is reproducible. */
function mulberry32(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * Fraction of simulated GBM paths that touch the barrier within the horizon. Log-price steps are
 * exact (Gaussian); between steps a path that ends on the same side still crossed with the
 * Brownian-bridge probability exp(−2·d₀·d₁/(σ²Δt)), so coarse steps are unbiased for continuous
 * monitoring.
 */
function simulateTouch(o: {
  spot: number
  barrier: number
  volatility: number
  drift: number
  years: number
  paths: number
  steps: number
  seed: number
}) {
  const random = mulberry32(o.seed)
  const dt = o.years / o.steps
  const logDrift = (o.drift - (o.volatility * o.volatility) / 2) * dt
  const diffusion = o.volatility * Math.sqrt(dt)
  const barrier = Math.log(o.barrier / o.spot)
  const above = barrier > 0
  let spare: number | undefined
  const gaussian = () => {
    if (spare !== undefined) {
      const value = spare
      spare = undefined
      return value
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()))
    const angle = 2 * Math.PI * random()
    spare = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }
  let hits = 0
  for (let path = 0; path < o.paths; path++) {
    let x = 0
    for (let step = 0; step < o.steps; step++) {
      const next = x + logDrift + diffusion * gaussian()
      const crossed = above ? next >= barrier : next <= barrier
      const bridge = Math.exp((-2 * (barrier - x) * (barrier - next)) / (diffusion * diffusion))
      if (crossed || random() < bridge) {
        hits++
        break
      }
      x = next
    }
  }
  const p = hits / o.paths
  return { p, standardError: Math.sqrt((p * (1 - p)) / o.paths) }
}

describe('computeTouchProbability', () => {
  it('is the reflection principle 2·Φ(−β/(σ√T)) when the log drift μ − σ²/2 is zero', () => {
    const volatility = dec('0.8')
    const drift = volatility.mul(volatility).div(2)
    const horizonSec = 30 * DAY
    const p = computeTouchProbability({ spot: '3000', barrier: '2400', volatility, drift, horizonSec })
    const beta = dec('3000').div('2400').ln()
    const expected = normalCdf(beta.neg().div(volatility.mul(dec(horizonSec.toString()).div(YEAR).sqrt()))).mul(2)
    expect(p.sub(expected).abs().toNumber()).toBeLessThan(1e-20)
    // Symmetric barriers at equal log distance above and below are equally likely without log drift.
    const up = computeTouchProbability({
      spot: '3000',
      barrier: dec('3000').mul(beta.exp()),
      volatility,
      drift,
      horizonSec,
    })
    expect(up.sub(p).abs().toNumber()).toBeLessThan(1e-20)
  })

  it('handles the limits', () => {
    const base = { spot: '3000', volatility: '0.5', horizonSec: DAY }
    expect(computeTouchProbability({ ...base, barrier: '3000' }).toString()).toBe('1')
    expect(computeTouchProbability({ ...base, barrier: '2900', horizonSec: 0 }).isZero()).toBe(true)
    // σ = 0: a deterministic path at drift μ reaches 3300 = 3000·e^(0.0953) in 0.0953/0.2 ≈ 0.48 years.
    expect(
      computeTouchProbability({
        ...base,
        barrier: '3300',
        volatility: '0',
        drift: '0.2',
        horizonSec: YEAR / 2,
      }).toString(),
    ).toBe('1')
    expect(
      computeTouchProbability({
        ...base,
        barrier: '3300',
        volatility: '0',
        drift: '0.2',
        horizonSec: YEAR / 4,
      }).isZero(),
    ).toBe(true)
  })

  it('increases with the horizon towards P(ever touched) = e^(−2|η|β/σ²) for drift away from the barrier', () => {
    const base = { spot: '3000', barrier: '3600', volatility: '0.6', drift: '0' }
    const week = computeTouchProbability({ ...base, horizonSec: 7 * DAY })
    const year = computeTouchProbability({ ...base, horizonSec: YEAR })
    const millennia = computeTouchProbability({ ...base, horizonSec: 2_000 * YEAR })
    expect(week.lt(year) && year.lt(millennia)).toBe(true)
    const { probabilityOfLiquidation } = computeExpectedTimeToLiquidation({ ...base, liquidationPrice: '3600' })
    // μ = 0: η = −σ²/2, so e^(−2|η|β/σ²) = e^(−β) = 3000/3600.
    expect(probabilityOfLiquidation.sub(dec('3000').div('3600')).abs().toNumber()).toBeLessThan(1e-50)
    expect(millennia.sub(probabilityOfLiquidation).abs().toNumber()).toBeLessThan(1e-20)
  })

  it('agrees with a seeded Monte Carlo (20 000 paths, bridge-corrected) within 4 standard errors', () => {
    const cases = [
      { spot: 3000, barrier: 2500, volatility: 0.8, drift: 0, years: 30 / 365, seed: 1 },
      { spot: 60_000, barrier: 66_000, volatility: 0.55, drift: 0.4, years: 60 / 365, seed: 2 },
      { spot: 100, barrier: 80, volatility: 0.3, drift: -0.2, years: 1, seed: 3 },
    ]
    for (const c of cases) {
      const { p, standardError } = simulateTouch({ ...c, paths: 20_000, steps: 40 })
      const exact = computeTouchProbability({
        spot: c.spot.toString(),
        barrier: c.barrier.toString(),
        volatility: c.volatility.toString(),
        drift: c.drift.toString(),
        horizonSec: Math.round(c.years * YEAR),
      }).toNumber()
      expect(exact).toBeGreaterThan(0.05)
      expect(Math.abs(p - exact)).toBeLessThan(4 * standardError)
    }
  })
})
