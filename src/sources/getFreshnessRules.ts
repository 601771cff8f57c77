import { SolventError } from '../errors/base'
import type { VenueId } from '../protocols/types'

/** How old a chain's block, a venue's clock or a price feed may be before the figures resting on it are STALE. */
export type FreshnessRules = {
  /** Oldest acceptable block of a chain, seconds behind the request's clock. */
  maxBlockAgeSec(chainId: number): number
  /** Oldest acceptable venue timestamp of an off-chain venue (Hyperliquid, dYdX), seconds. */
  maxVenueAgeSec(venue: VenueId): number
  /** A feed's heartbeat: it is STALE once its last update is older than this, seconds. */
  feedHeartbeatSec(chainId: number, feed: string): number
}

export type FreshnessConfigErrorType = FreshnessConfigError & { name: 'FreshnessConfigError' }

/** `FRESHNESS` cannot be used: an operator error (`INTERNAL`). */
export class FreshnessConfigError extends SolventError {
  constructor(shortMessage: string) {
    super(shortMessage, {
      code: 'INTERNAL',
      name: 'FreshnessConfigError',
      metaMessages: [
        'Expected {"chains": {"<chainId>": {"maxBlockAgeSeconds"?: 60, "feedHeartbeatSeconds"?: 86400, "feeds"?: {"0x…": 3600}}}, "venues"?: {"hyperliquid": {"maxAgeSeconds": 60}}}.',
      ],
    })
  }
}

/**
 * Average block time of the chains Solvent reads by default, seconds (each chain's documentation;
 * the sandbox chains mine every 2 s). A chain's default block-age limit is ten blocks, at least 60 s:
 * a healthy provider is never that far behind, and a minute is the cron's own period.
 */
const BLOCK_TIME_SEC: Readonly<Record<number, number>> = {
  1: 12,
  10: 2,
  56: 3,
  100: 5,
  137: 2,
  146: 1,
  324: 1,
  8453: 2,
  42161: 0.25,
  43114: 2,
  59144: 2,
  534352: 3,
  31337: 2,
  31338: 2,
}
const MIN_BLOCK_AGE_LIMIT_SEC = 60
/** A chain the table does not know: as lenient as Ethereum's 12 s blocks give. */
const UNKNOWN_CHAIN_BLOCK_AGE_LIMIT_SEC = 120
/** Hyperliquid and dYdX answer with their own clock; a minute behind is a venue (or indexer) in trouble. */
const VENUE_AGE_LIMIT_SEC = 60
/**
 * Chainlink's longest standard heartbeat (many USD feeds update at least daily, majors hourly):
 * a feed older than a day is stale whatever its configuration. Set each feed's real heartbeat in
 * `FRESHNESS` for a tighter check. @see https://docs.chain.link/data-feeds#check-the-timestamp-of-the-latest-answer
 */
const DEFAULT_FEED_HEARTBEAT_SEC = 86_400

type ChainRules = { maxBlockAgeSeconds?: number; feedHeartbeatSeconds?: number; feeds?: Record<string, number> }
type ParsedConfig = { chains: Map<number, ChainRules>; venues: Map<string, number> }

const cache = new Map<string, FreshnessRules>()

/**
 * The ONE parser of `FRESHNESS` (JSON, every part optional; empty: the defaults): per chain the
 * block-age limit, the default feed heartbeat and per-feed heartbeats; per off-chain venue the
 * venue-time limit. Parsed once per isolate per value.
 *
 * @throws {FreshnessConfigError} when the value is not that JSON shape.
 * @example
 * getFreshnessRules({ FRESHNESS: '{"chains":{"1":{"maxBlockAgeSeconds":90}}}' }).maxBlockAgeSec(1) // 90
 */
export function getFreshnessRules(env: { FRESHNESS?: string | undefined }): FreshnessRules {
  const raw = (env.FRESHNESS ?? '').trim()
  const cached = cache.get(raw)
  if (cached) return cached
  const config = raw === '' ? { chains: new Map(), venues: new Map() } : parse(raw)
  const rules: FreshnessRules = {
    maxBlockAgeSec(chainId) {
      const configured = config.chains.get(chainId)?.maxBlockAgeSeconds
      if (configured !== undefined) return configured
      const blockTime = BLOCK_TIME_SEC[chainId]
      return blockTime === undefined
        ? UNKNOWN_CHAIN_BLOCK_AGE_LIMIT_SEC
        : Math.max(MIN_BLOCK_AGE_LIMIT_SEC, Math.ceil(10 * blockTime))
    },
    maxVenueAgeSec: (venue) => config.venues.get(venue) ?? VENUE_AGE_LIMIT_SEC,
    feedHeartbeatSec(chainId, feed) {
      const chain = config.chains.get(chainId)
      return chain?.feeds?.[feed.toLowerCase()] ?? chain?.feedHeartbeatSeconds ?? DEFAULT_FEED_HEARTBEAT_SEC
    },
  }
  cache.set(raw, rules)
  return rules
}

function parse(raw: string): ParsedConfig {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new FreshnessConfigError('FRESHNESS is not valid JSON.')
  }
  if (!isObject(parsed)) throw new FreshnessConfigError('FRESHNESS must be a JSON object.')
  const chains = new Map<number, ChainRules>()
  for (const [key, value] of Object.entries(parsed.chains ?? {})) {
    const chainId = Number(key)
    if (!Number.isSafeInteger(chainId) || chainId <= 0 || !isObject(value))
      throw new FreshnessConfigError(`FRESHNESS.chains["${key}"] must be a chain id mapped to an object.`)
    const feeds: Record<string, number> = {}
    for (const [feed, heartbeat] of Object.entries(value.feeds ?? {})) {
      if (!/^0x[0-9a-fA-F]{40}$/.test(feed))
        throw new FreshnessConfigError(`FRESHNESS.chains["${key}"].feeds has "${feed}", not an address.`)
      feeds[feed.toLowerCase()] = seconds(heartbeat, `FRESHNESS.chains["${key}"].feeds["${feed}"]`)
    }
    chains.set(chainId, {
      ...optionalSeconds(value.maxBlockAgeSeconds, 'maxBlockAgeSeconds', `FRESHNESS.chains["${key}"]`),
      ...optionalSeconds(value.feedHeartbeatSeconds, 'feedHeartbeatSeconds', `FRESHNESS.chains["${key}"]`),
      feeds,
    })
  }
  const venues = new Map<string, number>()
  for (const [venue, value] of Object.entries(parsed.venues ?? {})) {
    if (!isObject(value)) throw new FreshnessConfigError(`FRESHNESS.venues["${venue}"] must be an object.`)
    venues.set(venue, seconds(value.maxAgeSeconds, `FRESHNESS.venues["${venue}"].maxAgeSeconds`))
  }
  return { chains, venues }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function seconds(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new FreshnessConfigError(`${where} must be a positive whole number of seconds.`)
  return value
}

function optionalSeconds<K extends string>(value: unknown, key: K, where: string): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: seconds(value, `${where}.${key}`) } as Record<K, number>)
}
