/**
 * Every figure the API prints stays within its kind's documented precision (UsdAmount 8 decimal
 * places, UsdPrice 10 significant digits, Quantity and Fraction 18 decimal places): a property over
 * random what-if moves of the sandbox's real accounts (Aave v3 on two chains, Hyperliquid, dYdX)
 * and random declared options books. Each printed string is checked against the scalar its field
 * declares in the schema, so a new field is covered as soon as the query selects it.
 */
import fc from 'fast-check'
import {
  buildSchema,
  type GraphQLOutputType,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql'
import { describe, expect, it } from 'vitest'
import { typeDefs } from '../../src/graphql/sdl'
import { demoAccount } from '../harness/demoAccounts'
import { post } from '../helpers/graphql'

const schema = buildSchema(typeDefs.join('\n'))

/** How many digits each decimal scalar may print (see OUTPUT_PRECISION in src/engine/decimal.ts). */
const WITHIN: Record<string, (printed: string) => boolean> = {
  UsdAmount: (printed) => /^-?\d+(\.\d{1,8})?$/.test(printed),
  Quantity: (printed) => /^-?\d+(\.\d{1,18})?$/.test(printed),
  Fraction: (printed) => /^-?\d+(\.\d{1,18})?$/.test(printed),
  UsdPrice: (printed) =>
    /^-?\d+(\.\d+)?$/.test(printed) && printed.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '').length <= 10,
}

/** Every (scalar, printed) pair of a response, found by walking it along the schema's types. */
function printedFigures(value: unknown, type: GraphQLOutputType, out: { scalar: string; printed: string }[] = []) {
  if (value === null || value === undefined) return out
  if (isNonNullType(type)) return printedFigures(value, type.ofType, out)
  if (isListType(type)) {
    for (const item of value as unknown[]) printedFigures(item, type.ofType, out)
    return out
  }
  const named = getNamedType(type)
  if (isScalarType(named)) {
    if (named.name in WITHIN) out.push({ scalar: named.name, printed: value as string })
    return out
  }
  if (isObjectType(named)) {
    const fields = named.getFields()
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key]
      if (field) printedFigures(child, field.type, out)
    }
  }
  return out
}

const everywhere = demoAccount('everywhere')
const near = demoAccount('near-liquidation')

const SUMMARY = `asOf equityUsd haircutEquityUsd initialMarginUsd maintenanceMarginUsd freeCollateralUsd grossNotionalUsd
  exposures { underlying delta deltaUsd gamma gammaUsd grossNotionalUsd } liquidatableCount marginAccountCount`
const MARGIN_ACCOUNT = `id model equityUsd haircutEquityUsd initialMarginUsd maintenanceMarginUsd freeCollateralUsd grossNotionalUsd
  marginRatio { kind value } leverage { kind value } healthFactor { kind value }
  venueReported { name venue computed }
  positions { id size markPriceUsd notionalUsd unrealizedPnlUsd initialMarginUsd maintenanceMarginUsd
    liquidationPrice { priceUsd distance } delta deltaUsd gamma gammaUsd }`
const QUERY = `query ($a: [String!]!, $d: [DeclaredMarginAccountInput!], $c: [ChangeInput!]!) {
  simulate(addresses: $a, declared: $d, changes: $c) { before { ${SUMMARY} } after { ${SUMMARY} } marginAccounts { ${MARGIN_ACCOUNT} } }
}`

const decimal = (min: number, max: number, scale: number) =>
  fc.integer({ min: min * scale, max: max * scale }).map((n) => (n / scale).toString())
const expiry = new Date(Date.now() + 20 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')
const optionArbitrary = fc.record({
  strike: decimal(1500, 4500, 100),
  right: fc.constantFrom('CALL', 'PUT'),
  size: decimal(-20, 20, 1000).filter((size) => size !== '0'),
  impliedVolatility: decimal(0.2, 1.5, 10_000),
})
const bookArbitrary = fc.record({
  price: decimal(1000, 5000, 1_000_000),
  collateral: decimal(1000, 200_000, 1_000_000),
  options: fc.array(optionArbitrary, { minLength: 1, maxLength: 4 }),
  perp: decimal(-5, 5, 1000),
})

describe('output precision', () => {
  it('no printed figure exceeds its kind’s documented precision', async () => {
    await fc.assert(
      fc.asyncProperty(bookArbitrary, decimal(-0.6, 0.6, 10_000), async (book, move) => {
        const declared = {
          name: 'random-book',
          prices: [
            { underlying: 'ETH', priceUsd: book.price },
            { underlying: 'USDC', priceUsd: '1', stable: true },
          ],
          collateral: [{ asset: 'USDC', amount: book.collateral }],
          options: book.options.map((option, i) => ({ id: `o${i}`, underlying: 'ETH', expiry, ...option })),
          perps: book.perp === '0' ? [] : [{ underlying: 'ETH', size: book.perp, entryPriceUsd: book.price }],
        }
        const { body } = await post<{ simulate: unknown }>(QUERY, {
          variables: {
            a: [everywhere.address, everywhere.dydxAddress, near.address],
            d: [declared],
            c: [{ kind: 'MOVE_ALL_CRYPTO', move }],
          },
        })
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
        const figures = printedFigures(
          body.data?.simulate,
          schema.getQueryType()?.getFields().simulate?.type as GraphQLOutputType,
        )
        expect(figures.length).toBeGreaterThan(100)
        const over = figures.filter(({ scalar, printed }) => !WITHIN[scalar]?.(printed))
        expect(over).toEqual([])
      }),
      { numRuns: 12 },
    )
  }, 300_000) // a hang backstop: 12 GraphQL round trips may take seconds on a loaded machine
})
