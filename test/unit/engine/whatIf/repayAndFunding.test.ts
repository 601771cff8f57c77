/**
 * What-if repays of Aave stable debt, and the funding every deposit and repay states. The exact
 * match with the real Pool is in test/node/aave-v3/stableRepay.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { type AaveV3Snapshot, computeStableDebt } from '../../../../src/engine/aave-v3'
import { D, fromRaw } from '../../../../src/engine/decimal'
import { EngineInputError } from '../../../../src/engine/errors'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../../../../src/engine/evaluateMarginAccount'
import { applyChanges, applyChangesWithFunding } from '../../../../src/engine/whatIf/applyChanges'
import type { WhatIfChange } from '../../../../src/engine/whatIf/types'
import { snapshotFixture, wei } from '../aave-v3/fixtures'
import { aaveMarket, NOW_SEC, optionsBook } from '../sampleSnapshots'

const YEAR = 365 * 24 * 3600
const RAY = 10n ** 27n

/** 10 WETH supplied; USDC owed at a 10 % stable rate for a year (1,000 principal) and, optionally, at the variable rate. */
function withStableDebt({ variable = 0n }: { variable?: bigint } = {}): AaveV3Snapshot {
  const snapshot = snapshotFixture({
    reserves: [
      { symbol: 'WETH', priceUsd: '3000', supplied: wei('10') },
      { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: variable },
    ],
  })
  const [weth, usdc] = snapshot.reserves
  if (!weth || !usdc) throw new Error('fixture')
  const user = {
    ...usdc.user,
    principalStableDebt: wei('1000', 6).toString(),
    stableBorrowRate: (RAY / 10n).toString(),
    stableBorrowLastUpdateTimestamp: NOW_SEC - YEAR,
  }
  return { ...snapshot, reserves: [weth, { ...usdc, user }] }
}

const usdcOf = (snapshot: AaveV3Snapshot) => snapshot.reserves.find((r) => r.symbol === 'USDC')?.user

function stableDebtOf(snapshot: AaveV3Snapshot): bigint {
  const user = usdcOf(snapshot)
  if (!user) throw new Error('no USDC reserve')
  return computeStableDebt({ user, nowSec: NOW_SEC })
}
const evaluate = (snapshot: MarginAccountSnapshot) => evaluateMarginAccount({ snapshot, nowSec: NOW_SEC })
const apply = <snapshot extends MarginAccountSnapshot>(snapshot: snapshot, ...changes: WhatIfChange[]) =>
  applyChanges({ snapshot, changes, nowSec: NOW_SEC })

describe('repaying Aave stable debt', () => {
  const snapshot = withStableDebt()
  const owed = stableDebtOf(snapshot)

  it('accrues the year at the user’s rate into the principal, takes the amount off and restarts the clock', () => {
    // A year at 10 %: 1,000 × (1 + 0.1 + 0.1²/2 × (1 − 1/n) + the cubic term). The Pool truncates the
    // per-second x³ to a whole ray unit (31 instead of 31.9), so the cubic term is 0.000155, not 0.000167.
    expect(fromRaw(owed, 6).toFixed()).toBe('1105.162043')
    const repaid = apply(snapshot, { kind: 'repay', asset: 'USDC', amount: '400' })
    expect(usdcOf(repaid)).toMatchObject({
      principalStableDebt: (owed - wei('400', 6)).toString(),
      stableBorrowRate: (RAY / 10n).toString(),
      stableBorrowLastUpdateTimestamp: NOW_SEC,
      scaledVariableDebt: '0',
    })
    const debt = evaluate(repaid).positions.find((p) => p.id === 'debt:USDC')
    expect(debt?.size.toFixed()).toBe(
      fromRaw(owed - wei('400', 6), 6)
        .neg()
        .toFixed(),
    )
  })

  it('repays all of it, clearing the user’s rate and timestamp as StableDebtToken.burn does', () => {
    const all = fromRaw(owed, 6).toFixed()
    const repaid = apply(snapshot, { kind: 'repay', asset: 'USDC', amount: all, rateMode: 'stable' })
    expect(usdcOf(repaid)).toMatchObject({
      principalStableDebt: '0',
      stableBorrowRate: '0',
      stableBorrowLastUpdateTimestamp: 0,
    })
    expect(evaluate(repaid).healthFactor).toEqual({ kind: 'none' })
  })

  it('refuses more than is owed, and a rate mode the account has no debt at', () => {
    const oneMore = fromRaw(owed + 1n, 6).toFixed()
    expect(() => apply(snapshot, { kind: 'repay', asset: 'USDC', amount: oneMore })).toThrow(
      'Cannot repay more USDC than is borrowed at the stable rate (1105.162043).',
    )
    expect(() => apply(snapshot, { kind: 'repay', asset: 'USDC', amount: '1', rateMode: 'variable' })).toThrow(
      /no variable USDC debt/,
    )
  })

  it('asks which debt to repay when the asset is owed at both rates, and repays only that one', () => {
    const both = withStableDebt({ variable: wei('500', 6) })
    expect(() => apply(both, { kind: 'repay', asset: 'USDC', amount: '100' })).toThrow(EngineInputError)
    expect(() => apply(both, { kind: 'repay', asset: 'USDC', amount: '100' })).toThrow(
      /both the variable and the stable/,
    )
    const stable = apply(both, { kind: 'repay', asset: 'USDC', amount: '100', rateMode: 'stable' })
    expect(usdcOf(stable)?.scaledVariableDebt).toBe(wei('500', 6).toString())
    expect(usdcOf(stable)?.principalStableDebt).toBe((owed - wei('100', 6)).toString())
    const variable = apply(both, { kind: 'repay', asset: 'USDC', amount: '100', rateMode: 'variable' })
    expect(usdcOf(variable)?.scaledVariableDebt).toBe(wei('400', 6).toString())
    expect(usdcOf(variable)?.principalStableDebt).toBe(wei('1000', 6).toString())
  })
})

describe('funding of deposits and repays', () => {
  it('states external funds, which raise equity by their value', () => {
    const { snapshot, funding } = applyChangesWithFunding({
      snapshot: aaveMarket,
      changes: [
        { kind: 'movePrice', underlying: 'WETH', move: '-0.1' },
        { kind: 'deposit', asset: 'WETH', amount: '2' },
      ],
      nowSec: NOW_SEC,
    })
    expect(funding[0]).toBeUndefined()
    expect(funding[1]).toMatchObject({ source: 'external', asset: 'WETH' })
    expect(funding[1]?.amount.toFixed()).toBe('2')
    expect(funding[1]?.valueUsd.toFixed()).toBe('5400') // at the price the earlier move left
    const moved = evaluate(apply(aaveMarket, { kind: 'movePrice', underlying: 'WETH', move: '-0.1' }))
    expect(evaluate(snapshot).equityUsd.sub(moved.equityUsd).toFixed()).toBe('5400')
  })

  it('repays from a named collateral: equity unchanged but for the rounding up to the collateral’s smallest unit', () => {
    const before = evaluate(aaveMarket)
    const { snapshot, funding } = applyChangesWithFunding({
      snapshot: aaveMarket,
      changes: [{ kind: 'repay', asset: 'USDT', amount: '1000', fundedFrom: 'WETH' }],
      nowSec: NOW_SEC,
    })
    // 1,000 USD of WETH at 3,000, rounded up to the wei: 0.333…334 WETH.
    expect(funding[0]).toMatchObject({ source: 'collateral', asset: 'WETH' })
    expect(funding[0]?.amount.toFixed()).toBe('0.333333333333333334')
    const after = evaluate(snapshot)
    const lost = before.equityUsd.sub(after.equityUsd)
    expect(lost.gte(0)).toBe(true)
    expect(lost.lte(new D('3000e-18'))).toBe(true) // at most one wei of WETH
    expect(after.positions.find((p) => p.id === 'debt:USDT')?.size.toFixed()).toBe('-17000')
    expect(after.positions.find((p) => p.id === 'collateral:WETH')?.size.toFixed()).toBe('9.666666666666666666')
  })

  it('deposits from another collateral of a declared book at exactly unchanged equity', () => {
    const { funding } = applyChangesWithFunding({
      snapshot: optionsBook,
      changes: [{ kind: 'deposit', asset: 'ETH', amount: '1.5', fundedFrom: 'USDC' }],
      nowSec: NOW_SEC,
    })
    expect(funding[0]?.amount.toFixed()).toBe('4500')
    const deposited = apply(optionsBook, { kind: 'deposit', asset: 'ETH', amount: '1.5', fundedFrom: 'USDC' })
    expect(deposited.collateral).toEqual([
      { asset: 'USDC', amount: '55500' },
      { asset: 'ETH', amount: '1.5' },
    ])
    expect(evaluate(deposited).equityUsd.eq(evaluate(optionsBook).equityUsd)).toBe(true)
  })

  it('refuses funds the collateral does not hold, saying how much it would take', () => {
    expect(() => apply(aaveMarket, { kind: 'repay', asset: 'USDT', amount: '18000', fundedFrom: 'WETH' })).not.toThrow()
    expect(() => apply(aaveMarket, { kind: 'deposit', asset: 'WETH', amount: '7', fundedFrom: 'USDC' })).toThrow(
      /Funding the deposit of 7 WETH from USDC takes 21000 USDC: Cannot withdraw more USDC than is supplied/,
    )
  })
})
