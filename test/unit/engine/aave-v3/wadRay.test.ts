/**
 * Worked examples of Aave's own WadRayMath / PercentageMath test suites, plus the rounding rule
 * (half up) as a property.
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/tests/protocol/libraries/math/WadRayMath.t.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/tests/protocol/libraries/math/PercentageMath.t.sol
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  HALF_RAY,
  MAX_UINT256,
  percentDiv,
  percentMul,
  RAY,
  rayDiv,
  rayMul,
  rayToWad,
  WAD,
  wadDiv,
  wadMul,
  wadToRay,
} from '../../../../src/engine/aave-v3'

const e18 = (x: string) => wadToRayLike(x, 18)
const e27 = (x: string) => wadToRayLike(x, 27)
function wadToRayLike(x: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = x.split('.')
  return BigInt(whole + fraction.padEnd(decimals, '0'))
}

describe('WadRayMath (Aave test suite examples)', () => {
  it('wadMul', () => {
    expect(wadMul(e18('2.5'), e18('0.5'))).toBe(e18('1.25'))
    expect(wadMul(e18('412.2'), e18('1'))).toBe(e18('412.2'))
    expect(wadMul(e18('6'), e18('2'))).toBe(e18('12'))
    expect(wadMul(0n, WAD)).toBe(0n)
  })

  it('rayMul', () => {
    expect(rayMul(e27('2.5'), e27('0.5'))).toBe(e27('1.25'))
    expect(rayMul(e27('412.2'), e27('1'))).toBe(e27('412.2'))
    expect(rayMul(e27('6'), e27('2'))).toBe(e27('12'))
  })

  it('wadDiv and rayDiv round the last digit half up', () => {
    expect(wadDiv(e18('2.5'), e18('0.5'))).toBe(e18('5'))
    expect(wadDiv(e18('8.745'), e18('0.67'))).toBe(e18('13.052238805970149254'))
    expect(rayDiv(e27('8.745'), e27('0.67'))).toBe(e27('13.052238805970149253731343284'))
    expect(rayDiv(e27('6'), e27('2'))).toBe(e27('3'))
  })

  it('wadToRay and rayToWad', () => {
    expect(wadToRay(e18('412.2'))).toBe(e27('412.2'))
    expect(rayToWad(e27('412.2'))).toBe(e18('412.2'))
    expect(rayToWad(499_999_999n)).toBe(0n)
    expect(rayToWad(500_000_000n)).toBe(1n)
  })

  it('reverts (throws) where the contracts revert', () => {
    expect(() => rayMul(MAX_UINT256, 2n)).toThrow(RangeError)
    expect(() => wadDiv(1n, 0n)).toThrow(RangeError)
    expect(() => percentDiv(1n, 0n)).toThrow(RangeError)
  })

  it('rounds exact halves up', () => {
    expect(rayMul(HALF_RAY, 1n)).toBe(1n)
    expect(rayMul(HALF_RAY - 1n, 1n)).toBe(0n)
    expect(wadMul(WAD / 2n, 1n)).toBe(1n)
  })

  it('rayMul is the product rounded half up (property)', () => {
    const uint128 = fc.bigInt(0n, (1n << 128n) - 1n)
    fc.assert(
      fc.property(uint128, uint128, (a, b) => {
        const q = rayMul(a, b)
        // a·b/RAY − q is in (−1/2, 1/2]: 2·(a·b − q·RAY) ∈ (−RAY, RAY]
        const twice = 2n * (a * b - q * RAY)
        return twice > -RAY && twice <= RAY
      }),
    )
  })

  it('rayDiv is the quotient rounded to nearest (property)', () => {
    const uint128 = fc.bigInt(1n, (1n << 128n) - 1n)
    fc.assert(
      fc.property(uint128, uint128, (a, b) => {
        const q = rayDiv(a, b)
        const twice = 2n * (a * RAY - q * b)
        return twice >= -b && twice <= b
      }),
    )
  })
})

describe('PercentageMath (Aave test suite examples)', () => {
  it('percentMul', () => {
    expect(percentMul(e18('1'), 50_00n)).toBe(e18('0.5'))
    expect(percentMul(e18('14.2515'), 74_42n)).toBe(e18('10.6059663'))
    expect(percentMul(9087312n * 10n ** 27n, 13_33n)).toBe(1211338689600000000000000000000000n)
  })

  it('percentDiv', () => {
    expect(percentDiv(e18('1'), 50_00n)).toBe(e18('2'))
    expect(percentDiv(e18('14.2515'), 74_42n)).toBe(e18('19.150094060736361193'))
    expect(percentDiv(9087312n * 10n ** 27n, 13_33n)).toBe(68171882970742685671417854463615904n)
  })
})
