import { GraphQLError, Kind } from 'graphql'
import { describe, expect, it } from 'vitest'
import { D } from '../../../src/engine/decimal'
import {
  AddressScalar,
  BigDecimalScalar,
  ChainIdScalar,
  DateTimeScalar,
  FractionScalar,
  QuantityScalar,
  UsdAmountScalar,
  UsdPriceScalar,
} from '../../../src/graphql/scalars'

function codeOf(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : error
  }
  return 'no error'
}

describe('DateTime', () => {
  it('round-trips ISO-8601 UTC', () => {
    const date = DateTimeScalar.parseValue('2026-11-24T06:00:00.000Z') as Date
    expect(date.getTime()).toBe(Date.UTC(2026, 10, 24, 6))
    expect(DateTimeScalar.serialize(date)).toBe('2026-11-24T06:00:00.000Z')
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-01-31T12:00:00Z' })).toEqual(
      new Date(Date.UTC(2026, 0, 31, 12)),
    )
  })

  it.each(['2026-11-24', '2026-11-24T06:00:00+02:00', '2026-13-01T00:00:00Z', 1_764_000_000_000, ''])(
    'rejects %s',
    (value) => {
      expect(codeOf(() => DateTimeScalar.parseValue(value))).toBe('BAD_USER_INPUT')
    },
  )
})

describe('ChainId', () => {
  it('accepts positive integers', () => {
    expect(ChainIdScalar.parseValue(42161)).toBe(42161)
    expect(ChainIdScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toBe(1)
  })

  it.each([0, -1, 1.5, '1', 2 ** 53])('rejects %s', (value) => {
    expect(codeOf(() => ChainIdScalar.parseValue(value))).toBe('BAD_USER_INPUT')
  })
})

describe('BigDecimal', () => {
  it('serialises engine decimals without exponent notation', () => {
    expect(BigDecimalScalar.serialize(new D('1e-30'))).toBe('0.000000000000000000000000000001')
    expect(BigDecimalScalar.serialize(new D('12345678901234567890123456789'))).toBe('12345678901234567890123456789')
    expect(BigDecimalScalar.serialize(10n ** 30n)).toBe('1000000000000000000000000000000')
  })

  it('refuses to serialise a JS number (a programming error)', () => {
    expect(codeOf(() => BigDecimalScalar.serialize(0.1))).toBe('BAD_USER_INPUT')
  })
})

describe('figure kinds: one documented precision each', () => {
  it('UsdAmount: 8 decimal places, half to even, trailing zeros trimmed', () => {
    expect(UsdAmountScalar.serialize(new D('1234.567890125'))).toBe('1234.56789012')
    expect(UsdAmountScalar.serialize(new D('1234.567890135'))).toBe('1234.56789014')
    expect(UsdAmountScalar.serialize(new D('1234.50000000000000001'))).toBe('1234.5')
    expect(UsdAmountScalar.serialize(new D('-0.000000001'))).toBe('0')
    expect(UsdAmountScalar.serialize('4434.7548357285058528987065074034035205841064453125')).toBe('4434.75483573')
  })

  it('UsdPrice: 10 significant digits, for large and tiny prices alike', () => {
    expect(UsdPriceScalar.serialize(new D('2847.12345678901'))).toBe('2847.123457')
    expect(UsdPriceScalar.serialize(new D('0.0000123456789012'))).toBe('0.0000123456789')
    expect(UsdPriceScalar.serialize(new D('65000'))).toBe('65000')
  })

  it('Quantity and Fraction: 18 decimal places (a wad: health factors to the wei)', () => {
    expect(FractionScalar.serialize(new D('192.945996849333333333333333333333333333'))).toBe('192.945996849333333333')
    expect(FractionScalar.serialize(new D('1.049986000000000000999'))).toBe('1.049986000000000001')
    expect(QuantityScalar.serialize(new D('1e-19'))).toBe('0')
    expect(QuantityScalar.serialize(new D('-2.5'))).toBe('-2.5')
  })

  it('inputs are taken exactly, never rounded', () => {
    expect(FractionScalar.parseValue('-0.123456789012345678901')).toBe('-0.123456789012345678901')
    expect(codeOf(() => FractionScalar.parseValue(-0.1))).toBe('BAD_USER_INPUT')
    expect(codeOf(() => FractionScalar.parseLiteral({ kind: Kind.FLOAT, value: '0.1' }))).toBe('BAD_USER_INPUT')
  })
})

describe('Address', () => {
  it('serialises checksummed', () => {
    expect(AddressScalar.serialize('0xd8da6bf26964af9d7eed9e03e53415d37aa96045')).toBe(
      '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
    )
  })
})
