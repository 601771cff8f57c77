/**
 * Deribit portfolio margin as its page "Portfolio Margin" (https://www.deribit.com/pages/docs/portfoliomargin)
 * states it: expiry-dependent volatility shocks and the net-short-option contingency, with its own examples.
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../src/engine/decimal'
import {
  computePortfolioMarginScenarios,
  DERIBIT_PORTFOLIO_MARGIN_PARAMS,
  type OptionPosition,
  type PortfolioMarginParams,
  type PortfolioMarginSnapshot,
} from '../../../../src/engine/options'
import { HEADER, NOW, quote } from './fixtures'

const DAY = 86_400
const option = (id: string, right: 'call' | 'put', size: string, days: number, strike = '60000'): OptionPosition => ({
  id,
  underlying: 'BTC',
  strike,
  expirySec: NOW + days * DAY,
  right,
  size,
  impliedVolatility: '0.6',
  pricingModel: 'black-76',
})

function snapshot(options: OptionPosition[], params: Partial<PortfolioMarginParams>): PortfolioMarginSnapshot {
  return {
    ...HEADER,
    model: 'portfolio-margin',
    venue: 'deribit',
    marginAccountId: 'pm',
    prices: { BTC: quote('60000'), USDC: quote('1', 'stable') },
    collateral: [{ asset: 'USDC', amount: '100000' }],
    options,
    params: {
      ...DERIBIT_PORTFOLIO_MARGIN_PARAMS,
      priceMoves: [...DERIBIT_PORTFOLIO_MARGIN_PARAMS.priceMoves],
      volShocks: [...DERIBIT_PORTFOLIO_MARGIN_PARAMS.volShocks],
      ...params,
    },
  }
}

const scenarios = (s: PortfolioMarginSnapshot) => computePortfolioMarginScenarios({ snapshot: s, nowSec: NOW })

describe('Deribit "maximum implied volatility change of (30/days to expiration)^0.30 × 38.00%"', () => {
  it('"options expiring in 30 days: IV change of maximum 38.00%"', () => {
    const termed = scenarios(snapshot([option('C', 'call', '-1', 30)], { netShortOptionContingency: undefined }))
    const flat = scenarios(
      snapshot([option('C', 'call', '-1', 30)], { volShockTerm: undefined, netShortOptionContingency: undefined }),
    )
    expect(termed.maintenanceMarginUsd.toFixed()).toBe(flat.maintenanceMarginUsd.toFixed())
  })

  it('"options expiring in 15 days: IV change of maximum (30/15)^0.30 × 38.00%"', () => {
    const scaled = dec('0.38').mul(dec('2').pow('0.3'))
    const termed = scenarios(snapshot([option('C', 'call', '-1', 15)], { netShortOptionContingency: undefined }))
    const flat = scenarios(
      snapshot([option('C', 'call', '-1', 15)], {
        volShockTerm: undefined,
        netShortOptionContingency: undefined,
        volShocks: [scaled.neg().toFixed(), '0', scaled.toFixed()],
      }),
    )
    expect(termed.maintenanceMarginUsd.toFixed()).toBe(flat.maintenanceMarginUsd.toFixed())
    // A larger shock for the nearer expiry: more margin than the flat 38 %.
    const unscaled = scenarios(
      snapshot([option('C', 'call', '-1', 15)], { volShockTerm: undefined, netShortOptionContingency: undefined }),
    )
    expect(termed.maintenanceMarginUsd.gt(unscaled.maintenanceMarginUsd)).toBe(true)
  })
})

describe('Deribit "Contingency component of 0.01 BTC per option for all net short options per strike"', () => {
  it('"call +10 and put −20 … net short position on strike X is −10, thus 10 × 0.01 BTC extra margin"', () => {
    const book = [option('C', 'call', '10', 30), option('P', 'put', '-20', 30)]
    const withAddOn = scenarios(snapshot(book, {}))
    const without = scenarios(snapshot(book, { netShortOptionContingency: undefined }))
    // 0.1 BTC at 60,000 USD.
    expect(withAddOn.underlyings[0]?.contingencyUsd.toFixed()).toBe('6000')
    expect(withAddOn.maintenanceMarginUsd.sub(without.maintenanceMarginUsd).toFixed()).toBe('6000')
  })

  it('nets calls and puts per expiry and strike only: a short on another strike or expiry is not offset', () => {
    const book = [option('C', 'call', '10', 30), option('P', 'put', '-20', 30, '50000'), option('P2', 'put', '-5', 60)]
    // Net per (expiry, strike): +10 (30d, 60k), −20 (30d, 50k), −5 (60d, 60k): 25 × 0.01 BTC × 60,000.
    expect(scenarios(snapshot(book, {})).underlyings[0]?.contingencyUsd.toFixed()).toBe('15000')
  })
})
