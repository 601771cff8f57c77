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
} from '../../src/engine/options'
import { DAY, NOW, snapshot } from './optionsBook'

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
