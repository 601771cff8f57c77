import { type Address, getAddress, isAddress } from 'viem'
import { SolventError } from '../errors/base'

/**
 * Chainlink L2 sequencer uptime feeds by chain id (`latestRoundData().answer`: 0 up, 1 down;
 * `startedAt`: when the status last changed). Read on chains whose Aave market has no
 * PriceOracleSentinel of its own (a sentinel names its feed, and that one wins).
 *
 * @see https://docs.chain.link/data-feeds/l2-sequencer-feeds
 */
export const defaultSequencerFeeds: Readonly<Record<number, Address>> = {
  /** Arbitrum One. */
  42161: '0xFdB631F5EE196F0ed6FAa767959853A9F217697D',
  /** OP Mainnet. */
  10: '0x371EAD81c9102C9BF4874A9075FFFf170F2Ee389',
  /** Base. */
  8453: '0xBCF85224fc0756B9Fa45aA7892530B47e10b6433',
  /** Scroll. */
  534352: '0x45c2b8C204568A03Dc7A2E32B71D67Fe97F908A9',
  /** zkSync Era. */
  324: '0x0E6AC8B967393dcD3D36677c126976157F993940',
}

/**
 * Seconds after the sequencer comes back during which a market without a sentinel of its own is
 * taken to still be recovering (the grace period Chainlink's example and Aave's L2 sentinels use).
 *
 * @see https://docs.chain.link/data-feeds/l2-sequencer-feeds (the example consumer waits 3600 s)
 */
export const DEFAULT_SEQUENCER_GRACE_PERIOD_SEC = 3600

export type SequencerFeedsConfigErrorType = SequencerFeedsConfigError & { name: 'SequencerFeedsConfigError' }

/** `SEQUENCER_FEEDS` cannot be used: an operator error (`INTERNAL`). */
export class SequencerFeedsConfigError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, {
      ...options,
      code: 'INTERNAL',
      name: 'SequencerFeedsConfigError',
      metaMessages: ['Expected {"<chainId>": "0x…"} (null drops a default).'],
    })
  }
}

export type GetSequencerFeedsParameters = { SEQUENCER_FEEDS?: string | undefined }

/** Chain id -> the chain's sequencer uptime feed. */
export type GetSequencerFeedsReturnType = ReadonlyMap<number, Address>

const cache = new Map<string, GetSequencerFeedsReturnType>()

/**
 * The ONE parser of `SEQUENCER_FEEDS` (JSON `{"<chainId>": "0x…"}`): its entries replace or add to
 * `defaultSequencerFeeds`, and `null` drops a default. Empty: the defaults. Parsed once per isolate per value.
 *
 * @throws {SequencerFeedsConfigError} when the value is not that JSON shape.
 * @example
 * getSequencerFeeds({ SEQUENCER_FEEDS: '' }).get(42161) // '0xFdB631F5EE196F0ed6FAa767959853A9F217697D'
 */
export function getSequencerFeeds(env: GetSequencerFeedsParameters): GetSequencerFeedsReturnType {
  const raw = (env.SEQUENCER_FEEDS ?? '').trim()
  const cached = cache.get(raw)
  if (cached) return cached
  const feeds = new Map<number, Address>(
    Object.entries(defaultSequencerFeeds).map(([chainId, feed]) => [Number(chainId), feed]),
  )
  for (const [chainId, feed] of parse(raw)) {
    if (feed === null) feeds.delete(chainId)
    else feeds.set(chainId, feed)
  }
  cache.set(raw, feeds)
  return feeds
}

function parse(raw: string): [number, Address | null][] {
  if (raw === '') return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (cause) {
    throw new SequencerFeedsConfigError('SEQUENCER_FEEDS is not valid JSON.', { cause })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SequencerFeedsConfigError('SEQUENCER_FEEDS must be a JSON object.')
  }
  return Object.entries(parsed).map(([key, value]) => {
    const chainId = Number(key)
    if (!Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new SequencerFeedsConfigError(`SEQUENCER_FEEDS has a key "${key}" that is not a chain id.`)
    }
    if (value === null) return [chainId, null]
    if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
      throw new SequencerFeedsConfigError(`SEQUENCER_FEEDS["${key}"] must be an address or null.`)
    }
    return [chainId, getAddress(value)]
  })
}
