/**
 * Pure: whether a source's figures can be trusted as current, and why not. The rules are those of
 * DESIGN.md ("Every number says when it is from"): a source is STALE when its block (or venue
 * clock) is older than its chain's (venue's) limit, when a price feed its figures rest on is older
 * than the feed's heartbeat or answers zero or less, when the chain's L2 sequencer is down or
 * within the market's grace period after coming back, or when its refresh failed and the last good
 * read is served. Every reason is machine-readable.
 */
import type { SourceInputs, SourceRef } from '../protocols/types'
import type { FreshnessRules } from './getFreshnessRules'

/** Why a source's figures are not current (GraphQL `StaleReasonCode`). */
export type StaleReasonCode =
  | 'CHAIN_BEHIND'
  | 'VENUE_BEHIND'
  | 'ORACLE_STALE'
  | 'ORACLE_INVALID'
  | 'SEQUENCER_DOWN'
  | 'SEQUENCER_GRACE'
  | 'REFRESH_FAILED'

export type StaleReason = {
  code: StaleReasonCode
  message: string
  /** The asset whose feed it is (ORACLE_*). */
  asset?: string | undefined
  /** How old the thing judged is (block, venue clock, feed update, sequencer status), seconds. */
  ageSeconds?: number | undefined
  /** The limit it was judged against (block-age limit, heartbeat, grace period), seconds. */
  limitSeconds?: number | undefined
}

/** One feed as judged: FRESH, STALE (older than its heartbeat), INVALID (≤ 0) or UNVERIFIED (no `latestRoundData`). */
export type FeedStatus = {
  asset: string
  feed: string
  status: 'FRESH' | 'STALE' | 'INVALID' | 'UNVERIFIED'
  answer: string | null
  updatedAtSec: number | null
  ageSeconds: number | null
  heartbeatSeconds: number
}

/** The chain's sequencer as judged: `liquidationsAllowed` is false while it is down or within the grace period. */
export type SequencerStatus = {
  up: boolean
  sinceSec: number
  gracePeriodSeconds: number
  /**
   * Whether the market's PriceOracleSentinel allows liquidations: not while the sequencer is down nor
   * within the grace period (Aave still liquidates a health factor under 0.95 then: ValidationLogic).
   */
  liquidationsAllowed: boolean
}

export type AssessFreshnessParameters = {
  source: SourceRef
  /** Block timestamp or venue time of the data, unix seconds; null when nothing was read. */
  asOfSec: number | null
  inputs: SourceInputs | null | undefined
  /** The request's (or tick's) clock, unix seconds. */
  nowSec: number
  rules: FreshnessRules
  /** The refresh failed and these are the last good figures. */
  refreshFailed: boolean
}

export type AssessFreshnessReturnType = {
  reasons: StaleReason[]
  feeds: FeedStatus[]
  sequencer: SequencerStatus | null
}

/**
 * @example
 * assessFreshness({ source, asOfSec: 1_764_000_000, inputs: null, nowSec: 1_764_000_300, rules, refreshFailed: false })
 * // { reasons: [{ code: 'CHAIN_BEHIND', ageSeconds: 300, limitSeconds: 120, … }], feeds: [], sequencer: null }
 */
export function assessFreshness({
  source,
  asOfSec,
  inputs,
  nowSec,
  rules,
  refreshFailed,
}: AssessFreshnessParameters): AssessFreshnessReturnType {
  const reasons: StaleReason[] = []
  if (refreshFailed) {
    reasons.push({ code: 'REFRESH_FAILED', message: 'The refresh failed: these are the last figures read.' })
  }
  if (asOfSec !== null) {
    const ageSeconds = Math.max(0, nowSec - asOfSec)
    const onChain = source.chainId !== undefined
    const limitSeconds = onChain ? rules.maxBlockAgeSec(source.chainId as number) : rules.maxVenueAgeSec(source.venue)
    if (ageSeconds > limitSeconds) {
      reasons.push({
        code: onChain ? 'CHAIN_BEHIND' : 'VENUE_BEHIND',
        message: onChain
          ? `Chain ${source.chainId}'s latest block is ${ageSeconds} s old (limit ${limitSeconds} s).`
          : `${source.venue}'s data is ${ageSeconds} s old (limit ${limitSeconds} s).`,
        ageSeconds,
        limitSeconds,
      })
    }
  }

  const feeds = (inputs?.feeds ?? []).map((reading): FeedStatus => {
    const heartbeatSeconds = rules.feedHeartbeatSec(source.chainId ?? 0, reading.feed)
    const ageSeconds = reading.updatedAtSec === null ? null : Math.max(0, nowSec - reading.updatedAtSec)
    const invalid = reading.answer !== null && BigInt(reading.answer) <= 0n
    const status: FeedStatus['status'] = invalid
      ? 'INVALID'
      : ageSeconds === null
        ? 'UNVERIFIED'
        : ageSeconds > heartbeatSeconds
          ? 'STALE'
          : 'FRESH'
    return { ...reading, status, ageSeconds, heartbeatSeconds }
  })
  for (const feed of feeds) {
    if (feed.status === 'INVALID') {
      reasons.push({
        code: 'ORACLE_INVALID',
        message: `The ${feed.asset} price feed answers ${feed.answer}: no valid price.`,
        asset: feed.asset,
      })
    } else if (feed.status === 'STALE') {
      reasons.push({
        code: 'ORACLE_STALE',
        message: `The ${feed.asset} price feed last updated ${feed.ageSeconds} s ago (heartbeat ${feed.heartbeatSeconds} s).`,
        asset: feed.asset,
        ageSeconds: feed.ageSeconds as number,
        limitSeconds: feed.heartbeatSeconds,
      })
    }
  }

  let sequencer: SequencerStatus | null = null
  const reading = inputs?.sequencer
  if (reading) {
    const sinceSeconds = Math.max(0, nowSec - reading.sinceSec)
    // PriceOracleSentinel._isUpAndGracePeriodPassed: up && block.timestamp − startedAt > gracePeriod.
    const inGrace = reading.up && sinceSeconds <= reading.gracePeriodSec
    sequencer = {
      up: reading.up,
      sinceSec: reading.sinceSec,
      gracePeriodSeconds: reading.gracePeriodSec,
      liquidationsAllowed: reading.up && !inGrace,
    }
    if (!reading.up) {
      reasons.push({
        code: 'SEQUENCER_DOWN',
        message: `Chain ${source.chainId}'s sequencer has been down for ${sinceSeconds} s: prices and positions may be behind, and the market holds liquidations.`,
        ageSeconds: sinceSeconds,
      })
    } else if (inGrace) {
      reasons.push({
        code: 'SEQUENCER_GRACE',
        message: `Chain ${source.chainId}'s sequencer came back ${sinceSeconds} s ago: liquidations stay disabled for the ${reading.gracePeriodSec} s grace period.`,
        ageSeconds: sinceSeconds,
        limitSeconds: reading.gracePeriodSec,
      })
    }
  }
  return { reasons, feeds, sequencer }
}
