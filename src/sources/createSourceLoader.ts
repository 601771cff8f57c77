/**
 * The one path from "these sources" to snapshots, shared by GraphQL requests and the cron:
 * cached snapshots younger than `maxAgeSec` are used as they are; the rest are read through their
 * adapters in parallel (each adapter batches: one multicall per chain, one request per HTTP
 * account), written back in one D1 batch, and a source whose read fails falls back to its last
 * snapshots marked stale — or reports its error. Within one loader (one request) a source is never
 * read twice.
 */
import type { Database } from '../db/client'
import {
  type CachedSource,
  getCachedSources,
  saveSourceResults,
  sourceKeyString,
  toSourceKey,
} from '../db/queries/sources'
import type {
  AdapterMap,
  ReadContext,
  SourceError,
  SourceRef,
  SourceResult,
  SourceSnapshot,
  VenueId,
} from '../protocols/types'

export type SourceState = {
  source: SourceRef
  /** ok: read now or fresh from cache; stale: the read failed and these are the last good snapshots; error: nothing to serve. */
  status: 'ok' | 'stale' | 'error'
  snapshots: SourceSnapshot[]
  /** Venue time of the snapshots (block timestamp or venue clock), unix seconds. */
  asOfSec: number | null
  blockNumber: string | null
  /** How old the snapshots are: now − when they were read, seconds. */
  ageSeconds: number | null
  /** Latency of the read made for this request (null when served from cache). */
  latencyMs: number | null
  fromCache: boolean
  error: SourceError | null
}

export type CreateSourceLoaderOptions = {
  db: Database
  adapters: AdapterMap
  context: ReadContext
  /** Defers the D1 write-back past the response (ExecutionContext.waitUntil); awaited inline when absent. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
  /**
   * false: always read, never touch the D1 cache (the cron: an alert must not fire, or re-arm, on a
   * cached snapshot, and writing thousands of snapshots back every minute would only cost).
   */
  cache?: boolean | undefined
}

export type SourceLoader = (sources: readonly SourceRef[], maxAgeSec: number) => Promise<SourceState[]>

export function createSourceLoader({
  db,
  adapters,
  context,
  waitUntil,
  cache = true,
}: CreateSourceLoaderOptions): SourceLoader {
  const inFlight = new Map<string, Promise<SourceState>>()

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

  async function loadBatch(sources: readonly SourceRef[], maxAgeSec: number): Promise<SourceState[]> {
    const nowMs = context.nowMs
    const cached = cache ? await getCachedSources(db, sources.map(toSourceKey)) : new Map<string, CachedSource>()
    const cachedOf = (source: SourceRef) => cached.get(sourceKeyString(toSourceKey(source)))
    const isFresh = (entry: CachedSource | undefined) =>
      entry?.okAtMs != null && maxAgeSec > 0 && nowMs - entry.okAtMs <= maxAgeSec * 1000

    const toRead = sources.filter((source) => !isFresh(cachedOf(source)))
    const results = new Map<string, SourceResult>()
    const byVenue = new Map<VenueId, SourceRef[]>()
    for (const source of toRead) byVenue.set(source.venue, [...(byVenue.get(source.venue) ?? []), source])
    await Promise.all(
      [...byVenue].map(async ([venue, venueSources]) => {
        const adapter = adapters[venue]
        const read: SourceResult[] = adapter
          ? await adapter.read(venueSources, context).catch((cause: unknown) => failAll(venueSources, cause))
          : failAll(venueSources, new Error(`Venue "${venue}" is not enabled on this deployment.`))
        for (const result of read) results.set(sourceKeyString(toSourceKey(result.source)), result)
      }),
    )
    if (cache && results.size > 0) {
      const write = saveSourceResults(db, [...results.values()], nowMs)
      if (waitUntil) waitUntil(write)
      else await write
    }

    return sources.map((source): SourceState => {
      const entry = cachedOf(source)
      const result = results.get(sourceKeyString(toSourceKey(source)))
      if (!result) return fromCache(source, entry as CachedSource, 'ok', nowMs, null)
      if (result.status === 'ok') {
        return {
          source,
          status: 'ok',
          snapshots: result.snapshots,
          asOfSec: result.asOfSec,
          blockNumber: result.blockNumber?.toString() ?? null,
          ageSeconds: 0,
          latencyMs: result.latencyMs,
          fromCache: false,
          error: null,
        }
      }
      if (entry?.okAtMs != null) return fromCache(source, entry, 'stale', nowMs, result.error, result.latencyMs)
      return {
        source,
        status: 'error',
        snapshots: [],
        asOfSec: null,
        blockNumber: null,
        ageSeconds: null,
        latencyMs: result.latencyMs,
        fromCache: false,
        error: result.error,
      }
    })
  }
}

function fromCache(
  source: SourceRef,
  entry: CachedSource,
  status: 'ok' | 'stale',
  nowMs: number,
  error: SourceError | null,
  latencyMs: number | null = null,
): SourceState {
  return {
    source,
    status,
    snapshots: entry.snapshots,
    asOfSec: entry.asOfSec,
    blockNumber: entry.blockNumber,
    ageSeconds: entry.okAtMs == null ? null : Math.max(0, Math.round((nowMs - entry.okAtMs) / 1000)),
    latencyMs,
    fromCache: true,
    error,
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
