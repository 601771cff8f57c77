import { describe, expect, it } from 'vitest'
import { D } from '../../../src/engine/decimal'
import { computeMarginRatio } from '../../../src/engine/marginRatio'

describe('computeMarginRatio', () => {
  it('is MM / equity when both are positive', () => {
    expect(computeMarginRatio({ maintenanceMarginUsd: new D('50'), equityUsd: new D('1000') })).toEqual({
      kind: 'finite',
      value: new D('0.05'),
    })
  })

  it('is none without exposure, even with no equity', () => {
    expect(computeMarginRatio({ maintenanceMarginUsd: new D(0), equityUsd: new D(0) })).toEqual({ kind: 'none' })
  })

  it('is infinite, never a division error, when equity is zero or negative with exposure', () => {
    expect(computeMarginRatio({ maintenanceMarginUsd: new D('1'), equityUsd: new D(0) })).toEqual({ kind: 'infinite' })
    expect(computeMarginRatio({ maintenanceMarginUsd: new D('1'), equityUsd: new D('-5') })).toEqual({
      kind: 'infinite',
    })
  })

  it('keeps 18-decimal amounts exact', () => {
    const ratio = computeMarginRatio({ maintenanceMarginUsd: new D('0.000000000000000001'), equityUsd: new D('3') })
    if (ratio.kind !== 'finite') throw new Error('expected a finite ratio')
    expect(ratio.value.toSignificantDigits(20).toFixed()).toBe('0.00000000000000000033333333333333333333')
  })
})
