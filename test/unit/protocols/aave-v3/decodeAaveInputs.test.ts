/**
 * The pure side of the Aave adapter's `inputs`: feed answers and the sequencer as read, and which
 * feeds one account's figures rest on. The same reads against the real contracts: test/node/aave-v3/feedInputs.test.ts.
 */
import { getAddress, zeroAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import type { EvmCallResult } from '../../../../src/chains/multicall'
import { defaultSequencerFeeds, getSequencerFeeds } from '../../../../src/chains/sequencerFeeds'
import { aaveSourceInputs, decodeAaveFeeds } from '../../../../src/protocols/aave-v3/decodeAaveInputs'
import type { AaveHolding } from '../../../../src/protocols/aave-v3/decodeAaveUser'
import { aaveSequencerFeed, marketPriceFeeds } from '../../../../src/protocols/aave-v3/planAaveUsers'
import type { AaveReference } from '../../../../src/protocols/aave-v3/types'
import recorded from './fixtures/everywhere-chain-b.json'

const reference = recorded.reference as unknown as AaveReference
const SEQUENCER = '0x0000000000000000000000000000000000005e9a' as const
const round = (answer: bigint, startedAt: bigint, updatedAt: bigint): EvmCallResult => ({
  status: 'success',
  result: [7n, answer, startedAt, updatedAt, 7n],
})
const failed: EvmCallResult = { status: 'failure', error: new Error('execution reverted') }
const none: AaveHolding = {
  scaledATokenBalance: 0n,
  scaledVariableDebt: 0n,
  principalStableDebt: 0n,
  stableBorrowRate: 0n,
  stableBorrowLastUpdateTimestamp: 0,
}

describe('decodeAaveFeeds', () => {
  const feeds = marketPriceFeeds(reference)
  const live = feeds.map(() => round(1n, 100n, 200n))

  it('reads each feed once; a feed without latestRoundData is nulls', () => {
    expect(feeds).toHaveLength(new Set(reference.reserves.map((r) => r.priceFeed)).size) // e-mode source is a reserve
    const decoded = decodeAaveFeeds({ reference, sequencer: undefined, results: [failed, ...live.slice(1)] })
    expect(decoded.feeds.get(feeds[0] as `0x${string}`)).toEqual({ answer: null, updatedAtSec: null })
    expect(decoded.feeds.get(feeds[1] as `0x${string}`)).toEqual({ answer: 1n, updatedAtSec: 200 })
    expect(decoded.sequencer).toBeUndefined()
  })

  it('sequencer: 0 is up, 1 down, since startedAt (Chainlink), else updatedAt (Aave v3.0 SequencerOracle)', () => {
    const sequencer = { feed: SEQUENCER, gracePeriodSec: 3600, sentinel: null }
    const read = (result: EvmCallResult) => decodeAaveFeeds({ reference, sequencer, results: [...live, result] })
    expect(read(round(0n, 1_000n, 5_000n)).sequencer).toEqual({ ...sequencer, up: true, sinceSec: 1_000 })
    expect(read(round(1n, 1_000n, 5_000n)).sequencer).toMatchObject({ up: false, sinceSec: 1_000 })
    expect(read(round(0n, 0n, 5_000n)).sequencer).toMatchObject({ up: true, sinceSec: 5_000 })
    const unknown = read(failed)
    expect(unknown.sequencer).toBeUndefined()
    expect(unknown.sequencerError?.message).toMatch(/did not answer latestRoundData/)
  })
})

describe('aaveSourceInputs', () => {
  const feeds = new Map(marketPriceFeeds(reference).map((f, k) => [f, { answer: BigInt(k + 1), updatedAtSec: 50 }]))
  const held = reference.reserves.map((r) => (r.symbol === 'WSTETH' ? { ...none, scaledATokenBalance: 1n } : none))

  it('lists the held reserves, and the e-mode price source once, by symbol', () => {
    const inputs = aaveSourceInputs({ reference, feeds, held, userEModeCategory: 1 })
    expect(inputs.feeds?.map((f) => f.asset)).toEqual(['WSTETH', 'WETH'])
    expect(aaveSourceInputs({ reference, feeds, held, userEModeCategory: 0 }).feeds?.map((f) => f.asset)).toEqual([
      'WSTETH',
    ])
  })

  it('a reserve without a feed (zero address: the fallback oracle prices it) reads as nulls', () => {
    const noFeed = {
      ...reference,
      reserves: reference.reserves.map((r) => (r.symbol === 'WSTETH' ? { ...r, priceFeed: zeroAddress } : r)),
    } as AaveReference
    expect(aaveSourceInputs({ reference: noFeed, feeds, held }).feeds).toEqual([
      { asset: 'WSTETH', feed: zeroAddress, answer: null, updatedAtSec: null },
    ])
  })

  it('without the balances, only the sequencer', () => {
    expect(aaveSourceInputs({ reference, feeds })).toEqual({})
  })
})

describe('sequencer feeds', () => {
  it("a market's sentinel names its feed; else the chain's default with 3600 s", () => {
    const defaults = getSequencerFeeds({ SEQUENCER_FEEDS: '' })
    expect(aaveSequencerFeed(reference, defaults, 3600)).toEqual({
      feed: reference.sentinel?.sequencerOracle,
      gracePeriodSec: reference.sentinel?.gracePeriodSec,
      sentinel: reference.sentinel?.address,
    })
    const arbitrum = { ...reference, chainId: 42161, sentinel: null }
    expect(aaveSequencerFeed(arbitrum, defaults, 3600)).toEqual({
      feed: '0xFdB631F5EE196F0ed6FAa767959853A9F217697D',
      gracePeriodSec: 3600,
      sentinel: null,
    })
    expect(aaveSequencerFeed({ ...arbitrum, chainId: 1 }, defaults, 3600)).toBeUndefined()
  })

  it('the default table holds checksummed addresses', () => {
    for (const feed of Object.values(defaultSequencerFeeds)) expect(getAddress(feed)).toBe(feed)
  })

  it('SEQUENCER_FEEDS adds, replaces and (null) drops defaults, and rejects anything else', () => {
    const feeds = getSequencerFeeds({
      SEQUENCER_FEEDS: JSON.stringify({ 31338: '0x0000000000000000000000000000000000005e9a', 8453: null }),
    })
    expect(feeds.get(31338)).toBe(getAddress('0x0000000000000000000000000000000000005e9a'))
    expect(feeds.has(8453)).toBe(false)
    expect(feeds.get(10)).toBe('0x371EAD81c9102C9BF4874A9075FFFf170F2Ee389')
    expect(() => getSequencerFeeds({ SEQUENCER_FEEDS: '[]' })).toThrow(/JSON object/)
    expect(() => getSequencerFeeds({ SEQUENCER_FEEDS: '{"x":"0x"}' })).toThrow(/not a chain id/)
    expect(() => getSequencerFeeds({ SEQUENCER_FEEDS: '{"1":"nope"}' })).toThrow(/address or null/)
  })
})
