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
 * Built-in tables, by the GraphQL `BracketTable` name. Each row's `cum` obeys Binance's published
 * recursion (`floor_n × (MMR_n − MMR_n−1) + cum_n−1`); the FAQ "How to Calculate Liquidation Price of
 * USDⓈ-M Futures Contracts" works its example on the BTCUSDT 2.50 % / 16,300 and ETHUSDT 10.00 % /
 * 135,365 rows of these tables.
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
} satisfies Record<string, BracketTableDefinition>

export type BracketTableName = keyof typeof BRACKET_TABLES
