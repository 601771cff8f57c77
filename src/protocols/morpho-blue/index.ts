/**
 * The Morpho Blue adapter: one margin account per market (`market:<id>`) per EVM account, read in
 * the markets listed in `MORPHO_MARKETS` through the chains in `RPC_URLS`. One source per chain:
 * every listed market of the chain is read for the account at once, and only the markets where it
 * holds something become margin accounts.
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
import { getMorphoMarkets } from './getMorphoMarkets'
import { readMorphoPositions } from './readMorphoPositions'
import { readMorphoReferences } from './readMorphoReferences'
import type { MorphoMarketConfig, MorphoReference } from './types'

export { decodeMorphoPosition } from './decodeMorphoPosition'
export { getMorphoMarkets, MorphoMarketsConfigError } from './getMorphoMarkets'
export { readMorphoPositions } from './readMorphoPositions'
export { readMorphoReferences } from './readMorphoReferences'
export type { MorphoMarketConfig, MorphoReference } from './types'

/** How long a market reference is reused (a market's params never change; tokens' symbols rarely do). */
export const REFERENCE_TTL_MS = 60 * 60_000

/** Version of the `MorphoReference` shape in the shared reference cache: bump it when the shape changes. */
const REFERENCE_VERSION = 1
const CACHE_PREFIX = `morpho-blue:v${REFERENCE_VERSION}:`

const references = new Map<string, { reference: MorphoReference; expiresAtMs: number }>()
const referenceKey = (m: Pick<MorphoMarketConfig, 'chainId' | 'morpho' | 'marketId' | 'loanUsdFeed'>) =>
  `${m.chainId}:${m.morpho.toLowerCase()}:${m.marketId.toLowerCase()}:${m.loanUsdFeed?.toLowerCase() ?? 'par'}`

/** Forgets the cached references (tests). */
export function clearMorphoReferenceCache(): void {
  references.clear()
}

/** The references of `markets`, from the isolate, then D1, then the chain; per market, an error where none could be had. */
async function getReferences(
  markets: readonly MorphoMarketConfig[],
  config: ReturnType<typeof getChainConfig>,
  context: ReadContext,
): Promise<Map<string, MorphoReference | { error: unknown }>> {
  const out = new Map<string, MorphoReference | { error: unknown }>()
  let missing = markets.filter((m) => {
    const cached = references.get(referenceKey(m))
    if (cached && cached.expiresAtMs > context.nowMs) out.set(referenceKey(m), cached.reference)
    return !out.has(referenceKey(m))
  })
  if (missing.length > 0 && context.referenceCache) {
    const stored = await context.referenceCache
      .getMany(
        missing.map((m) => `${CACHE_PREFIX}${referenceKey(m)}`),
        context.nowMs,
      )
      .catch(() => new Map<string, unknown>())
    for (const [key, reference] of stored) {
      const short = key.slice(CACHE_PREFIX.length)
      references.set(short, { reference: reference as MorphoReference, expiresAtMs: context.nowMs + REFERENCE_TTL_MS })
      out.set(short, reference as MorphoReference)
    }
    missing = missing.filter((m) => !out.has(referenceKey(m)))
  }
  if (missing.length === 0) return out
  const fresh = await readMorphoReferences({ config, markets: missing, fetch: context.fetch })
  const stores: Promise<void>[] = []
  fresh.forEach((result, i) => {
    const key = referenceKey(missing[i] as MorphoMarketConfig)
    if (result.status === 'error') {
      out.set(key, { error: result.error })
      return
    }
    references.set(key, { reference: result.reference, expiresAtMs: context.nowMs + REFERENCE_TTL_MS })
    out.set(key, result.reference)
    const store = context.referenceCache?.set(
      `${CACHE_PREFIX}${key}`,
      result.reference,
      context.nowMs,
      REFERENCE_TTL_MS,
    )
    if (store) stores.push(store.catch(() => undefined))
  })
  await Promise.all(stores)
  return out
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
  let assetOverrides: ReturnType<typeof getAssetOverrides>
  try {
    config = getChainConfig(context.env)
    markets = getMorphoMarkets(context.env)
    assetOverrides = getAssetOverrides(context.env)
  } catch (error) {
    return sources.map((source) => fail(source, error))
  }
  const marketsOf = (source: SourceRef) => markets.filter((m) => m.chainId === source.chainId)
  const found = await getReferences(
    [...new Map(sources.flatMap(marketsOf).map((m) => [referenceKey(m), m])).values()],
    config,
    context,
  )

  // One request per (source, listed market); a market whose reference failed fails its sources.
  type Request = { source: number; reference: MorphoReference; account: `0x${string}` }
  const requests: Request[] = []
  const results: (SourceResult | undefined)[] = sources.map((source, index) => {
    if (source.account.kind !== 'evm') {
      return fail(source, new SolventError('Morpho Blue reads EVM accounts only.', { code: 'BAD_USER_INPUT' }))
    }
    const listed = marketsOf(source)
    if (listed.length === 0) {
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
  const positions = await readMorphoPositions({ config, requests, assetOverrides, fetch: context.fetch })

  // A source is its chain's listed markets: ok when every market read, with a snapshot where the account holds something.
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
  return results.map((result, index) => result ?? fail(sources[index] as SourceRef, new Error('No read.')))
}

/** @see https://github.com/morpho-org/morpho-blue */
export const morphoBlue = {
  id: 'morpho-blue',
  name: 'Morpho Blue',
  kind: 'LENDING',
  accountKinds: ['evm'],
  chains: (env: Env) => [...new Set(getMorphoMarkets(env).map((m) => m.chainId))],
  sources(account: AccountRef, env: Env): SourceRef[] {
    if (account.kind !== 'evm') return []
    const chainIds = [...new Set(getMorphoMarkets(env).map((m) => m.chainId))]
    return chainIds.map((chainId) => ({ venue: 'morpho-blue', chainId, account }))
  },
  read,
} satisfies VenueAdapter
