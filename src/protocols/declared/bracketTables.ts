import type { TieredPerpBracket } from '../../engine'

/** A venue's published bracket table at a date: what a declared account may name instead of passing rows. */
export type BracketTableDefinition = {
  venue: string
  symbol: string
  /** When the table was published in this form (venues change their tables). */
  asOf: string
  source: string
  brackets: TieredPerpBracket[]
}

const row = (
  notionalFloorUsd: string,
  maintenanceMarginRate: string,
  maintenanceAmountUsd: string,
  maxLeverage: string,
) => ({ notionalFloorUsd, maintenanceMarginRate, maintenanceAmountUsd, maxLeverage }) satisfies TieredPerpBracket

const BINANCE_LEVERAGE_MARGIN = 'https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin'

/**
 * Bybit's "Margin Parameters" page, USDT perpetual BTCUSDT, isolated and cross margin. The stored copy
 * read (the Portuguese rendering of the page on bybitx.global; the www.bybit.com/en copy renders no
 * rows without JavaScript) carries no date: `asOf` is the date Solvent read it, 2026-12-06. Bybit
 * lists each tier's upper "risk limit"; a row's floor here is the previous tier's limit (the last
 * tier's limit, 80,000,000, is a position cap the engine does not enforce).
 */
const BYBIT_MARGIN_PARAMETERS = 'https://bybitx.global/pt-PT/announcement-info/margin-parameters'

/**
 * Built-in tables, by the GraphQL `BracketTable` name. Each row's `cum` (Binance) or MM deduction
 * (Bybit) obeys the recursion both venues publish (`floor_n × (MMR_n − MMR_n−1) + cum_n−1`); the FAQ
 * "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts" works its example on the BTCUSDT
 * 2.50 % / 16,300 and ETHUSDT 10.00 % / 135,365 rows of the Binance tables. Not built in: Binance
 * COIN-M (BTCUSD_PERP), whose maintenance rates and amounts no stored copy of Binance's pages gives
 * in full (the COIN-M leverage FAQ lists initial margin tiers only).
 */
export const BRACKET_TABLES = {
  BINANCE_USDM_BTCUSDT_2021: {
    venue: 'binance-usdm',
    symbol: 'BTCUSDT',
    asOf: '2021',
    source: BINANCE_LEVERAGE_MARGIN,
    brackets: [
      row('0', '0.004', '0', '125'),
      row('50000', '0.005', '50', '100'),
      row('250000', '0.01', '1300', '50'),
      row('1000000', '0.025', '16300', '20'),
      row('10000000', '0.05', '266300', '10'),
      row('20000000', '0.1', '1266300', '5'),
      row('50000000', '0.125', '2516300', '4'),
      row('100000000', '0.15', '5016300', '3'),
      row('200000000', '0.25', '25016300', '2'),
      row('300000000', '0.5', '100016300', '1'),
    ],
  },
  BINANCE_USDM_ETHUSDT_2021: {
    venue: 'binance-usdm',
    symbol: 'ETHUSDT',
    asOf: '2021',
    source: BINANCE_LEVERAGE_MARGIN,
    brackets: [
      row('0', '0.005', '0', '100'),
      row('10000', '0.0065', '15', '75'),
      row('100000', '0.01', '365', '50'),
      row('500000', '0.02', '5365', '25'),
      row('1000000', '0.05', '35365', '10'),
      row('2000000', '0.1', '135365', '5'),
      row('5000000', '0.125', '260365', '4'),
      row('10000000', '0.15', '510365', '3'),
      row('20000000', '0.25', '2510365', '2'),
    ],
  },
  BYBIT_LINEAR_BTCUSDT_READ_2026_12: {
    venue: 'bybit-linear',
    symbol: 'BTCUSDT',
    asOf: 'undated page, read 2026-12-06',
    source: BYBIT_MARGIN_PARAMETERS,
    brackets: [
      row('0', '0.005', '0', '100'),
      row('2000000', '0.0056', '1200', '90'),
      row('2600000', '0.0063', '3020', '80'),
      row('3200000', '0.0067', '4300', '75'),
      row('3800000', '0.0071', '5820', '70'),
      row('4400000', '0.0077', '8460', '65'),
      row('5000000', '0.0091', '15460', '55'),
      row('5600000', '0.01', '20500', '50'),
      row('8500000', '0.013', '46000', '45'),
      row('10000000', '0.015', '66000', '40'),
      row('14000000', '0.016', '80000', '35'),
      row('20000000', '0.02', '160000', '30'),
      row('28000000', '0.025', '300000', '25'),
      row('38000000', '0.029', '452000', '20'),
      row('50000000', '0.03', '502000', '19'),
      row('55000000', '0.035', '777000', '18'),
      row('60000000', '0.036', '837000', '17'),
      row('65000000', '0.038', '967000', '16'),
      row('70000000', '0.04', '1107000', '15'),
      row('75000000', '0.045', '1482000', '14'),
    ],
  },
} satisfies Record<string, BracketTableDefinition>

export type BracketTableName = keyof typeof BRACKET_TABLES
