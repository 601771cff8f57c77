/**
 * One realistic snapshot per margin model, for the engine-wide tests (dispatch, what-if,
 * solvers, aggregation) and the batch benchmark. Figures are internally consistent: prices in the
 * price table, balances that pay for the positions.
 */
import type { AaveV3Snapshot } from '../../../src/engine/aave-v3'
import type { MarginAccountSnapshot } from '../../../src/engine/evaluateMarginAccount'
import type { PortfolioMarginSnapshot } from '../../../src/engine/options/types'
import type { DydxV4Snapshot } from '../../../src/engine/perps/dydx-v4/types'
import type { HyperliquidSnapshot } from '../../../src/engine/perps/hyperliquid/types'
import type { TieredPerpSnapshot } from '../../../src/engine/perps/tiered-perp/types'
import type { PriceQuote } from '../../../src/engine/types'
import { snapshotFixture, wei } from './aave-v3/fixtures'
import { ETHUSDT_BRACKETS } from './perps/fixtures'

export const NOW_SEC = 1_764_000_000
const DAY = 86_400

export function quote(priceUsd: string, cls: PriceQuote['class'] = 'crypto'): PriceQuote {
  return { priceUsd, source: 'declared', timestampSec: NOW_SEC, class: cls }
}

const header = (venue: string, marginAccountId: string) => ({
  venue,
  account: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
  marginAccountId,
  asOfSec: NOW_SEC,
})

/** Cross account: 10 ETH long, 0.1 BTC short; account value −12,000 + 30,000 − 9,000 = 9,000. */
export const hyperliquidCross: HyperliquidSnapshot = {
  ...header('hyperliquid', 'cross'),
  model: 'hyperliquid',
  marginMode: 'cross',
  rawUsd: '-12000',
  prices: { ETH: quote('3000'), BTC: quote('90000'), USDC: quote('1', 'stable') },
  positions: [
    { coin: 'ETH', szi: '10', entryPx: '2900', leverage: 10 },
    { coin: 'BTC', szi: '-0.1', entryPx: '91000', leverage: 20 },
  ],
  params: { assets: { ETH: { maxLeverage: 25 }, BTC: { maxLeverage: 40 } } },
}

/** Subaccount 0: 5 ETH long financed by the quote balance, with unsettled funding. */
export const dydxCross: DydxV4Snapshot = {
  ...header('dydx-v4', 'subaccount:0'),
  model: 'dydx-v4',
  quoteBalance: '-12000',
  prices: { ETH: quote('3000'), USDC: quote('1', 'stable') },
  positions: [{ market: 'ETH-USD', size: '5', entryPrice: '2950', fundingIndexUsd: '10' }],
  params: {
    markets: {
      'ETH-USD': {
        underlying: 'ETH',
        initialMarginFraction: '0.05',
        maintenanceMarginFraction: '0.03',
        openInterest: '1000',
        fundingIndexUsd: '10.5',
      },
    },
  },
}

/** Binance USDⓈ-M cross wallet: 12,000 USDT, 20 ETH long at 5x. */
export const binanceCross: TieredPerpSnapshot = {
  ...header('binance-usdm', 'cross'),
  model: 'tiered-perp',
  marginMode: 'cross',
  prices: { ETH: quote('3000'), USDT: quote('1', 'stable') },
  wallet: [{ asset: 'USDT', amount: '12000' }],
  positions: [{ symbol: 'ETHUSDT', underlying: 'ETH', size: '20', entryPriceUsd: '3050', leverage: '5' }],
  params: { brackets: { ETHUSDT: ETHUSDT_BRACKETS } },
}

/** Aave v3: 10 WETH and 20,000 USDC supplied, 18,000 USDT borrowed. */
export const aaveMarket: AaveV3Snapshot = {
  ...snapshotFixture({
    reserves: [
      { symbol: 'WETH', priceUsd: '3000', supplied: wei('10'), ltv: 8000, liquidationThreshold: 8250 },
      { symbol: 'USDC', decimals: 6, priceUsd: '1', supplied: wei('20000', 6), ltv: 7500, liquidationThreshold: 7800 },
      { symbol: 'USDT', decimals: 6, priceUsd: '1', borrowed: wei('18000', 6), ltv: 7500, liquidationThreshold: 7800 },
    ],
  }),
  prices: { WETH: quote('3000'), USDC: quote('1', 'stable'), USDT: quote('1', 'stable') },
}

/** Portfolio margin: short ETH straddle hedged by a perp, with USDC collateral. */
export const optionsBook: PortfolioMarginSnapshot = {
  ...header('deribit', 'portfolio'),
  model: 'portfolio-margin',
  prices: { ETH: quote('3000'), USDC: quote('1', 'stable') },
  collateral: [{ asset: 'USDC', amount: '60000' }],
  options: [
    {
      id: 'ETH-C-3000',
      underlying: 'ETH',
      strike: '3000',
      expirySec: NOW_SEC + 30 * DAY,
      right: 'call',
      size: '-10',
      markPriceUsd: '150',
      pricingModel: 'black-scholes',
    },
    {
      id: 'ETH-P-3000',
      underlying: 'ETH',
      strike: '3000',
      expirySec: NOW_SEC + 30 * DAY,
      right: 'put',
      size: '-10',
      impliedVolatility: '0.55',
      pricingModel: 'black-scholes',
    },
  ],
  perps: [{ underlying: 'ETH', size: '2', entryPriceUsd: '2980' }],
  params: {
    priceMoves: Array.from({ length: 21 }, (_, i) => ((-150 + 15 * i) / 1000).toString()),
    volShocks: ['-0.3', '-0.15', '0', '0.15', '0.3'],
    volShockMode: 'relative',
    mmFloor: { ETH: '0.01' },
    imMultiplier: '1.3',
    riskFreeRate: '0',
  },
}

export const allSamples: readonly MarginAccountSnapshot[] = [
  hyperliquidCross,
  dydxCross,
  binanceCross,
  aaveMarket,
  optionsBook,
]
