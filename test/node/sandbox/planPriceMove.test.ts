import { describe, expect, it } from 'vitest'
import { parsePriceTarget } from '../../harness/sandboxCli/parsePriceTarget'
import { planPriceMove, type VenuePrice } from '../../harness/sandboxCli/planPriceMove'

/** The seeded sandbox's prices (test/harness/aave/sandboxMarket.ts, test/harness/simulators/seed.ts). */
const aave = (chainId: number): VenuePrice[] =>
  [
    ['WETH', '3000'],
    ['WSTETH', '3400'],
    ['USDC', '1'],
    ['DAI', '0.9998'],
    ['WBTC', '60000'],
    ['LINK', '15'],
  ].map(([asset, priceUsd]) => ({ venue: 'aave-v3', chainId, asset: asset as string, priceUsd: priceUsd as string }))
const prices: VenuePrice[] = [
  ...aave(31337),
  ...aave(31338),
  { venue: 'hyperliquid', chainId: null, asset: 'BTC', priceUsd: '97000.0' },
  { venue: 'hyperliquid', chainId: null, asset: 'ETH', priceUsd: '3200.5' },
  { venue: 'hyperliquid', chainId: null, asset: 'SOL', priceUsd: '180.25' },
  { venue: 'dydx-v4', chainId: null, asset: 'BTC-USD', priceUsd: '97012.34' },
  { venue: 'dydx-v4', chainId: null, asset: 'ETH-USD', priceUsd: '3201.123' },
  { venue: 'dydx-v4', chainId: null, asset: 'SOL-USD', priceUsd: '180.2012' },
]
const moved = (underlying: string, target: string) =>
  planPriceMove({ underlying, target: parsePriceTarget(target), prices }).map(
    (m) => `${m.venue} ${m.chainId ?? '-'} ${m.asset} ${m.priceUsd} -> ${m.newPriceUsd}`,
  )

describe('parsePriceTarget', () => {
  it('reads USD prices and signed or unsigned percentages', () => {
    expect(parsePriceTarget('2500')).toEqual({ kind: 'usd', usd: '2500' })
    expect(parsePriceTarget(' 2500.75 ')).toEqual({ kind: 'usd', usd: '2500.75' })
    expect(parsePriceTarget('-10%')).toEqual({ kind: 'percent', percent: '-10' })
    expect(parsePriceTarget('+2.5%')).toEqual({ kind: 'percent', percent: '2.5' })
    expect(parsePriceTarget('5%')).toEqual({ kind: 'percent', percent: '5' })
  })

  it('refuses what is not a price, and moves to zero or below', () => {
    for (const text of ['', 'abc', '-2500', '$2500', '10 %', '1e3', '0', '0.0', '-100%', '-150%', '%']) {
      expect(() => parsePriceTarget(text), text).toThrow()
    }
  })
})

describe('planPriceMove', () => {
  it('moves ETH on every venue and chain by the same percentage, wstETH included', () => {
    expect(moved('ETH', '-10%')).toEqual([
      'aave-v3 31337 WETH 3000 -> 2700',
      'aave-v3 31338 WETH 3000 -> 2700',
      'aave-v3 31337 WSTETH 3400 -> 3060',
      'aave-v3 31338 WSTETH 3400 -> 3060',
      'hyperliquid - ETH 3200.5 -> 2880.4',
      'dydx-v4 - ETH-USD 3201.123 -> 2881.0107',
    ])
  })

  it('sets an absolute ETH price everywhere, wstETH keeping its ratio to WETH on each chain', () => {
    const ratioed = planPriceMove({
      underlying: 'eth',
      target: parsePriceTarget('2500'),
      prices: prices.map((p) => (p.chainId === 31338 && p.asset === 'WSTETH' ? { ...p, priceUsd: '3300' } : p)),
    })
    expect(ratioed.map((m) => `${m.chainId ?? '-'} ${m.asset} ${m.newPriceUsd}`)).toEqual([
      '31337 WETH 2500',
      '31338 WETH 2500',
      '31337 WSTETH 2833.33333333',
      '31338 WSTETH 2750',
      '- ETH 2500.0',
      '- ETH-USD 2500',
    ])
  })

  it('moves BTC through WBTC and the simulators, and nothing else', () => {
    expect(moved('BTC', '+5%')).toEqual([
      'aave-v3 31337 WBTC 60000 -> 63000',
      'aave-v3 31338 WBTC 60000 -> 63000',
      'hyperliquid - BTC 97000.0 -> 101850.0',
      'dydx-v4 - BTC-USD 97012.34 -> 101862.957',
    ])
  })

  it('moves a stablecoin by its symbol (a depeg) and SOL on the perp venues only', () => {
    expect(moved('USDC', '0.95')).toEqual(['aave-v3 31337 USDC 1 -> 0.95', 'aave-v3 31338 USDC 1 -> 0.95'])
    expect(moved('SOL', '-20%')).toEqual([
      'hyperliquid - SOL 180.25 -> 144.2',
      'dydx-v4 - SOL-USD 180.2012 -> 144.16096',
    ])
  })

  it('rounds as each venue prints prices: 8 decimals on Aave, 5 significant figures on Hyperliquid', () => {
    expect(moved('ETH', '-3.3333%').slice(0, 1)).toEqual(['aave-v3 31337 WETH 3000 -> 2900.001'])
    expect(moved('ETH', '-3.3333%')[4]).toBe('hyperliquid - ETH 3200.5 -> 3093.8')
  })

  it('refuses an underlying the sandbox does not price', () => {
    expect(() => planPriceMove({ underlying: 'DOGE', target: parsePriceTarget('1'), prices })).toThrow(
      /Unknown underlying "DOGE".*ETH, BTC, SOL, LINK, USDC, DAI/,
    )
    expect(() => planPriceMove({ underlying: 'SOL', target: parsePriceTarget('1'), prices: aave(31337) })).toThrow(
      /No venue/,
    )
  })
})
