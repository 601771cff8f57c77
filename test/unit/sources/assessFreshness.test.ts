import { describe, expect, it } from 'vitest'
import type { SourceInputs, SourceRef } from '../../../src/protocols/types'
import { assessFreshness } from '../../../src/sources/assessFreshness'
import { FreshnessConfigError, getFreshnessRules } from '../../../src/sources/getFreshnessRules'

const account = { kind: 'evm', address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' } as const
const arbitrum: SourceRef = { venue: 'aave-v3', chainId: 42161, market: 'Core', account }
const mainnet: SourceRef = { venue: 'aave-v3', chainId: 1, market: 'Core', account }
const hyperliquid: SourceRef = { venue: 'hyperliquid', account }
const FEED = '0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612'
const NOW = 1_790_000_000
const defaults = getFreshnessRules({ FRESHNESS: '' })

const assess = (source: SourceRef, asOfSec: number | null, inputs: SourceInputs | null = null, rules = defaults) =>
  assessFreshness({ source, asOfSec, inputs, nowSec: NOW, rules, refreshFailed: false })
const codes = (result: ReturnType<typeof assess>) => result.reasons.map((reason) => reason.code)

describe('getFreshnessRules', () => {
  it('defaults to ten blocks of each chain, at least 60 s, and 120 s for a chain it does not know', () => {
    expect(defaults.maxBlockAgeSec(1)).toBe(120)
    expect(defaults.maxBlockAgeSec(42161)).toBe(60)
    expect(defaults.maxBlockAgeSec(8453)).toBe(60)
    expect(defaults.maxBlockAgeSec(999_999)).toBe(120)
    expect(defaults.maxVenueAgeSec('hyperliquid')).toBe(60)
    expect(defaults.feedHeartbeatSec(1, FEED)).toBe(86_400)
  })

  it('takes per-chain limits, a chain-wide heartbeat and per-feed heartbeats (any address case)', () => {
    const rules = getFreshnessRules({
      FRESHNESS: JSON.stringify({
        chains: { '1': { maxBlockAgeSeconds: 90, feedHeartbeatSeconds: 7200, feeds: { [FEED.toLowerCase()]: 3600 } } },
        venues: { 'dydx-v4': { maxAgeSeconds: 30 } },
      }),
    })
    expect(rules.maxBlockAgeSec(1)).toBe(90)
    expect(rules.feedHeartbeatSec(1, FEED)).toBe(3600)
    expect(rules.feedHeartbeatSec(1, '0x0000000000000000000000000000000000000001')).toBe(7200)
    expect(rules.feedHeartbeatSec(10, FEED)).toBe(86_400)
    expect(rules.maxVenueAgeSec('dydx-v4')).toBe(30)
    expect(rules.maxVenueAgeSec('hyperliquid')).toBe(60)
  })

  it('refuses a configuration it cannot use, naming the field', () => {
    expect(() => getFreshnessRules({ FRESHNESS: '{' })).toThrow(FreshnessConfigError)
    expect(() => getFreshnessRules({ FRESHNESS: '{"chains":{"x":{}}}' })).toThrow(/chains\["x"\]/)
    expect(() => getFreshnessRules({ FRESHNESS: '{"chains":{"1":{"maxBlockAgeSeconds":0}}}' })).toThrow(
      /maxBlockAgeSeconds must be a positive whole number/,
    )
    expect(() => getFreshnessRules({ FRESHNESS: '{"chains":{"1":{"feeds":{"eth":60}}}}' })).toThrow(/not an address/)
  })
})

describe('assessFreshness', () => {
  it('passes a block within the chain limit and flags one past it as CHAIN_BEHIND, with its age and limit', () => {
    expect(codes(assess(mainnet, NOW - 120))).toEqual([])
    const behind = assess(mainnet, NOW - 121)
    expect(behind.reasons).toEqual([
      expect.objectContaining({ code: 'CHAIN_BEHIND', ageSeconds: 121, limitSeconds: 120 }),
    ])
    expect(codes(assess(hyperliquid, NOW - 61))).toEqual(['VENUE_BEHIND'])
    expect(codes(assess(hyperliquid, null))).toEqual([])
  })

  it('judges every feed against its heartbeat: fresh, stale, invalid (≤ 0) or unverified (no latestRoundData)', () => {
    const inputs: SourceInputs = {
      feeds: [
        { asset: 'WETH', feed: FEED, answer: '300000000000', updatedAtSec: NOW - 86_400 },
        {
          asset: 'USDC',
          feed: '0x0000000000000000000000000000000000000002',
          answer: '100000000',
          updatedAtSec: NOW - 86_401,
        },
        { asset: 'DAI', feed: '0x0000000000000000000000000000000000000003', answer: '0', updatedAtSec: NOW },
        { asset: 'LINK', feed: '0x0000000000000000000000000000000000000004', answer: '-5', updatedAtSec: NOW },
        { asset: 'WSTETH', feed: '0x0000000000000000000000000000000000000005', answer: null, updatedAtSec: null },
      ],
    }
    const result = assess(mainnet, NOW, inputs)
    expect(result.feeds.map((feed) => [feed.asset, feed.status])).toEqual([
      ['WETH', 'FRESH'],
      ['USDC', 'STALE'],
      ['DAI', 'INVALID'],
      ['LINK', 'INVALID'],
      ['WSTETH', 'UNVERIFIED'],
    ])
    expect(result.reasons).toEqual([
      expect.objectContaining({ code: 'ORACLE_STALE', asset: 'USDC', ageSeconds: 86_401, limitSeconds: 86_400 }),
      expect.objectContaining({ code: 'ORACLE_INVALID', asset: 'DAI' }),
      expect.objectContaining({ code: 'ORACLE_INVALID', asset: 'LINK' }),
    ])
  })

  it('applies a per-feed heartbeat from the configuration', () => {
    const rules = getFreshnessRules({ FRESHNESS: JSON.stringify({ chains: { '1': { feeds: { [FEED]: 3600 } } } }) })
    const inputs: SourceInputs = { feeds: [{ asset: 'WETH', feed: FEED, answer: '1', updatedAtSec: NOW - 3601 }] }
    expect(codes(assess(mainnet, NOW, inputs, rules))).toEqual(['ORACLE_STALE'])
    expect(codes(assess(mainnet, NOW, inputs))).toEqual([])
  })

  it('reports the sequencer down, then within the grace period (elapsed ≤ grace, as the sentinel), then allows liquidations', () => {
    const sequencer = (up: boolean, sinceSec: number): SourceInputs => ({
      sequencer: { feed: FEED, up, sinceSec, gracePeriodSec: 3600, sentinel: null },
    })
    const down = assess(arbitrum, NOW, sequencer(false, NOW - 50))
    expect(codes(down)).toEqual(['SEQUENCER_DOWN'])
    expect(down.sequencer).toEqual({
      up: false,
      sinceSec: NOW - 50,
      gracePeriodSeconds: 3600,
      liquidationsAllowed: false,
    })
    const grace = assess(arbitrum, NOW, sequencer(true, NOW - 3600))
    expect(grace.reasons).toEqual([
      expect.objectContaining({ code: 'SEQUENCER_GRACE', ageSeconds: 3600, limitSeconds: 3600 }),
    ])
    expect(grace.sequencer?.liquidationsAllowed).toBe(false)
    const over = assess(arbitrum, NOW, sequencer(true, NOW - 3601))
    expect(codes(over)).toEqual([])
    expect(over.sequencer?.liquidationsAllowed).toBe(true)
  })

  it('says when the figures are the last good read of a failed refresh, with every other reason', () => {
    const result = assessFreshness({
      source: mainnet,
      asOfSec: NOW - 500,
      inputs: null,
      nowSec: NOW,
      rules: defaults,
      refreshFailed: true,
    })
    expect(codes(result)).toEqual(['REFRESH_FAILED', 'CHAIN_BEHIND'])
  })
})
