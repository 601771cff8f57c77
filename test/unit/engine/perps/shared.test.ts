import { describe, expect, it } from 'vitest'
import { dec, ZERO } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import {
  computeAccruedFunding,
  computeLiquidationDistance,
  computeTieredLiquidationPrice,
  computeUnrealizedPnl,
  findTierIndex,
  type TierLeg,
  type TierSchedule,
} from '../../../../src/engine/perps'

const schedule = (floors: string[], rates: string[]): TierSchedule => ({
  count: floors.length,
  floorUsd: (i) => dec(floors[i] ?? '0'),
  rate: (i) => dec(rates[i] ?? '0'),
})

describe('computeUnrealizedPnl (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/entry-price-and-pnl)', () => {
  it('is size × (mark − entry) for longs and shorts', () => {
    expect(
      computeUnrealizedPnl({
        size: dec('0.0335'),
        entryPriceUsd: dec('2986.3'),
        markPriceUsd: dec('2985.9'),
      }).toString(),
    ).toBe('-0.0134')
    expect(
      computeUnrealizedPnl({ size: dec('-3'), entryPriceUsd: dec('3000'), markPriceUsd: dec('3100') }).toString(),
    ).toBe('-300')
  })
})

describe('computeAccruedFunding (dYdX v4 settlement: quantums × (perpetual index − position index))', () => {
  it('a long owes funding when the index rose, a short receives it', () => {
    const args = { fundingIndexUsd: dec('1.5'), settledFundingIndexUsd: dec('1') }
    expect(computeAccruedFunding({ size: dec('2'), ...args }).toString()).toBe('1')
    expect(computeAccruedFunding({ size: dec('-2'), ...args }).toString()).toBe('-1')
  })
})

describe('computeLiquidationDistance', () => {
  it('is the signed percentage from the current price', () => {
    expect(computeLiquidationDistance({ liquidationPriceUsd: dec('90'), priceUsd: dec('100') })).toEqual({
      kind: 'price',
      priceUsd: dec('90'),
      distance: dec('-0.1'),
    })
  })
})

describe('findTierIndex', () => {
  const tiers = schedule(['0', '50000', '250000'], ['0.004', '0.005', '0.01'])
  it('takes the last tier whose floor is <= the notional (a floor belongs to its own tier)', () => {
    expect(findTierIndex({ tiers, notionalUsd: dec('49999.99') })).toBe(0)
    expect(findTierIndex({ tiers, notionalUsd: dec('50000') })).toBe(1)
    expect(findTierIndex({ tiers, notionalUsd: dec('1e12') })).toBe(2)
  })
})

describe('computeTieredLiquidationPrice', () => {
  // Surplus of a 6-unit collateral leg with a 5-unit short perp (rates 1% then 50% from a 1000 notional,
  // deduction 490): f(p) = W + 0.95 p below p = 200 and W + 490 − 1.5 p above: concave, two roots.
  const legs: TierLeg[] = [
    { side: 1, absSize: dec('6'), tiers: schedule(['0'], ['0']) },
    { side: -1, absSize: dec('5'), tiers: schedule(['0', '1000'], ['0.01', '0.5']) },
  ]
  const wallet = dec('-100')
  const deduction = (tier: number) => (tier === 0 ? ZERO : dec('490'))
  const slope = (tier: number) => (tier === 0 ? dec('0.95') : dec('-1.5'))
  // the venue formula of this toy surplus: the root of W + deduction + slope × p
  const solve = (tiers: readonly number[]) =>
    wallet
      .add(deduction(tiers[1] ?? 0))
      .neg()
      .div(slope(tiers[1] ?? 0))

  it('returns the root below when it is nearer', () => {
    expect(computeTieredLiquidationPrice({ priceUsd: dec('150'), legs, solve })?.toString()).toBe(
      dec('100').div('0.95').toString(),
    )
  })

  it('returns the root above when it is nearer, across a tier boundary', () => {
    expect(computeTieredLiquidationPrice({ priceUsd: dec('220'), legs, solve })?.toString()).toBe('260')
  })

  it('returns null when no positive price reaches maintenance margin', () => {
    const long: TierLeg[] = [{ side: 1, absSize: dec('1'), tiers: schedule(['0'], ['0.01']) }]
    // f(p) = 50 + 0.99 p: its root is negative
    expect(
      computeTieredLiquidationPrice({ priceUsd: dec('100'), legs: long, solve: () => dec('-50').div('0.99') }),
    ).toBeNull()
  })

  it('throws on tier tables that break the preconditions (discontinuous: the steps would cycle)', () => {
    const long: TierLeg[] = [{ side: 1, absSize: dec('1'), tiers: schedule(['0', '100'], ['0.01', '0.02']) }]
    // each segment's formula points into the other segment: 80 (tier 0) <-> 120 (tier 1)
    const solve = (tiers: readonly number[]) => (tiers[0] === 1 ? dec('80') : dec('120'))
    expect(() => computeTieredLiquidationPrice({ priceUsd: dec('150'), legs: long, solve })).toThrow(EngineInputError)
  })
})
