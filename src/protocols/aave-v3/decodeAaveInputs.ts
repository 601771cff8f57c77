import { type Address, zeroAddress } from 'viem'
import type { EvmCallResult } from '../../chains/multicall'
import type { FeedReading, SequencerReading, SourceInputs } from '../types'
import { type AaveHolding, holds } from './decodeAaveUser'
import { AaveReadError } from './errors'
import { type AaveSequencerFeed, marketPriceFeeds } from './planAaveUsers'
import type { AaveReference } from './types'

/** A price feed's `latestRoundData()` as read: nulls when the feed has none (the call reverted). */
export type AaveFeedAnswer = { answer: bigint | null; updatedAtSec: number | null }

export type AaveFeedsRaw = {
  reference: AaveReference
  sequencer: AaveSequencerFeed | undefined
  /** `planAaveFeeds(reference, sequencer)` answers. */
  results: readonly EvmCallResult[]
}

export type DecodeAaveFeedsReturnType = {
  /** Every feed of `marketPriceFeeds(reference)`, by address. */
  feeds: ReadonlyMap<Address, AaveFeedAnswer>
  /** The sequencer as its uptime feed reported it; absent on chains without one. */
  sequencer?: SequencerReading | undefined
  /** Set when the chain has a sequencer feed and it did not answer: the sequencer's state is unknown. */
  sequencerError?: AaveReadError | undefined
}

type RoundData = readonly [bigint, bigint, bigint, bigint, bigint]

/**
 * Pure: the feed answers of the user round (see `planAaveFeeds`). A price feed without
 * `latestRoundData` reads as nulls, never as a failure. The sequencer is up when its feed answers
 * 0; it has been in that state since `startedAt` (when the status last changed), or `updatedAt`
 * when `startedAt` is 0 (Aave v3.0's SequencerOracle, which its v3.0 sentinel reads that way).
 *
 * @see https://docs.chain.link/data-feeds/l2-sequencer-feeds
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/mocks/oracle/SequencerOracle.sol
 */
export function decodeAaveFeeds({ reference, sequencer, results }: AaveFeedsRaw): DecodeAaveFeedsReturnType {
  const list = marketPriceFeeds(reference)
  const feeds = new Map<Address, AaveFeedAnswer>(
    list.map((feed, k) => {
      const result = results[k]
      if (result?.status !== 'success') return [feed, { answer: null, updatedAtSec: null }]
      const [, answer, , updatedAt] = result.result as RoundData
      return [feed, { answer, updatedAtSec: Number(updatedAt) }]
    }),
  )
  if (!sequencer) return { feeds }
  const result = results[list.length]
  if (result?.status !== 'success')
    return {
      feeds,
      sequencerError: new AaveReadError(
        `The sequencer uptime feed ${sequencer.feed} of chain ${reference.chainId} did not answer latestRoundData.`,
        { cause: result?.error },
      ),
    }
  const [, answer, startedAt, updatedAt] = result.result as RoundData
  return {
    feeds,
    sequencer: {
      feed: sequencer.feed,
      up: answer === 0n,
      sinceSec: Number(startedAt > 0n ? startedAt : updatedAt),
      gracePeriodSec: sequencer.gracePeriodSec,
      sentinel: sequencer.sentinel,
    },
  }
}

export type AaveSourceInputsParameters = {
  reference: AaveReference
  feeds: ReadonlyMap<Address, AaveFeedAnswer>
  sequencer?: SequencerReading | undefined
  /** The account's balances per reserve (`decodeAaveHoldings`); absent when they could not be read. */
  held?: readonly AaveHolding[] | undefined
  /** The account's e-mode category (0: none). */
  userEModeCategory?: number | undefined
}

/**
 * Pure: what one account's figures rest on: the feeds of the reserves it has a balance in
 * (supplied or borrowed), the feed of its e-mode category's price source (v3.0–3.1), and the
 * sequencer. Feeds are listed once per asset, in reserve order. Without the balances, only the sequencer.
 */
export function aaveSourceInputs({
  reference,
  feeds,
  sequencer,
  held,
  userEModeCategory = 0,
}: AaveSourceInputsParameters): SourceInputs {
  const inputs: SourceInputs = {}
  if (sequencer) inputs.sequencer = sequencer
  if (!held) return inputs
  const readings: FeedReading[] = []
  const add = (asset: string, feed: Address) => {
    if (readings.some((r) => r.asset === asset && r.feed === feed)) return
    const answer = feed === zeroAddress ? undefined : feeds.get(feed)
    readings.push({
      asset,
      feed,
      answer: answer?.answer == null ? null : answer.answer.toString(),
      updatedAtSec: answer?.updatedAtSec ?? null,
    })
  }
  reference.reserves.forEach((r, i) => {
    const h = held[i]
    if (h && holds(h)) add(r.symbol, r.priceFeed)
  })
  const category = reference.eModeCategories.find((c) => c.id === userEModeCategory)
  if (category && category.priceSource !== zeroAddress) {
    const reserve = reference.reserves.find((r) => r.underlying === category.priceSource)
    add(reserve?.symbol ?? category.priceSource, category.priceFeed)
  }
  inputs.feeds = readings
  return inputs
}
