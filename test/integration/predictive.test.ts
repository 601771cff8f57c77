/**
 * `liquidationOutlook` on margin accounts and summaries, over a declared perp book (closed-form
 * liquidation price) and the sandbox's demo account with venues on chains, Hyperliquid and dYdX.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { volatilityFromHistory } from '../../src/alerts/rules/volatilityFromHistory'
import { computeTouchProbability } from '../../src/engine/predictive/computeTouchProbability'
import { demoAccount } from '../harness/demoAccounts'
import { post } from '../helpers/graphql'

const OUTLOOK = `liquidationOutlook(horizonsSeconds: $h, volatilities: $v) {
  volatilities { underlying volatility source priceKey returns }
  bands { underlying down up }
  probabilities { horizonSeconds probability }
  probabilityEver expectedSecondsToLiquidation medianSecondsToLiquidation liquidatableNow }`

type Outlook = {
  volatilities: {
    underlying: string
    volatility: string
    source: string
    priceKey: string | null
    returns: number | null
  }[]
  bands: { underlying: string; down: string | null; up: string | null }[]
  probabilities: { horizonSeconds: number; probability: string }[]
  probabilityEver: string
  expectedSecondsToLiquidation: string | null
  medianSecondsToLiquidation: string | null
  liquidatableNow: boolean
}

/** 10 ETH long at 3,000 on 8,000 USDC of collateral, margined by scenario (±15 %): liquidated after a fall of about 14 %. */
const perpBook = {
  name: 'perp-book',
  prices: [
    { underlying: 'ETH', priceUsd: '3000' },
    { underlying: 'USDC', priceUsd: '1', stable: true },
  ],
  collateral: [{ asset: 'USDC', amount: '8000' }],
  perps: [{ underlying: 'ETH', size: '10', entryPriceUsd: '3000' }],
}

describe('liquidationOutlook', () => {
  it('is the barrier-touch probability at the band, with the caller’s volatility flagged CALLER', async () => {
    const { body } = await post<{
      portfolio: {
        summary: { liquidationOutlook: Outlook }
        marginAccounts: { nodes: { liquidationOutlook: Outlook }[] }
      }
    }>(
      `query ($d: [DeclaredMarginAccountInput!], $h: [Int!], $v: [VolatilityInput!]) { portfolio(addresses: [], declared: $d) {
        summary { ${OUTLOOK} } marginAccounts { nodes { ${OUTLOOK} } } } }`,
      {
        variables: {
          d: [perpBook],
          h: [3600, 86_400, 604_800, 2_592_000],
          v: [{ underlying: 'ETH', volatility: '0.9' }],
        },
      },
    )
    expect(body.errors).toBeUndefined()
    const account = body.data?.portfolio.marginAccounts.nodes[0]?.liquidationOutlook as Outlook
    expect(account.volatilities).toEqual([
      { underlying: 'ETH', volatility: '0.9', source: 'CALLER', priceKey: null, returns: null },
    ])
    const band = account.bands.find((b) => b.underlying === 'ETH')
    expect(Number(band?.down)).toBeLessThan(0)
    for (const { horizonSeconds, probability } of account.probabilities) {
      const expected = computeTouchProbability({
        spot: '1',
        barrier: String(1 + Number(band?.down)),
        volatility: '0.9',
        horizonSec: horizonSeconds,
      })
      expect(Math.abs(Number(probability) - expected.toNumber())).toBeLessThan(1e-12)
    }
    const probabilities = account.probabilities.map((p) => Number(p.probability))
    expect(probabilities).toEqual([...probabilities].sort((a, b) => a - b))
    expect(Number(account.medianSecondsToLiquidation)).toBeGreaterThan(0)
    expect(Number(account.expectedSecondsToLiquidation)).toBeGreaterThan(Number(account.medianSecondsToLiquidation))
    // One margin account: the summary's outlook is the same.
    expect(body.data?.portfolio.summary.liquidationOutlook).toEqual(account)
  })

  it('reads volatility from the recorded minute prices (EWMA), else says DEFAULT', async () => {
    const minute = 60_000
    const startMs = Date.now() - (Date.now() % minute) - 30 * minute
    const prices = Array.from({ length: 30 }, (_, i) => (3000 * Math.exp(0.002 * Math.sin(i * 1.7))).toFixed(6))
    for (const [i, price] of prices.entries())
      await env.DB.prepare('INSERT OR IGNORE INTO price_history (underlying, minute_ms, price) VALUES (?1, ?2, ?3)')
        .bind('ETH', startMs + i * minute, price)
        .run()
    const expected = volatilityFromHistory(prices.map((price, i) => ({ minuteMs: startMs + i * minute, price })))
    const query = `query ($d: [DeclaredMarginAccountInput!], $h: [Int!], $v: [VolatilityInput!]) {
      portfolio(addresses: [], declared: $d) { summary { ${OUTLOOK} } } }`
    const withBtc = {
      ...perpBook,
      prices: [...perpBook.prices, { underlying: 'BTC', priceUsd: '90000' }],
      perps: [...perpBook.perps, { underlying: 'BTC', size: '0.05', entryPriceUsd: '90000' }],
    }
    const { body } = await post<{ portfolio: { summary: { liquidationOutlook: Outlook } } }>(query, {
      variables: { d: [withBtc] },
    })
    expect(body.errors).toBeUndefined()
    const volatilities = body.data?.portfolio.summary.liquidationOutlook.volatilities ?? []
    expect(volatilities.find((v) => v.underlying === 'ETH')).toEqual({
      underlying: 'ETH',
      volatility: expected?.toDecimalPlaces(18).toFixed(),
      source: 'HISTORY',
      priceKey: 'ETH',
      returns: 29,
    })
    expect(volatilities.find((v) => v.underlying === 'BTC')).toMatchObject({ source: 'DEFAULT', volatility: '0.8' })
    // Default horizons: 1 h, 24 h, 7 d.
    expect(body.data?.portfolio.summary.liquidationOutlook.probabilities.map((p) => p.horizonSeconds)).toEqual([
      3600, 86_400, 604_800,
    ])
  })

  it('the portfolio outlook covers every venue of the demo account, at least as likely as its riskiest margin account', async () => {
    const { body } = await post<{
      account: {
        summary: { liquidationOutlook: Outlook }
        marginAccounts: { nodes: { id: string; liquidationOutlook: Outlook }[] }
      }
    }>(
      `query ($a: String!, $h: [Int!], $v: [VolatilityInput!]) { account(address: $a) {
        summary { ${OUTLOOK} } marginAccounts { nodes { id ${OUTLOOK} } } } }`,
      { variables: { a: demoAccount('everywhere').address, h: [86_400, 604_800] } },
    )
    expect(body.errors).toBeUndefined()
    const summary = body.data?.account.summary.liquidationOutlook as Outlook
    const nodes = body.data?.account.marginAccounts.nodes ?? []
    expect(nodes.length).toBeGreaterThan(2)
    for (const node of nodes) {
      for (const [i, p] of node.liquidationOutlook.probabilities.entries())
        expect(Number(summary.probabilities[i]?.probability)).toBeGreaterThanOrEqual(Number(p.probability) - 1e-15)
      // Every band of a margin account is within the summary's band on the same underlying.
      for (const band of node.liquidationOutlook.bands) {
        const merged = summary.bands.find((b) => b.underlying === band.underlying)
        if (band.down !== null) expect(Number(merged?.down)).toBeGreaterThanOrEqual(Number(band.down))
        if (band.up !== null) expect(Number(merged?.up)).toBeLessThanOrEqual(Number(band.up))
      }
    }
  })

  it('refuses a horizon out of range', async () => {
    const { body } = await post(
      `query ($d: [DeclaredMarginAccountInput!]) { portfolio(addresses: [], declared: $d) { summary { liquidationOutlook(horizonsSeconds: [0]) { probabilityEver } } } }`,
      { variables: { d: [perpBook] } },
    )
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })
})
