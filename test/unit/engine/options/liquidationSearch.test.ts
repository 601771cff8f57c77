/**
 * The portfolio-margin liquidation-price search evaluates each trial price with
 * `evaluateUnderlyingMargin` (doubles with a rough Φ rank the risk matrix, the exact kernel values
 * the cells that can be the worst). These tests hold it to the exact path it replaced:
 * - at any price, its option value and maintenance margin are the very Decimals
 *   `evaluateUnderlyingRisk` gives by revaluing the whole matrix exactly;
 * - the solver returns the same liquidation price on either path;
 * - that price matches an independent reference (bisection on the exact matrix, to 1e-18 of the
 *   ratio) to the API's output precision for a price (10 significant digits).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, ONE, ZERO } from '../../../../src/engine/decimal'
import {
  evaluatePortfolioMargin,
  type OptionPosition,
  type PortfolioMarginSnapshot,
} from '../../../../src/engine/options'
import {
  evaluateUnderlyingMargin,
  evaluateUnderlyingRisk,
  preparePortfolioMargin,
} from '../../../../src/engine/options/preparePortfolioMargin'
import { lnToNumber } from '../../../../src/engine/options/scenarioKernel'
import { solvePortfolioLiquidationPrice } from '../../../../src/engine/options/solvePortfolioLiquidationPrice'
import type { LiquidationPrice } from '../../../../src/engine/types'
import { HEADER, NOW, quote } from './fixtures'

const DAY = 86_400
const MOVES = Array.from({ length: 21 }, (_, i) => ((-150 + 15 * i) / 1000).toString())

function snapshot(
  options: OptionPosition[],
  extra: Partial<PortfolioMarginSnapshot> = {},
  params: Partial<PortfolioMarginSnapshot['params']> = {},
): PortfolioMarginSnapshot {
  return {
    ...HEADER,
    model: 'portfolio-margin',
    prices: { ETH: quote('3000'), USDC: quote('1', 'stable') },
    collateral: [{ asset: 'USDC', amount: '60000' }],
    options,
    params: {
      priceMoves: MOVES,
      volShocks: ['-0.3', '-0.15', '0', '0.15', '0.3'],
      volShockMode: 'relative',
      imMultiplier: '1.3',
      riskFreeRate: '0.05',
      ...params,
    },
    ...extra,
  }
}

const leg = fc.record({
  strike: fc.integer({ min: 15, max: 50 }).map((k) => (k * 100).toString()),
  right: fc.constantFrom<'call' | 'put'>('call', 'put'),
  size: fc
    .integer({ min: -25, max: 10 })
    .filter((s) => s !== 0)
    .map(String),
  // 0 days: expired at NOW, valued at intrinsic.
  days: fc.constantFrom(0, 1, 7, 30, 90, 365),
  vol: fc.integer({ min: 5, max: 150 }),
  black76: fc.boolean(),
})

type Leg = typeof leg extends fc.Arbitrary<infer T> ? T : never

const toOptions = (legs: Leg[]): OptionPosition[] =>
  legs.map((l, i) => ({
    id: `L${i}`,
    underlying: 'ETH',
    strike: l.strike,
    right: l.right,
    size: l.size,
    expirySec: NOW + l.days * DAY,
    impliedVolatility: (l.vol / 100).toString(),
    pricingModel: l.black76 ? 'black-76' : 'black-scholes',
    forwardPriceUsd: l.black76 ? '3012.5' : undefined,
  }))

describe('evaluateUnderlyingMargin', () => {
  it('gives the Decimals of the whole exact matrix at any price (options, perps, floor, absolute shocks, contingency, extended table)', () => {
    fc.assert(
      fc.property(
        fc.array(leg, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: -30, max: 30 }),
        fc.constantFrom<'relative' | 'absolute'>('relative', 'absolute'),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (legs, perp, volShockMode, logRatios, extended) => {
          const snap = snapshot(
            toOptions(legs),
            { perps: perp === 0 ? [] : [{ underlying: 'ETH', size: perp.toString(), entryPriceUsd: '2900' }] },
            {
              volShockMode,
              mmFloor: { ETH: '0.01' },
              ...(volShockMode === 'absolute' ? { volShocks: ['-0.2', '0', '0.2'] } : {}),
              ...(extended
                ? {
                    netShortOptionContingency: '0.01',
                    extendedTable: {
                      priceMoves: ['-0.66', '-0.33', '0.5', '1', '5'],
                      pnlFraction: '0.5',
                      dampenerUsd: '2000',
                    },
                  }
                : {}),
            },
          )
          const { underlyings, grid } = preparePortfolioMargin(snap, NOW)
          for (const book of underlyings) {
            for (const logRatio of [0, ...logRatios]) {
              const spotRatio = new D(logRatio).exp()
              const at = { spotRatio, logSpotRatio: lnToNumber(spotRatio) }
              const exact = evaluateUnderlyingRisk(book, grid, at)
              const fast = evaluateUnderlyingMargin(book, grid, at)
              expect(fast.optionValue.toString()).toBe(exact.optionValue.toString())
              expect(fast.maintenanceMargin.toString()).toBe(exact.maintenanceMargin.toString())
            }
          }
        },
      ),
      { numRuns: 60, seed: 14 },
    )
  })
})

/** The inputs `evaluatePortfolioMargin` hands the solver, for a book with USDC collateral only. */
function solve(snap: PortfolioMarginSnapshot, evaluate = evaluateUnderlyingMargin): LiquidationPrice {
  const report = evaluatePortfolioMargin({ snapshot: snap, nowSec: NOW })
  const { underlyings, grid } = preparePortfolioMargin(snap, NOW)
  const book = underlyings[0] as (typeof underlyings)[number]
  const current = evaluateUnderlyingRisk(book, grid, { spotRatio: ONE, logSpotRatio: 0 })
  const parameters = {
    book,
    grid,
    current,
    equityUsd: report.haircutEquityUsd,
    otherMaintenanceMarginUsd: ZERO,
    linearExposure: book.perpSize,
  }
  const result = solvePortfolioLiquidationPrice({ ...parameters, evaluate })
  expect(report.positions.find((p) => p.kind === 'option')?.liquidationPrice).toEqual(result)
  return result
}

/**
 * Reference: walk ln(ratio) outward in steps of 0.01 on both sides until the gap (haircut equity −
 * MM, whole matrix exact) is ≤ 0, take the closer crossing, bisect it to 1e-18 of the ratio.
 */
function bisectionReference(snap: PortfolioMarginSnapshot): D | null {
  const report = evaluatePortfolioMargin({ snapshot: snap, nowSec: NOW })
  const { underlyings, grid } = preparePortfolioMargin(snap, NOW)
  const book = underlyings[0] as (typeof underlyings)[number]
  const current = evaluateUnderlyingRisk(book, grid, { spotRatio: ONE, logSpotRatio: 0 })
  const gap = (ratio: D) => {
    const risk = evaluateUnderlyingRisk(book, grid, { spotRatio: ratio, logSpotRatio: lnToNumber(ratio) })
    return report.haircutEquityUsd
      .add(risk.optionValue.sub(current.optionValue))
      .add(book.perpSize.mul(book.price).mul(ratio.sub(1)))
      .sub(risk.maintenanceMargin)
  }
  for (let step = 1; step <= 600; step++) {
    const crossings = [-1, 1].flatMap((sign) => {
      const outer = new D(sign * step * 0.01).exp()
      if (gap(outer).isPositive()) return []
      let near = new D(sign * (step - 1) * 0.01).exp()
      let far = outer
      while (far.sub(near).abs().gt('1e-18')) {
        const middle = near.add(far).div(2)
        if (gap(middle).isPositive()) near = middle
        else far = middle
      }
      return [far]
    })
    if (crossings.length > 0) {
      const closest = crossings.reduce((best, ratio) => (ratio.sub(1).abs().lt(best.sub(1).abs()) ? ratio : best))
      return book.price.mul(closest)
    }
  }
  return null
}

const BENCH_BOOK: OptionPosition[] = Array.from({ length: 20 }, (_, i) => {
  const strike = 2_600 + 200 * (i % 5)
  return {
    id: `B${i}`,
    underlying: 'ETH',
    strike: strike.toString(),
    expirySec: NOW + DAY * ([7, 14, 30, 90][Math.floor(i / 5)] as number),
    right: i % 2 === 0 ? 'call' : 'put',
    size: i % 3 === 0 ? '-12.5' : '4',
    impliedVolatility: (0.55 + 0.01 * i).toString(),
    pricingModel: i % 4 === 0 ? 'black-76' : 'black-scholes',
    forwardPriceUsd: i % 4 === 0 ? '3012.5' : undefined,
  }
})

const straddle = (size: string, days: number): OptionPosition[] =>
  (['call', 'put'] as const).map((right) => ({
    id: `S-${right}`,
    underlying: 'ETH',
    strike: '3000',
    expirySec: NOW + days * DAY,
    right,
    size,
    impliedVolatility: '0.7',
    pricingModel: 'black-scholes' as const,
  }))

const BOOKS: [string, PortfolioMarginSnapshot][] = [
  ['the bench book (20 options)', snapshot(BENCH_BOOK)],
  [
    'the bench book with 25,000 USDC (near liquidation)',
    snapshot(BENCH_BOOK, { collateral: [{ asset: 'USDC', amount: '25000' }] }),
  ],
  [
    'a short straddle (both sides cross)',
    snapshot(straddle('-40', 30), { collateral: [{ asset: 'USDC', amount: '90000' }] }),
  ],
  [
    'short puts against a long perp',
    snapshot([{ ...(straddle('-20', 14)[1] as OptionPosition), strike: '2800' }], {
      perps: [{ underlying: 'ETH', size: '5', entryPriceUsd: '3100' }],
      collateral: [{ asset: 'USDC', amount: '15000' }],
    }),
  ],
]

describe('solvePortfolioLiquidationPrice', () => {
  it.each(BOOKS)(
    '%s: same liquidation price on the fast and the exact path, and as bisection to 10 significant digits',
    (_, snap) => {
      const fast = solve(snap)
      const exact = solve(snap, evaluateUnderlyingRisk)
      expect(fast).toEqual(exact)
      const reference = bisectionReference(snap)
      expect(fast.kind).toBe('price')
      if (fast.kind !== 'price' || reference === null) throw new Error('expected a liquidation price')
      expect(fast.priceUsd.toSignificantDigits(10).toString()).toBe(reference.toSignificantDigits(10).toString())
      // The solver's own tolerance is 1e-15 of the price.
      expect(fast.priceUsd.sub(reference).abs().div(reference).toNumber()).toBeLessThan(1e-14)
    },
  )
})
