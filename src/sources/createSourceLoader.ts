/**
 * The one path from "these sources" to snapshots, shared by GraphQL requests and the cron:
 * cached snapshots younger than `maxAgeSec` are used as they are; the rest are read through their
 * adapters in parallel (each adapter batches: one multicall per chain, one request per HTTP
 * account), written back in one D1 batch, and a source whose read fails falls back to its last
 * snapshots marked stale — or reports its error. Within one loader (one request) a source is never
 * read twice.
 */
import { createMulticallBatch } from '../chains/multicallBatch'
import type { Database } from '../db/client'
import {
  type CachedSource,
  getCachedSources,
  holdFreshRead,
  parseCachedInputs,
  parseCachedSnapshots,
  saveSourceResults,
  sourceKeyString,
  toSourceKey,
} from '../db/queries/sources'
import type {
  AdapterMap,
  ReadContext,
  SourceError,
  SourceInputs,
  SourceRef,
  SourceResult,
  SourceSnapshot,
  VenueAdapter,
  VenueId,
} from '../protocols/types'
import { assessFreshness, type FeedStatus, type SequencerStatus, type StaleReason } from './assessFreshness'
import { type FreshnessRules, getFreshnessRules } from './getFreshnessRules'
import { internSnapshots } from './internSnapshots'
import type { ReadGateSlot } from './readGate'

export type SourceState = {
  source: SourceRef
  /**
   * ok: current figures (read now, or cached and still within `maxAgeSeconds`), nothing amiss;
   * stale: figures are served but `reasons` says why they are not current (an old block, a stale or
   * invalid feed, the sequencer, a failed refresh served from the cache); error: nothing to serve.
   */
  status: 'ok' | 'stale' | 'error'
  snapshots: readonly SourceSnapshot[]
  /** Venue time of the snapshots (block timestamp or venue clock), unix seconds: their figures are computed at this time. */
  asOfSec: number | null
  blockNumber: string | null
  /** How old the data is: the request's clock − `asOfSec`, seconds. */
  ageSeconds: number | null
  /** When the data was read from the venue, unix ms (earlier than the request when served from the cache). */
  readAtMs: number | null
  /** Latency of the read made for this request (null when served from cache). */
  latencyMs: number | null
  fromCache: boolean
  error: SourceError | null
  /** Why the figures are not current (empty when `ok`); may be set on an error too (e.g. ORACLE_INVALID). */
  reasons: StaleReason[]
  /** The price feeds the figures rest on, as judged at the request's clock. */
  feeds: FeedStatus[]
  /** The chain's L2 sequencer, where it has an uptime feed. */
  sequencer: SequencerStatus | null
}

export type CreateSourceLoaderOptions = {
  db: Database
  adapters: AdapterMap
  context: ReadContext
  /**
   * Defers the D1 write-back past the response (ExecutionContext.waitUntil; it starts once the current
   * task is done); awaited inline when absent.
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
  /**
   * false: always read, never touch the D1 cache (the cron: an alert must not fire, or re-arm, on a
   * cached snapshot, and writing thousands of snapshots back every minute would only cost).
   */
  cache?: boolean | undefined
  /**
   * Upstream calls (every `fetch` an adapter makes: RPC and venue APIs, retries included) this loader
   * may make in all; past it a fetch is refused without I/O and the sources it was for fail (served
   * stale from the cache where they can be). The backstop of the request budget
   * (src/graphql/plugins/use-budget.ts), which checks an estimate before execution. Absent: no bound (the cron).
   */
  maxUpstreamCalls?: number | undefined
  /** A check that must pass before any upstream read; its statement rides in the first cache read's batch. */
  gate?: ReadGateSlot | undefined
}

export type SourceLoader = (sources: readonly SourceRef[], maxAgeSec: number) => Promise<SourceState[]>

export function createSourceLoader({
  db,
  adapters,
  context,
  waitUntil,
  cache = true,
  maxUpstreamCalls,
  gate,
}: CreateSourceLoaderOptions): SourceLoader {
  const inFlight = new Map<string, Promise<SourceState>>()
  let upstreamCalls = 0
  const exhausted = () => maxUpstreamCalls !== undefined && upstreamCalls >= maxUpstreamCalls
  const readContext: ReadContext =
    maxUpstreamCalls === undefined
      ? context
      : {
          ...context,
          fetch: (input, init) => {
            if (exhausted()) return Promise.reject(new Error(UPSTREAM_BOUND_MESSAGE))
            upstreamCalls++
            return context.fetch(input, init)
          },
        }

  return async function load(sources, maxAgeSec) {
    const wanted = sources.filter((source) => !inFlight.has(sourceKeyString(toSourceKey(source))))
    if (wanted.length > 0) {
      const batch = loadBatch(wanted, maxAgeSec)
      wanted.forEach((source, index) => {
        inFlight.set(
          sourceKeyString(toSourceKey(source)),
          batch.then((states) => states[index] as SourceState),
        )
      })
    }
    return Promise.all(
      sources.map((source) => inFlight.get(sourceKeyString(toSourceKey(source))) as Promise<SourceState>),
    )
  }

  /** The cache read, with the gate's statement in its batch when the gate has not run it yet. */
  async function readCache(sources: readonly SourceRef[], payloads: boolean): Promise<Map<string, CachedSource>> {
    const open = gate?.current
    const statement = open?.takeStatement()
    if (!open || !statement) return await getCachedSources(db, sources.map(toSourceKey), undefined, { payloads })
    try {
      return await getCachedSources(
        db,
        sources.map(toSourceKey),
        { statement, onResult: (r) => open.settle(r) },
        { payloads },
      )
    } catch (error) {
      open.fail(error)
      throw error
    }
  }

  async function loadBatch(sources: readonly SourceRef[], maxAgeSec: number): Promise<SourceState[]> {
    const nowMs = context.nowMs
    const nowSec = Math.floor(nowMs / 1000)
    const rules = getFreshnessRules(context.env)
    // maxAgeSec 0: nothing cached can be served fresh, every source is read; the cached snapshots are
    // needed only where a read fails (served stale), so they are read then, not on every cold request.
    const cached = cache ? await readCache(sources, maxAgeSec > 0) : new Map<string, CachedSource>()
    const cachedOf = (source: SourceRef) => cached.get(sourceKeyString(toSourceKey(source)))
    // The data's own age decides, not the cache row's: a block read a second ago may be minutes old.
    const isFresh = (entry: CachedSource | undefined) =>
      entry?.okAtMs != null && entry.asOfSec != null && maxAgeSec > 0 && nowSec - entry.asOfSec <= maxAgeSec

    const toRead = sources.filter((source) => !isFresh(cachedOf(source)))
    if (toRead.length > 0) await gate?.current?.open()
    const results = new Map<string, SourceResult>()
    const byVenue = new Map<VenueId, SourceRef[]>()
    for (const source of toRead) byVenue.set(source.venue, [...(byVenue.get(source.venue) ?? []), source])
    // The EVM adapters' first rounds go out together: ONE eth_call per chain for all of them.
    const multicalls = createMulticallBatch()
    const readVenue = (adapter: VenueAdapter, venueSources: SourceRef[]) =>
      adapter.chains
        ? multicalls.join((multicall) => adapter.read(venueSources, { ...readContext, multicall }))
        : adapter.read(venueSources, readContext)
    await Promise.all(
      [...byVenue].map(async ([venue, venueSources]) => {
        const adapter = adapters[venue]
        const read: SourceResult[] = !adapter
          ? failAll(venueSources, new Error(`Venue "${venue}" is not enabled on this deployment.`))
          : exhausted()
            ? failAll(venueSources, new Error(UPSTREAM_BOUND_MESSAGE))
            : await readVenue(adapter, venueSources).catch((cause: unknown) => failAll(venueSources, cause))
        for (const result of read) results.set(sourceKeyString(toSourceKey(result.source)), result)
      }),
    )
    const fallbacks = toRead.filter((source) => {
      const entry = cachedOf(source)
      return (
        results.get(sourceKeyString(toSourceKey(source)))?.status !== 'ok' &&
        entry?.okAtMs != null &&
        entry.payloads === null
      )
    })
    if (fallbacks.length > 0) {
      // Before this request's write-back: the snapshots as they were, kept by a failed read.
      for (const [key, entry] of await getCachedSources(db, fallbacks.map(toSourceKey))) cached.set(key, entry)
    }
    // The write-back's read id: this isolate holds the fresh reads under it (holdFreshRead).
    const readId = cache ? crypto.randomUUID() : ''
    if (cache && results.size > 0) {
      const write = () => saveSourceResults(db, [...results.values()], nowMs, readId)
      // Past the answer: its synchronous part (the rows' JSON, D1's request body) would otherwise run
      // before the answer is computed. A timer fires after the microtasks queued now, which compute the
      // answer unless it waits on more I/O.
      if (waitUntil) waitUntil(afterThisTask().then(write))
      else await write()
    }

    return sources.map((source): SourceState => {
      const entry = cachedOf(source)
      const result = results.get(sourceKeyString(toSourceKey(source)))
      const judge = (served: Served) => toState(source, served, rules, nowSec)
      if (!result) return judge(fromCache(entry as CachedSource, null, null, null))
      if (result.status === 'ok') {
        // Served as the cache would serve them (shared and frozen: their reports are memoised), and held
        // for this isolate's next warm query, where this loader caches: the cron's reads (`cache: false`)
        // are new every tick and evaluated once.
        const snapshots = cache ? internSnapshots(result.snapshots) : result.snapshots
        if (cache) holdFreshRead(toSourceKey(source), readId, snapshots, result.inputs)
        return judge({
          snapshots,
          asOfSec: result.asOfSec,
          blockNumber: result.blockNumber?.toString() ?? null,
          inputs: result.inputs ?? null,
          readAtMs: nowMs,
          latencyMs: result.latencyMs,
          fromCache: false,
          error: null,
        })
      }
      if (entry?.okAtMs != null) return judge(fromCache(entry, result.error, result.latencyMs, result.inputs ?? null))
      return judge({
        snapshots: null,
        asOfSec: null,
        blockNumber: null,
        inputs: result.inputs ?? null,
        readAtMs: null,
        latencyMs: result.latencyMs,
        fromCache: false,
        error: result.error,
      })
    })
  }
}

/** Resolves once the current task and its microtasks are done (a zero-delay timer). */
const afterThisTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

const UPSTREAM_BOUND_MESSAGE = 'Not read: this request reached its bound of upstream calls.'

/** What a source serves before it is judged: snapshots (null: nothing to serve), their time and inputs. */
type Served = {
  snapshots: readonly SourceSnapshot[] | null
  asOfSec: number | null
  blockNumber: string | null
  inputs: SourceInputs | null
  readAtMs: number | null
  latencyMs: number | null
  fromCache: boolean
  /** The failure of this request's read (with cached snapshots: the refresh failed). */
  error: SourceError | null
}

/**
 * A cached read; `inputs` of a failed refresh, when it read any, are newer than the cached ones and replace them.
 * The cached payloads are parsed here, when served, and not for a source a fresh read replaces.
 */
function fromCache(
  entry: CachedSource,
  error: SourceError | null,
  latencyMs: number | null,
  inputs: SourceInputs | null,
): Served {
  return {
    snapshots: parseCachedSnapshots(entry),
    asOfSec: entry.asOfSec,
    blockNumber: entry.blockNumber,
    inputs: inputs ?? parseCachedInputs(entry),
    readAtMs: entry.okAtMs,
    latencyMs,
    fromCache: true,
    error,
  }
}

/** The ONE place a source's status is decided: error when nothing can be served, stale when any reason applies. */
function toState(source: SourceRef, served: Served, rules: FreshnessRules, nowSec: number): SourceState {
  const { reasons, feeds, sequencer } = assessFreshness({
    source,
    asOfSec: served.asOfSec,
    inputs: served.inputs,
    nowSec,
    rules,
    refreshFailed: served.snapshots !== null && served.error !== null,
  })
  return {
    source,
    status: served.snapshots === null ? 'error' : reasons.length > 0 ? 'stale' : 'ok',
    snapshots: served.snapshots ?? [],
    asOfSec: served.asOfSec,
    blockNumber: served.blockNumber,
    ageSeconds: served.asOfSec === null ? null : Math.max(0, nowSec - served.asOfSec),
    readAtMs: served.readAtMs,
    latencyMs: served.latencyMs,
    fromCache: served.fromCache,
    error: served.error,
    reasons,
    feeds,
    sequencer,
  }
}

/** An adapter that threw (it should not) fails its sources, never the request. */
function failAll(sources: readonly SourceRef[], cause: unknown): SourceResult[] {
  const message = cause instanceof Error ? cause.message : 'The venue adapter failed.'
  return sources.map((source) => ({
    source,
    status: 'error',
    error: { code: 'UPSTREAM_UNAVAILABLE', message },
    latencyMs: 0,
  }))
}
