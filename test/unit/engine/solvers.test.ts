import { describe, expect, it } from 'vitest'
import { D, dec } from '../../../src/engine/decimal'
import { EngineInputError } from '../../../src/engine/errors'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../../../src/engine/evaluateMarginAccount'
import { solveDeposit, solveReduction, solveUniformMove } from '../../../src/engine/solvers'
import type { RiskReport } from '../../../src/engine/types'
import { applyChanges } from '../../../src/engine/whatIf/applyChanges'
import {
  aaveMarket,
  allSamples,
  binanceCross,
  dydxCross,
  hyperliquidCross,
  NOW_SEC,
  optionsBook,
} from './sampleSnapshots'

const evaluate = (snapshot: MarginAccountSnapshot) => evaluateMarginAccount({ snapshot, nowSec: NOW_SEC })
const ratio = (report: RiskReport) => (report.marginRatio.kind === 'finite' ? report.marginRatio.value : null)
const hf = (report: RiskReport) => (report.healthFactor?.kind === 'finite' ? report.healthFactor.value : null)

describe('solveDeposit', () => {
  it('finds the USDC deposit that brings a Hyperliquid account to a margin ratio (closed form: MM / target − equity)', () => {
    const before = evaluate(hyperliquidCross)
    const result = solveDeposit({
      snapshot: hyperliquidCross,
      nowSec: NOW_SEC,
      asset: 'USDC',
      target: { kind: 'marginRatio', value: '0.05' },
    })
    if (result.kind !== 'solution') throw new Error(result.kind)
    const expected = before.maintenanceMarginUsd.div('0.05').sub(before.equityUsd)
    expect(result.amount.sub(expected).abs().div(expected).lt('1e-10')).toBe(true)
    expect(ratio(result.report)?.lte('0.05')).toBe(true)
  })

  it('finds the collateral an Aave account needs for a health factor, and no less', () => {
    const result = solveDeposit({
      snapshot: aaveMarket,
      nowSec: NOW_SEC,
      asset: 'WETH',
      target: { kind: 'healthFactor', value: '3' },
    })
    if (result.kind !== 'solution') throw new Error(result.kind)
    expect(hf(result.report)?.gte(3)).toBe(true)
    const less = applyChanges({
      snapshot: aaveMarket,
      changes: [{ kind: 'deposit', asset: 'WETH', amount: result.amount.mul('0.999999').toFixed() }],
      nowSec: NOW_SEC,
    })
    expect(hf(evaluate(less))?.lt(3)).toBe(true)
  })

  it('answers already-met, and refuses a health factor target on a perp venue', () => {
    expect(
      solveDeposit({
        snapshot: binanceCross,
        nowSec: NOW_SEC,
        asset: 'USDT',
        target: { kind: 'marginRatio', value: '0.99' },
      }).kind,
    ).toBe('already-met')
    expect(() =>
      solveDeposit({
        snapshot: dydxCross,
        nowSec: NOW_SEC,
        asset: 'USDC',
        target: { kind: 'healthFactor', value: '2' },
      }),
    ).toThrow(EngineInputError)
  })
})

describe('solveReduction', () => {
  it('finds the smallest perp reduction that meets a margin ratio', () => {
    const result = solveReduction({
      snapshot: dydxCross,
      nowSec: NOW_SEC,
      position: 'ETH',
      target: { kind: 'marginRatio', value: '0.02' },
    })
    if (result.kind !== 'solution') throw new Error(result.kind)
    expect(ratio(result.report)?.lte('0.02')).toBe(true)
    expect(result.amount.gt(0) && result.amount.lt(5)).toBe(true)
    const less = applyChanges({
      snapshot: dydxCross,
      changes: [
        { kind: 'setPerpPosition', underlying: 'ETH', size: new D(5).sub(result.amount.mul('0.9999')).toFixed() },
      ],
      nowSec: NOW_SEC,
    })
    expect(ratio(evaluate(less))?.gt('0.02')).toBe(true)
  })

  it('repays Aave debt to reach a health factor', () => {
    const result = solveReduction({
      snapshot: aaveMarket,
      nowSec: NOW_SEC,
      position: 'USDT',
      target: { kind: 'healthFactor', value: '4' },
    })
    if (result.kind !== 'solution') throw new Error(result.kind)
    expect(hf(result.report)?.gte(4)).toBe(true)
    expect(result.amount.lt(18_000)).toBe(true)
  })

  it('is unreachable when closing the whole position is not enough', () => {
    // Only the BTC short is reduced; the ETH long keeps the ratio above 0.001.
    expect(
      solveReduction({
        snapshot: hyperliquidCross,
        nowSec: NOW_SEC,
        position: 'BTC',
        target: { kind: 'marginRatio', value: '0.001' },
      }).kind,
    ).toBe('unreachable')
    expect(() =>
      solveReduction({
        snapshot: hyperliquidCross,
        nowSec: NOW_SEC,
        position: 'SOL',
        target: { kind: 'marginRatio', value: '0.1' },
      }),
    ).toThrow(EngineInputError)
  })
})

describe('solveUniformMove', () => {
  it.each(allSamples.map((s) => [s.model, s] as const))(
    '%s: at the solved move, equity equals maintenance margin',
    (_model, snapshot) => {
      const result = solveUniformMove({ snapshot, nowSec: NOW_SEC })
      if (result.kind !== 'move') throw new Error(result.kind)
      const at = evaluate(
        applyChanges({ snapshot, changes: [{ kind: 'moveAllCrypto', move: result.move.toFixed() }], nowSec: NOW_SEC }),
      )
      const surplus = at.haircutEquityUsd.sub(at.maintenanceMarginUsd)
      // Aave prices are whole oracle units (1e-8 USD): allow the equity change of one unit per asset.
      const tolerance = snapshot.model === 'aave-v3' ? dec('1e-4') : at.maintenanceMarginUsd.mul('1e-9')
      expect(surplus.abs().lte(tolerance), `${surplus.toString()} at ${result.move.toString()}`).toBe(true)
      // And a slightly smaller move does not liquidate.
      const before = evaluate(
        applyChanges({
          snapshot,
          changes: [{ kind: 'moveAllCrypto', move: result.move.mul('0.999').toFixed() }],
          nowSec: NOW_SEC,
        }),
      )
      expect(before.liquidatable).toBe(false)
    },
  )

  it('goes up for accounts short crypto, down for accounts long', () => {
    const long = solveUniformMove({ snapshot: dydxCross, nowSec: NOW_SEC })
    expect(long.kind === 'move' && long.move.isNegative()).toBe(true)
    const short = solveUniformMove({
      snapshot: applyChanges({
        snapshot: dydxCross,
        changes: [{ kind: 'setPerpPosition', underlying: 'ETH', size: '-5' }],
        nowSec: NOW_SEC,
      }),
      nowSec: NOW_SEC,
    })
    expect(short.kind === 'move' && short.move.isPositive()).toBe(true)
  })

  it('reports already-liquidatable and unreachable', () => {
    const crashed = applyChanges({
      snapshot: hyperliquidCross,
      changes: [{ kind: 'moveAllCrypto', move: '-0.5' }],
      nowSec: NOW_SEC,
    })
    expect(solveUniformMove({ snapshot: crashed, nowSec: NOW_SEC }).kind).toBe('already-liquidatable')
    const stableOnly = applyChanges({
      snapshot: aaveMarket,
      changes: [
        { kind: 'withdraw', asset: 'WETH', amount: '10' },
        { kind: 'repay', asset: 'USDT', amount: '10000' },
      ],
      nowSec: NOW_SEC,
    })
    expect(solveUniformMove({ snapshot: stableOnly, nowSec: NOW_SEC }).kind).toBe('unreachable')
    expect(optionsBook.model).toBe('portfolio-margin')
  })
})
