/**
 * Vega and theta through `portfolio`, for declared options books: each option's figures are the
 * engine's Black–Scholes ones (`computeBlackScholes`, held to hand-computed values in
 * test/unit/engine/options/greeks.test.ts) at the time the response says it computed them, × size,
 * printed as UsdAmount; perps and collateral print 0; each margin account's `exposures` and totals
 * and the portfolio's `exposures` are the sums.
 */
import { describe, expect, it } from 'vitest'
import { type D, formatFigure, sum } from '../../src/engine/decimal'
import { computeBlackScholes } from '../../src/engine/options'
import { post } from '../helpers/graphql'

const DAY_MS = 86_400_000
const expiry = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().replace(/\.\d+Z$/, 'Z')

const OPTIONS_A = [
  {
    id: 'C3200',
    underlying: 'ETH',
    strike: '3200',
    expiry: expiry(30),
    right: 'CALL',
    size: '5',
    impliedVolatility: '0.6',
  },
  {
    id: 'P2800',
    underlying: 'ETH',
    strike: '2800',
    expiry: expiry(60),
    right: 'PUT',
    size: '-3',
    impliedVolatility: '0.7',
  },
]
const OPTIONS_B = [
  {
    id: 'C3000',
    underlying: 'ETH',
    strike: '3000',
    expiry: expiry(14),
    right: 'CALL',
    size: '-2',
    impliedVolatility: '0.55',
  },
]
const book = (
  name: string,
  options: typeof OPTIONS_A,
  perps: { underlying: string; size: string; entryPriceUsd: string }[],
) => ({
  name,
  venue: 'deribit',
  prices: [
    { underlying: 'ETH', priceUsd: '3000' },
    { underlying: 'USDC', priceUsd: '1', stable: true },
  ],
  collateral: [{ asset: 'USDC', amount: '80000' }],
  options,
  perps,
  params: { riskFreeRate: '0.04' },
})

type Greeks = { vegaUsdPerVolatility: string; thetaUsdPerDay: string }
type Exposure = Greeks & { underlying: string; delta: string; gamma: string }
type MarginAccount = Greeks & {
  marginAccountId: string
  computedAt: string
  exposures: Exposure[]
  positions: (Greeks & { id: string; kind: string })[]
}

const GREEKS = 'vegaUsdPerVolatility thetaUsdPerDay'
const QUERY = `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) {
  summary { exposures { underlying delta gamma ${GREEKS} } }
  marginAccounts { nodes { marginAccountId computedAt ${GREEKS} exposures { underlying delta gamma ${GREEKS} } positions { id kind ${GREEKS} } } }
} }`

describe('vega and theta through portfolio (declared options books)', () => {
  it('reports per position, per underlying and per margin account, with the pricer’s figures', async () => {
    const { status, body } = await post<{
      portfolio: { summary: { exposures: Exposure[] }; marginAccounts: { nodes: MarginAccount[] } }
    }>(QUERY, {
      variables: {
        d: [book('a', OPTIONS_A, [{ underlying: 'ETH', size: '1', entryPriceUsd: '2900' }]), book('b', OPTIONS_B, [])],
      },
    })
    expect(status).toBe(200)
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    const nodes = body.data?.portfolio.marginAccounts.nodes ?? []
    expect(nodes).toHaveLength(2)

    const exactVega: D[] = []
    const exactTheta: D[] = []
    for (const [name, options] of [
      ['a', OPTIONS_A],
      ['b', OPTIONS_B],
    ] as const) {
      const account = nodes.find((node) => node.marginAccountId === `declared:${name}`)
      if (!account) throw new Error(`no margin account ${name}`)
      const nowSec = Date.parse(account.computedAt) / 1000
      const vegas: D[] = []
      const thetas: D[] = []
      for (const input of options) {
        const valuation = computeBlackScholes({
          right: input.right === 'CALL' ? 'call' : 'put',
          spot: '3000',
          strike: input.strike,
          riskFreeRate: '0.04',
          volatility: input.impliedVolatility,
          expirySec: Math.floor(Date.parse(input.expiry) / 1000),
          nowSec,
        })
        const vega = valuation.vega.mul(input.size)
        const theta = valuation.thetaPerDay.mul(input.size)
        vegas.push(vega)
        thetas.push(theta)
        const position = account.positions.find((p) => p.id === `option:${input.id}`)
        expect(position?.vegaUsdPerVolatility).toBe(formatFigure(vega, 'UsdAmount'))
        expect(position?.thetaUsdPerDay).toBe(formatFigure(theta, 'UsdAmount'))
      }
      // Linear positions: exactly 0.
      for (const position of account.positions.filter((p) => p.kind !== 'OPTION')) {
        expect(position).toMatchObject({ vegaUsdPerVolatility: '0', thetaUsdPerDay: '0' })
      }
      const eth = account.exposures.find((e) => e.underlying === 'ETH')
      expect(eth?.vegaUsdPerVolatility).toBe(formatFigure(sum(vegas), 'UsdAmount'))
      expect(eth?.thetaUsdPerDay).toBe(formatFigure(sum(thetas), 'UsdAmount'))
      expect(account.vegaUsdPerVolatility).toBe(formatFigure(sum(vegas), 'UsdAmount'))
      expect(account.thetaUsdPerDay).toBe(formatFigure(sum(thetas), 'UsdAmount'))
      for (const other of account.exposures.filter((e) => e.underlying !== 'ETH')) {
        expect(other).toMatchObject({ vegaUsdPerVolatility: '0', thetaUsdPerDay: '0' })
      }
      exactVega.push(...vegas)
      exactTheta.push(...thetas)
    }
    // Long call + short put + short call: a sign check that the sums are not all zeros.
    const portfolioEth = body.data?.portfolio.summary.exposures.find((e) => e.underlying === 'ETH')
    expect(portfolioEth?.vegaUsdPerVolatility).toBe(formatFigure(sum(exactVega), 'UsdAmount'))
    expect(portfolioEth?.thetaUsdPerDay).toBe(formatFigure(sum(exactTheta), 'UsdAmount'))
    expect(Number(portfolioEth?.vegaUsdPerVolatility)).not.toBe(0)
  })
})
