import { describe, expect, it } from 'vitest'
import { D } from '../../../../src/engine/decimal'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../../../../src/engine/evaluateMarginAccount'
import { computeLiquidationOutlook, intersectBands } from '../../../../src/engine/predictive/computeLiquidationOutlook'
import { computeTouchProbability } from '../../../../src/engine/predictive/computeTouchProbability'
import { solveLiquidationBand } from '../../../../src/engine/solvers'
import { applyChanges } from '../../../../src/engine/whatIf/applyChanges'
import { snapshotFixture, wei } from '../aave-v3/fixtures'
import { dydxCross, NOW_SEC, quote } from '../sampleSnapshots'

const DAY = 86_400
const ETH_ASSET = { symbol: 'WETH', underlying: 'ETH', exchangeRate: '1', rateSource: 'par' }

describe('computeLiquidationOutlook', () => {
  it('one factor, one side: the barrier-touch probability, β/η and the median of the inverse Gaussian', () => {
    const outlook = computeLiquidationOutlook({
      factors: [{ underlying: 'ETH', volatility: '0.8', down: new D('-0.2'), up: null }],
      horizonsSec: [3600, DAY, 7 * DAY],
      liquidatableNow: false,
    })
    for (const { horizonSec, probability } of outlook.probabilities)
      expect(probability.toFixed(20)).toBe(
        computeTouchProbability({ spot: '1', barrier: '0.8', volatility: '0.8', horizonSec }).toFixed(20),
      )
    // log drift −σ²/2 heads down: E[τ] = ln(1/0.8) / 0.32 years.
    if (outlook.expected.kind !== 'finite') throw new Error('expected infinite')
    expect(
      outlook.expected.seconds
        .div(365 * DAY)
        .sub(new D(1.25).ln().div('0.32'))
        .abs()
        .lt('1e-30'),
    ).toBe(true)
    if (outlook.median.kind !== 'finite') throw new Error('median infinite')
    const atMedian = computeTouchProbability({
      spot: '1',
      barrier: '0.8',
      volatility: '0.8',
      horizonSec: Math.round(outlook.median.seconds.toNumber()),
    })
    expect(Math.abs(atMedian.toNumber() - 0.5)).toBeLessThan(1e-6)
  })

  it('two sides: above each one-sided probability, below their sum; exit surely (mean −ab/σ² with no log drift)', () => {
    const band = { underlying: 'ETH', volatility: '0.5', down: new D('-0.1'), up: new D('0.1') }
    const both = computeLiquidationOutlook({ factors: [band], horizonsSec: [DAY, 7 * DAY], liquidatableNow: false })
    for (const [i, horizonSec] of [DAY, 7 * DAY].entries()) {
      const down = computeTouchProbability({ spot: '1', barrier: '0.9', volatility: '0.5', horizonSec }).toNumber()
      const up = computeTouchProbability({ spot: '1', barrier: '1.1', volatility: '0.5', horizonSec }).toNumber()
      const p = both.probabilities[i]?.probability.toNumber() ?? Number.NaN
      expect(p).toBeGreaterThan(Math.max(down, up))
      expect(p).toBeLessThanOrEqual(down + up + 1e-12)
    }
    expect(both.probabilityEver.toFixed()).toBe('1')
    expect(both.expected.kind).toBe('finite')
  })

  it('liquidatable now: probability 1, times 0; nothing at risk: probability 0, times infinite', () => {
    const now = computeLiquidationOutlook({ factors: [], horizonsSec: [DAY], liquidatableNow: true })
    expect(now.probabilities[0]?.probability.toFixed()).toBe('1')
    expect(now.median).toEqual({ kind: 'finite', seconds: new D(0) })
    const never = computeLiquidationOutlook({
      factors: [{ underlying: 'ETH', volatility: '0.8', down: null, up: null }],
      horizonsSec: [DAY],
      liquidatableNow: false,
    })
    expect(never.probabilities[0]?.probability.toFixed()).toBe('0')
    expect(never.expected.kind).toBe('infinite')
  })

  it('independent factors multiply their survivals', () => {
    const eth = { underlying: 'ETH', volatility: '0.8', down: new D('-0.2'), up: null }
    const btc = { underlying: 'BTC', volatility: '0.6', down: new D('-0.15'), up: null }
    const one = (factor: typeof eth) =>
      computeLiquidationOutlook({ factors: [factor], horizonsSec: [7 * DAY], liquidatableNow: false }).probabilities[0]
        ?.probability as D
    const joint = computeLiquidationOutlook({ factors: [eth, btc], horizonsSec: [7 * DAY], liquidatableNow: false })
    const expected = new D(1).sub(new D(1).sub(one(eth)).mul(new D(1).sub(one(btc))))
    expect(joint.probabilities[0]?.probability.sub(expected).abs().lt('1e-40')).toBe(true)
  })
})

/** mulberry32: a seeded uniform generator, so the Monte Carlo is the same on every run. */
function seeded(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Aave v3: 10 WETH supplied (on ETH), 18,000 USDT borrowed: liquidated after an ETH fall of about 27 %. */
const aaveEth: MarginAccountSnapshot = {
  ...snapshotFixture({
    reserves: [
      { symbol: 'WETH', priceUsd: '3000', supplied: wei('10'), ltv: 8000, liquidationThreshold: 8250 },
      { symbol: 'USDT', decimals: 6, priceUsd: '1', borrowed: wei('18000', 6), ltv: 7500, liquidationThreshold: 7800 },
    ],
  }),
  prices: { WETH: { ...quote('3000'), asset: ETH_ASSET }, USDT: quote('1', 'stable') },
}

/** dYdX v4: 1 BTC long on 10,000 USDC of equity: liquidated after a BTC fall of about 8 %. */
const dydxBtc: MarginAccountSnapshot = {
  ...dydxCross,
  quoteBalance: '-80000',
  prices: { BTC: quote('90000'), USDC: quote('1', 'stable') },
  positions: [{ market: 'BTC-USD', size: '1', entryPrice: '90000' }],
  params: {
    markets: {
      'BTC-USD': {
        underlying: 'BTC',
        initialMarginFraction: '0.05',
        maintenanceMarginFraction: '0.03',
        openInterest: '1000',
      },
    },
  },
}

describe('portfolio probability against a seeded Monte Carlo (two venues, two underlyings)', () => {
  it('matches P(any margin account liquidated within 30 d) within its standard error', () => {
    const horizonSec = 30 * DAY
    const sigmas = { ETH: 0.9, BTC: 0.5 } as const
    const venues = [
      { snapshot: aaveEth, underlying: 'ETH' as const },
      { snapshot: dydxBtc, underlying: 'BTC' as const },
    ]
    const bands = venues.map(({ snapshot, underlying }) => {
      const band = solveLiquidationBand({ snapshot, nowSec: NOW_SEC, underlying })
      if (band.kind !== 'band') throw new Error(band.kind)
      return { underlying, down: band.down?.move ?? null, up: band.up?.move ?? null }
    })
    const outlookOf = (list: typeof bands) =>
      computeLiquidationOutlook({
        factors: [...intersectBands(list)].map(([underlying, band]) => ({
          underlying,
          ...band,
          volatility: String(sigmas[underlying as keyof typeof sigmas]),
        })),
        horizonsSec: [horizonSec],
        liquidatableNow: false,
      }).probabilities[0]?.probability.toNumber() as number
    const model = outlookOf(bands)

    // Independent paths of ln(price) = νt + σW per underlying, ν = −σ²/2 (zero price drift). Each
    // path's running minimum over the horizon is sampled exactly from (W_T, U) (the minimum of a
    // Brownian bridge), and each margin account is evaluated by the engine at its underlying's
    // minimum (both are long, so the minimum decides): liquidated when equity ≤ maintenance margin.
    const random = seeded(20_261_205)
    const T = horizonSec / (365 * DAY)
    const lowestMove = (sigma: number) => {
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
      const end = (-sigma * sigma * T) / 2 + sigma * Math.sqrt(T) * z
      const lowest = (end - Math.sqrt(end * end - 2 * sigma * sigma * T * Math.log(1 - random()))) / 2
      return new D(Math.expm1(lowest)).toFixed(18)
    }
    const paths = 1500
    let hits = 0
    for (let i = 0; i < paths; i++) {
      const moves = { ETH: lowestMove(sigmas.ETH), BTC: lowestMove(sigmas.BTC) }
      const liquidated = venues.some(({ snapshot, underlying }) => {
        const moved = applyChanges({
          snapshot,
          changes: [{ kind: 'movePrice', underlying, move: moves[underlying] }],
          nowSec: NOW_SEC,
        })
        const report = evaluateMarginAccount({ snapshot: moved, nowSec: NOW_SEC })
        return report.liquidatable || report.haircutEquityUsd.lte(report.maintenanceMarginUsd)
      })
      if (liquidated) hits++
    }
    const estimate = hits / paths
    const standardError = Math.sqrt((model * (1 - model)) / paths)
    // Both venues matter: each alone is well below the portfolio's probability.
    for (const band of bands) expect(outlookOf([band])).toBeLessThan(model - 0.05)
    // Seeded, so deterministic; 2 standard errors leaves room for the seed, not for a wrong model.
    expect(Math.abs(estimate - model)).toBeLessThan(2 * standardError)
  }, 600_000)
})
