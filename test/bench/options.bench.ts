/**
 * Options: a 20-option ETH portfolio (calls and puts, 5 strikes × 4 expiries, long and short) with
 * a 21 × 5 risk matrix (−15%…+15% × −30%…+30% relative vol), plus single-option pricing and
 * implied volatility. Registers benches only.
 */
import { bench, group, summary } from 'mitata'
import {
  computeBlackScholes,
  computeImpliedVolatility,
  computePortfolioMarginScenarios,
  evaluatePortfolioMargin,
  type OptionPosition,
  type PortfolioMarginSnapshot,
} from '../../src/engine/options'
import type { PriceQuote } from '../../src/engine/types'

const NOW = 1_750_000_000
const DAY = 86_400
const quote = (priceUsd: string): PriceQuote => ({ priceUsd, source: 'bench', timestampSec: NOW, class: 'crypto' })

const EXPIRY_DAYS = [7, 14, 30, 90] as const
const options: OptionPosition[] = Array.from({ length: 20 }, (_, i) => {
  const strike = 2_600 + 200 * (i % 5)
  const right = i % 2 === 0 ? 'call' : 'put'
  return {
    id: `ETH-${i}-${strike}-${right}`,
    underlying: 'ETH',
    strike: strike.toString(),
    expirySec: NOW + DAY * (EXPIRY_DAYS[Math.floor(i / 5)] ?? 7),
    right,
    size: i % 3 === 0 ? '-12.5' : '4',
    impliedVolatility: (0.55 + 0.01 * i).toString(),
    markPriceUsd: undefined,
    pricingModel: i % 4 === 0 ? 'black-76' : 'black-scholes',
    forwardPriceUsd: i % 4 === 0 ? '3012.5' : undefined,
  }
})

const snapshot: PortfolioMarginSnapshot = {
  venue: 'deribit',
  account: '0x0000000000000000000000000000000000000001',
  marginAccountId: 'portfolio',
  asOfSec: NOW,
  model: 'portfolio-margin',
  prices: { ETH: quote('3000'), USDC: quote('1') },
  collateral: [{ asset: 'USDC', amount: '60000' }],
  options,
  params: {
    priceMoves: Array.from({ length: 21 }, (_, i) => ((-150 + 15 * i) / 1000).toString()),
    volShocks: ['-0.3', '-0.15', '0', '0.15', '0.3'],
    volShockMode: 'relative',
    imMultiplier: '1.3',
    riskFreeRate: '0.05',
  },
}

summary(() => {
  group('portfolio margin: 20 options, 21 × 5 scenarios', () => {
    bench('computePortfolioMarginScenarios (risk matrix)', () =>
      computePortfolioMarginScenarios({ snapshot, nowSec: NOW }),
    )
    bench('evaluatePortfolioMargin (report + liquidation price)', () =>
      evaluatePortfolioMargin({ snapshot, nowSec: NOW }),
    )
  })
})

group('single option (Decimal, 60 digits)', () => {
  const common = { spot: '3000', strike: '3200', riskFreeRate: '0.05', expirySec: NOW + 30 * DAY, nowSec: NOW } as const
  const price = computeBlackScholes({ ...common, right: 'call', volatility: '0.65' }).price
  bench('computeBlackScholes (price + greeks)', () =>
    computeBlackScholes({ ...common, right: 'call', volatility: '0.65' }),
  )
  bench('computeImpliedVolatility', () =>
    computeImpliedVolatility({ ...common, model: 'black-scholes', right: 'call', price }),
  )
})
