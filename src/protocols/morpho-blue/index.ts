/**
 * The Morpho Blue adapter: one margin account per market (`market:<id>`) per EVM account, read
 * through the chains in `RPC_URLS`. One source per chain: the account's markets there are the ones
 * listed in `MORPHO_MARKETS` plus, on chains in `MORPHO_DISCOVERY`, every market it entered
 * according to Morpho's logs (`discoverMorphoMarkets`, resumed from the last scan kept as
 * reference data). All are read at once, and only those where it holds something become margin
 * accounts.
 *
 * Two kinds of reads: the market reference (params, token symbols and decimals, the loan USD
 * feed's decimals: `readMorphoReferences`; immutable for a market id, cached per isolate and in
 * the context's reference cache (D1) for `REFERENCE_TTL_MS`) and the positions
 * (`readMorphoPositions`: ONE multicall per chain for every account and market of the request,
 * plus one pinned to the same block for the IRMs' rates).
 *
 * @see https://docs.morpho.org/learn/concepts/market/
 */
import { getChainConfig } from '../../chains/getChainConfig'
import { SolventError } from '../../errors/base'
import { getAssetOverrides } from '../assets/getAssetOverrides'
import { createTieredReferences } from '../createTieredReferences'
import { toSourceError } from '../toSourceError'
import type {
  AccountRef,
  FeedReading,
  ReadContext,
  SourceRef,
  SourceResult,
  SourceSnapshot,
  VenueAdapter,
} from '../types'
import { discoverMorphoMarkets, type MorphoDiscoveryProgress } from './discoverMorphoMarkets'
import { getMorphoDiscovery, type MorphoDiscoveryConfig } from './getMorphoDiscovery'
import { getMorphoMarkets } from './getMorphoMarkets'
import { readMorphoPositions } from './readMorphoPositions'
import { readMorphoReferences } from './readMorphoReferences'
import type { MorphoMarketConfig, MorphoReference } from './types'

export { decodeMorphoPosition } from './decodeMorphoPosition'
export { discoverMorphoMarkets, type MorphoDiscoveryProgress } from './discoverMorphoMarkets'
export { getMorphoDiscovery, type MorphoDiscoveryConfig, MorphoDiscoveryConfigError } from './getMorphoDiscovery'
export { getMorphoMarkets, MorphoMarketsConfigError } from './getMorphoMarkets'
export { readMorphoPositions } from './readMorphoPositions'
export { readMorphoReferences } from './readMorphoReferences'
export type { MorphoMarketConfig, MorphoReference } from './types'

/** How long a market reference is reused (a market's params never change; tokens' symbols rarely do). */
export const REFERENCE_TTL_MS = 60 * 60_000

/** Version of the `MorphoReference` shape in the shared reference cache: bump it when the shape changes. */
const REFERENCE_VERSION = 2
const CACHE_PREFIX = `morpho-blue:v${REFERENCE_VERSION}:`

const referenceKey = (
  m: Pick<MorphoMarketConfig, 'chainId' | 'morpho' | 'marketId' | 'loanUsdFeed' | 'preLiquidations'>,
) =>
  `${m.chainId}:${m.morpho.toLowerCase()}:${m.marketId.toLowerCase()}:${m.loanUsdFeed?.toLowerCase() ?? 'par'}` +
  `${(m.preLiquidations ?? []).map((a) => `:${a.toLowerCase()}`).join('')}`
const references = createTieredReferences<MorphoMarketConfig, MorphoReference>({
  prefix: CACHE_PREFIX,
  ttlMs: REFERENCE_TTL_MS,
  keyOf: referenceKey,
  read: (markets, context) =>
    readMorphoReferences({ config: getChainConfig(context.env), markets, fetch: context.fetch }),
})

/** How long a discovery scan's progress is kept in the shared cache (it only ever grows). */
export const DISCOVERY_TTL_MS = 30 * 24 * 60 * 60_000
const progresses = new Map<string, MorphoDiscoveryProgress>()
const progressKey = (d: MorphoDiscoveryConfig, account: string) =>
  `discovery:${d.chainId}:${d.morpho.toLowerCase()}:${account.toLowerCase()}`

/** Forgets the cached references and discovery scans (tests). */
export function clearMorphoReferenceCache(): void {
  references.clear()
  progresses.clear()
}

/**
 * The market ids `account` entered on the discovery's chain, scanning only the blocks since the
 * last scan (isolate, then the shared cache). A scan cut short by `maxRangesPerRead` keeps its
 * progress and fails the source, so a partial list is never served as the account's markets.
 */
async function discoverAccount(
  discovery: MorphoDiscoveryConfig,
  account: `0x${string}`,
  config: ReturnType<typeof getChainConfig>,
  context: ReadContext,
): Promise<MorphoDiscoveryConfig & { marketIds: readonly `0x${string}`[]; headBlock: bigint; headTimestamp: bigint }> {
  const key = progressKey(discovery, account)
  let progress = progresses.get(key)
  if (!progress && context.referenceCache) {
    const stored = await context.referenceCache
      .getMany([`${CACHE_PREFIX}${key}`], context.nowMs)
      .catch(() => new Map<string, unknown>())
    progress = stored.get(`${CACHE_PREFIX}${key}`) as MorphoDiscoveryProgress | undefined
  }
  const scan = await discoverMorphoMarkets({ config, discovery, account, progress, fetch: context.fetch })
  progresses.set(key, scan.progress)
  await context.referenceCache
    ?.set(`${CACHE_PREFIX}${key}`, scan.progress, context.nowMs, DISCOVERY_TTL_MS)
    .catch(() => undefined)
  if (!scan.complete) {
    throw new SolventError(
      `Finding the Morpho markets of ${account} on chain ${discovery.chainId}: scanned to block ${scan.progress.scannedTo} of ${scan.headBlock}; the next read continues.`,
      { code: 'UPSTREAM_UNAVAILABLE' },
    )
  }
  return {
    ...discovery,
    marketIds: scan.progress.marketIds,
    headBlock: scan.headBlock,
    headTimestamp: scan.headTimestamp,
  }
}

async function read(sources: readonly SourceRef[], context: ReadContext): Promise<SourceResult[]> {
  const started = Date.now()
  const latency = () => Date.now() - started
  const fail = (source: SourceRef, error: unknown): SourceResult => ({
    source,
    status: 'error',
    error: toSourceError({ thrown: error }),
    latencyMs: latency(),
  })
  let config: ReturnType<typeof getChainConfig>
  let markets: ReturnType<typeof getMorphoMarkets>
  let discoveries: ReturnType<typeof getMorphoDiscovery>
  let assetOverrides: ReturnType<typeof getAssetOverrides>
  try {
    config = getChainConfig(context.env)
    markets = getMorphoMarkets(context.env)
    discoveries = getMorphoDiscovery(context.env)
    assetOverrides = getAssetOverrides(context.env)
  } catch (error) {
    return sources.map((source) => fail(source, error))
  }

  // Each source's markets: the listed ones of its chain, then the ones its account entered (discovery).
  // The head a discovery scanned to: the time of a source whose account entered no market at all.
  const heads = new Map<number, { blockNumber: bigint; asOfSec: number }>()
  const marketsBySource: (MorphoMarketConfig[] | { error: unknown })[] = await Promise.all(
    sources.map(async (source, index) => {
      const listed = markets.filter((m) => m.chainId === source.chainId)
      const discovery = discoveries.find((d) => d.chainId === source.chainId)
      if (!discovery || source.account.kind !== 'evm') return listed
      try {
        const { marketIds, chainId, morpho, headBlock, headTimestamp } = await discoverAccount(
          discovery,
          source.account.address,
          config,
          context,
        )
        heads.set(index, { blockNumber: headBlock, asOfSec: Number(headTimestamp) })
        const all = new Map(listed.map((m) => [`${m.morpho.toLowerCase()}:${m.marketId}`, m]))
        for (const marketId of marketIds) {
          const key = `${morpho.toLowerCase()}:${marketId}`
          if (!all.has(key)) all.set(key, { chainId, morpho, marketId })
        }
        return [...all.values()]
      } catch (error) {
        return { error }
      }
    }),
  )
  const marketsOf = (index: number): MorphoMarketConfig[] => {
    const found = marketsBySource[index]
    return Array.isArray(found) ? found : []
  }
  const found = await references.get(
    sources.flatMap((_, index) => marketsOf(index)),
    context,
  )

  // One request per (source, market); a market whose reference failed fails its sources.
  type Request = { source: number; reference: MorphoReference; account: `0x${string}` }
  const requests: Request[] = []
  const results: (SourceResult | undefined)[] = sources.map((source, index) => {
    if (source.account.kind !== 'evm') {
      return fail(source, new SolventError('Morpho Blue reads EVM accounts only.', { code: 'BAD_USER_INPUT' }))
    }
    const ofSource = marketsBySource[index]
    if (ofSource && !Array.isArray(ofSource)) return fail(source, ofSource.error)
    const listed = marketsOf(index)
    if (listed.length === 0 && !heads.has(index)) {
      return fail(
        source,
        new SolventError(`No Morpho Blue market listed on chain ${source.chainId}.`, { code: 'NOT_FOUND' }),
      )
    }
    for (const market of listed) {
      const reference = found.get(referenceKey(market))
      if (!reference || 'error' in reference) return fail(source, reference?.error)
      requests.push({ source: index, reference, account: source.account.address })
    }
    return undefined
  })
  const positions = await readMorphoPositions({
    config,
    requests,
    assetOverrides,
    fetch: context.fetch,
    multicall: context.multicall,
  })

  // A source is its account's markets on the chain: ok when every one read, with a snapshot where it holds something.
  type Entry = { snapshots: SourceSnapshot[]; asOfSec: number; blockNumber: bigint; feeds: FeedReading[] }
  const bySource = new Map<number, Entry>()
  positions.forEach((position, k) => {
    const { source: index } = requests[k] as Request
    if (results[index]) return // already failed
    if (position.status === 'error') {
      results[index] = fail(sources[index] as SourceRef, position.error)
      return
    }
    const entry = bySource.get(index) ?? {
      snapshots: [],
      asOfSec: Number(position.blockTimestamp),
      blockNumber: position.blockNumber,
      feeds: [],
    }
    if (position.snapshot) entry.snapshots.push({ snapshot: position.snapshot })
    entry.feeds.push(...(position.inputs.feeds ?? []))
    bySource.set(index, entry)
  })
  for (const [index, entry] of bySource) {
    if (results[index]) continue
    results[index] = {
      source: sources[index] as SourceRef,
      status: 'ok',
      snapshots: entry.snapshots,
      asOfSec: entry.asOfSec,
      blockNumber: entry.blockNumber,
      inputs: entry.feeds.length > 0 ? { feeds: entry.feeds } : {},
      latencyMs: latency(),
    }
  }
  return results.map((result, index) => {
    if (result) return result
    const source = sources[index] as SourceRef
    const head = heads.get(index)
    // A discovered account that never entered a market on the chain: read, and nothing there.
    if (head && marketsOf(index).length === 0) {
      return {
        source,
        status: 'ok',
        snapshots: [],
        asOfSec: head.asOfSec,
        blockNumber: head.blockNumber,
        inputs: {},
        latencyMs: latency(),
      }
    }
    return fail(source, new Error('No read.'))
  })
}

/** Chains with a listed market or discovery. */
function morphoChains(env: Env): number[] {
  return [...new Set([...getMorphoMarkets(env), ...getMorphoDiscovery(env)].map((m) => m.chainId))]
}

/** @see https://github.com/morpho-org/morpho-blue */
export const morphoBlue = {
  id: 'morpho-blue',
  name: 'Morpho Blue',
  kind: 'LENDING',
  accountKinds: ['evm'],
  chains: (env: Env) => morphoChains(env),
  sources(account: AccountRef, env: Env): SourceRef[] {
    if (account.kind !== 'evm') return []
    return morphoChains(env).map((chainId) => ({ venue: 'morpho-blue', chainId, account }))
  },
  read,
} satisfies VenueAdapter
