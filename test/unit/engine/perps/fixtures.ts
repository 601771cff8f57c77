/**
 * Shared fixtures of the perps tests: historical Binance bracket tables and snapshot builders.
 *
 * The bracket rows (floor, maintenance margin rate, maintenance amount) are Binance's BTCUSDT and
 * ETHUSDT tables from the period of the liquidation-price FAQ's worked example (the FAQ uses
 * BTCUSDT 2.50% / 16,300 and ETHUSDT 10.00% / 135,365); each `cum` obeys the FAQ's
 * "Maintenance Amount = floor_n × (MMR_n − MMR_n−1) + cum_n−1". Max leverages are illustrative.
 * https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin
 */

import type { TieredPerpBracket } from '../../../../src/engine/perps'
import type { PriceQuote } from '../../../../src/engine/types'

const bracket = (
  notionalFloorUsd: string,
  maintenanceMarginRate: string,
  maintenanceAmountUsd: string,
  maxLeverage: string,
): TieredPerpBracket => ({ notionalFloorUsd, maintenanceMarginRate, maintenanceAmountUsd, maxLeverage })

export const BTCUSDT_BRACKETS: TieredPerpBracket[] = [
  bracket('0', '0.004', '0', '125'),
  bracket('50000', '0.005', '50', '100'),
  bracket('250000', '0.01', '1300', '50'),
  bracket('1000000', '0.025', '16300', '20'),
  bracket('10000000', '0.05', '266300', '10'),
  bracket('20000000', '0.1', '1266300', '5'),
  bracket('50000000', '0.125', '2516300', '4'),
  bracket('100000000', '0.15', '5016300', '3'),
  bracket('200000000', '0.25', '25016300', '2'),
  bracket('300000000', '0.5', '100016300', '1'),
]

export const ETHUSDT_BRACKETS: TieredPerpBracket[] = [
  bracket('0', '0.005', '0', '100'),
  bracket('10000', '0.0065', '15', '75'),
  bracket('100000', '0.01', '365', '50'),
  bracket('500000', '0.02', '5365', '25'),
  bracket('1000000', '0.05', '35365', '10'),
  bracket('2000000', '0.1', '135365', '5'),
  bracket('5000000', '0.125', '260365', '4'),
  bracket('10000000', '0.15', '510365', '3'),
  bracket('20000000', '0.25', '2510365', '2'),
]

export function quote(priceUsd: string, cls: PriceQuote['class'] = 'crypto'): PriceQuote {
  return { priceUsd, source: 'declared', timestampSec: 1_700_000_000, class: cls }
}

export const HEADER = {
  account: '0x0000000000000000000000000000000000000001',
  asOfSec: 1_700_000_000,
} as const

/** Replaces one price in a snapshot's price table (the only thing a what-if changes). */
export function withPrice<T extends { prices: Record<string, PriceQuote> }>(
  snapshot: T,
  key: string,
  priceUsd: string,
): T {
  const current = snapshot.prices[key]
  if (!current) throw new Error(`no price ${key}`)
  return { ...snapshot, prices: { ...snapshot.prices, [key]: { ...current, priceUsd } } }
}
