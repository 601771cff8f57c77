/**
 * The 20-option ETH book the options benches share: calls and puts, 5 strikes × 4 expiries, long
 * and short, some on Black-76 with a given forward, a 21 × 5 risk matrix (−15 %…+15 % × −30 %…+30 %
 * relative vol) and USDC collateral.
 */
import type { OptionPosition, PortfolioMarginSnapshot } from '../../src/engine/options'
import type { PriceQuote } from '../../src/engine/types'

export const NOW = 1_750_000_000
export const DAY = 86_400
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

export const snapshot: PortfolioMarginSnapshot = {
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
