/**
 * The built-in bracket tables a declared exchange account can name: each as its venue's page lists
 * it, its maintenance amounts obeying the recursion the venue publishes, and the Bybit table's
 * figures through the engine.
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import { computeMaintenanceAmounts, defineTieredPerpRules, evaluateTieredPerp } from '../../../../src/engine/perps'
import { BRACKET_TABLES } from '../../../../src/protocols/declared/bracketTables'

describe('built-in bracket tables', () => {
  it.each(Object.entries(BRACKET_TABLES))(
    '%s: floors ascend from 0, leverage never rises, amounts follow the recursion',
    (_, table) => {
      const floors = table.brackets.map((row) => dec(row.notionalFloorUsd))
      expect(floors[0]?.isZero()).toBe(true)
      floors.slice(1).forEach((floor, i) => {
        expect(floor.gt(floors[i] as typeof floor)).toBe(true)
      })
      table.brackets.slice(1).forEach((row, i) => {
        expect(dec(row.maxLeverage).lte(dec(table.brackets[i]?.maxLeverage as string))).toBe(true)
      })
      const derived = computeMaintenanceAmounts({
        floors,
        rates: table.brackets.map((row) => dec(row.maintenanceMarginRate)),
      })
      expect(derived.map((amount) => amount.toFixed())).toEqual(table.brackets.map((row) => row.maintenanceAmountUsd))
      expect(table.source).toMatch(/^https:\/\//)
    },
  )

  it('Bybit BTCUSDT, as the "Margin Parameters" page lists it: tier 1 0.5 % / 0 at 100x, tier 2 0.56 % / 1,200 at 90x, tier 20 4.5 % / 1,482,000 at 14x', () => {
    const rows = BRACKET_TABLES.BYBIT_LINEAR_BTCUSDT_READ_2026_12.brackets
    expect(rows).toHaveLength(20)
    expect(rows[0]).toEqual({
      notionalFloorUsd: '0',
      maintenanceMarginRate: '0.005',
      maintenanceAmountUsd: '0',
      maxLeverage: '100',
    })
    // Tier 2 starts at tier 1's risk limit of 2,000,000.
    expect(rows[1]).toEqual({
      notionalFloorUsd: '2000000',
      maintenanceMarginRate: '0.0056',
      maintenanceAmountUsd: '1200',
      maxLeverage: '90',
    })
    expect(rows[19]).toEqual({
      notionalFloorUsd: '75000000',
      maintenanceMarginRate: '0.045',
      maintenanceAmountUsd: '1482000',
      maxLeverage: '14',
    })
  })

  it('Bybit BTCUSDT through the engine: a 4,000,000 USDT cross position is in tier 5, MM = 4,000,000 × 0.71 % − 5,820', () => {
    const report = evaluateTieredPerp({
      nowSec: 1_750_000_000,
      snapshot: {
        venue: 'bybit-linear',
        account: 'declared',
        marginAccountId: 'cross',
        asOfSec: 1_750_000_000,
        model: 'tiered-perp',
        marginMode: 'cross',
        prices: {
          BTC: { priceUsd: '100000', source: 'declared', timestampSec: 1_750_000_000, class: 'crypto' },
          USDT: { priceUsd: '1', source: 'declared', timestampSec: 1_750_000_000, class: 'stable' },
        },
        wallet: [{ asset: 'USDT', amount: '1000000' }],
        positions: [{ symbol: 'BTCUSDT', underlying: 'BTC', size: '40', entryPriceUsd: '100000', leverage: '10' }],
        params: {
          brackets: { BTCUSDT: BRACKET_TABLES.BYBIT_LINEAR_BTCUSDT_READ_2026_12.brackets },
          rules: defineTieredPerpRules({ venue: 'bybit-linear', marginMode: 'cross' }),
        },
      },
    })
    expect(report.maintenanceMarginUsd.toFixed()).toBe('22580')
  })
})
