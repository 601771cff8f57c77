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

/**
 * The extended table. Deribit's support article "Portfolio Margin" lists its parts ("price moves of,
 * e.g. −66%, −33%, +50%, +100%, +200%, +300%, +400%, +500%", "only on Volatility Range Up", "only a
 * fraction of simulated P&L", "application of a dampener"); the response example of
 * `private/pme/simulate` (https://docs.deribit.com/api-reference/account-management/private-simulate,
 * model_params timestamp 1718619740501 = 2024-06-17) gives `"extended_table_factor": 1` and, for BTC,
 * `"extended_dampener": 100000`. How they combine is Solvent's reading (see `PortfolioMarginParams`).
 */
describe('Deribit "Extended Table"', () => {
  const EXTENDED_MOVES = ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5']
  const extendedTable = (pnlFraction: string, dampenerUsd: string) => ({
    extendedTable: { priceMoves: EXTENDED_MOVES, pnlFraction, dampenerUsd },
    netShortOptionContingency: undefined,
  })
  // 10 written calls far out of the money: the ±10 % grid barely sees them.
  const farShortCalls = [option('C', 'call', '-10', 30, '120000')]

  it('revalues the extreme moves "only on Volatility Range Up": the rows of a grid of those moves × the largest shock', () => {
    const withTable = scenarios(snapshot(farShortCalls, extendedTable('1', '100000'))).underlyings[0]
    const reference = scenarios(
      snapshot(farShortCalls, {
        priceMoves: EXTENDED_MOVES,
        volShocks: ['0.38'],
        netShortOptionContingency: undefined,
      }),
    ).underlyings[0]
    expect(withTable?.extendedScenarios.map((row) => row.priceMove.toFixed())).toEqual(EXTENDED_MOVES)
    expect(withTable?.extendedScenarios.every((row) => row.volShock.toFixed() === '0.38')).toBe(true)
    expect(withTable?.extendedScenarios.map((row) => row.pnlUsd.toFixed())).toEqual(
      reference?.scenarios.map((row) => row.pnlUsd.toFixed()),
    )
  })

  it('counts "a fraction of simulated P&L" less "a dampener": extended_table_factor 1, extended_dampener 100000', () => {
    const risk = scenarios(snapshot(farShortCalls, extendedTable('1', '100000'))).underlyings[0]
    const without = scenarios(snapshot(farShortCalls, { netShortOptionContingency: undefined })).underlyings[0]
    const worstRow = risk?.extendedScenarios.reduce((a, b) => (b.pnlUsd.lt(a.pnlUsd) ? b : a))
    // +500 %: BTC at 360,000 against 120,000 calls, a loss of about 2.4 M USD.
    expect(worstRow?.priceMove.toFixed()).toBe('5')
    expect(risk?.extendedLossUsd.toFixed()).toBe(worstRow?.pnlUsd.neg().sub(100000).toFixed())
    expect(risk?.worstLossUsd.toFixed()).toBe(without?.worstLossUsd.toFixed())
    expect(risk?.maintenanceMarginUsd.toFixed()).toBe(risk?.extendedLossUsd.toFixed())
    // Half the P&L, no dampener.
    const half = scenarios(snapshot(farShortCalls, extendedTable('0.5', '0'))).underlyings[0]
    expect(half?.extendedLossUsd.toFixed()).toBe(worstRow?.pnlUsd.neg().mul('0.5').toFixed())
  })

  it('a dampener larger than every extended loss leaves the standard requirement', () => {
    const small = [option('C', 'call', '-0.01', 30, '120000')]
    const risk = scenarios(snapshot(small, extendedTable('1', '100000'))).underlyings[0]
    const without = scenarios(snapshot(small, { netShortOptionContingency: undefined })).underlyings[0]
    expect(risk?.extendedLossUsd.toFixed()).toBe('0')
    expect(risk?.maintenanceMarginUsd.toFixed()).toBe(without?.maintenanceMarginUsd.toFixed())
  })

  it('moves perps only to the edge of the standard grid, as the BTC-PERPETUAL extended risk vector of the API example does', () => {
    const perpOnly: PortfolioMarginSnapshot = {
      ...snapshot([], extendedTable('1', '0')),
      perps: [{ underlying: 'BTC', size: '-2', entryPriceUsd: '60000' }],
    }
    const risk = scenarios(perpOnly).underlyings[0]
    const standardEdges = [risk?.scenarios[0]?.pnlUsd.toFixed(), risk?.scenarios.at(-1)?.pnlUsd.toFixed()]
    // Short 2 BTC: −10 % earns 12,000, +10 % loses 12,000; −66 % and −33 % take the first, the rest the last.
    expect(standardEdges).toEqual(['12000', '-12000'])
    expect(risk?.extendedScenarios.map((row) => row.pnlUsd.toFixed())).toEqual([
      '12000',
      '12000',
      ...Array.from({ length: 6 }, () => '-12000'),
    ])
    expect(risk?.extendedLossUsd.toFixed()).toBe('12000')
  })

  it('has no default: without extendedTable there are no extended rows', () => {
    const risk = scenarios(snapshot(farShortCalls, {})).underlyings[0]
    expect(risk?.extendedScenarios).toEqual([])
    expect(risk?.extendedLossUsd.toFixed()).toBe('0')
    expect('extendedTable' in DERIBIT_PORTFOLIO_MARGIN_PARAMS).toBe(false)
  })
})
