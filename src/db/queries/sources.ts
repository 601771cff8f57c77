import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { BoundedLru, deepFreeze } from '../../lib/isolateCache'
import type { SourceInputs, SourceRef, SourceResult, SourceSnapshot } from '../../protocols/types'
import type { Database } from '../client'
import { snapshots, sourceReads } from '../schema'

/** Bump when `SourceSnapshot`'s stored shape changes: older rows are treated as missing and refetched. */
export const SNAPSHOT_PAYLOAD_VERSION = 1

/** D1 allows 100 bound parameters per statement; keys take 4, snapshot rows 7 (writes; reads bind the keys as one JSON). */
const KEYS_PER_STATEMENT = 24
const SNAPSHOT_ROWS_PER_STATEMENT = 14

/** The columns that identify a source, as stored. */
export type SourceKey = { venue: string; chainId: number; market: string; account: string }

export function toSourceKey(source: SourceRef): SourceKey {
  return {
    venue: source.venue,
    chainId: source.chainId ?? 0,
    market: source.market ?? '',
    account: source.account.address,
  }
}

export function sourceKeyString(key: SourceKey): string {
  return `${key.venue}|${key.chainId}|${key.market}|${key.account}`
}

export type CachedSource = {
  key: SourceKey
  okAtMs: number | null
  asOfSec: number | null
  blockNumber: string | null
  /** JSON `SourceInputs`, parsed only when the source is served from the cache (`parseCachedInputs`). */
  inputsJson: string | null
  latencyMs: number | null
  errorCode: string | null
  errorMessage: string | null
  /** JSON `SourceSnapshot`s, by margin account id, parsed only when served (`parseCachedSnapshots`). */
  payloads: string[]
}

/**
 * Parsed payloads by their exact text, per isolate: a warm query serves the same rows again and again
 * until a read replaces them. Bounded by count and by characters (about 4 MB of JSON text).
 */
const parsedPayloads = new BoundedLru<string, SourceSnapshot>(512, 4_000_000)

/** The snapshots of a cached read. Shared and deep-frozen: equal text, the same object (the engine's memo keys on it). */
export const parseCachedSnapshots = (entry: CachedSource): SourceSnapshot[] =>
  entry.payloads.map((payload) => {
    let parsed = parsedPayloads.get(payload)
    if (parsed === undefined) {
      parsed = deepFreeze(JSON.parse(payload) as SourceSnapshot)
      parsedPayloads.set(payload, parsed, payload.length)
    }
    return parsed
  })

export const parseCachedInputs = (entry: CachedSource): SourceInputs | null =>
  entry.inputsJson === null ? null : (JSON.parse(entry.inputsJson) as SourceInputs)

/**
 * The keys arrive as ONE bound JSON parameter (`[[venue, chainId, market, account], …]`), so each
 * statement has a fixed text, is prepared once per isolate and binds one or two parameters whatever
 * the number of sources (D1 allows 100). CROSS JOIN keeps json_each as the outer loop: one primary-key
 * lookup per source.
 */
const KEY_JOIN = (alias: string) => `${alias}.venue = json_extract(k.value, '$[0]')
   AND ${alias}.chain_id = json_extract(k.value, '$[1]')
   AND ${alias}.market = json_extract(k.value, '$[2]')
   AND ${alias}.account = json_extract(k.value, '$[3]')`
const READS_SQL = `SELECT r.venue, r.chain_id, r.market, r.account, r.ok_at_ms, r.as_of_sec, r.block_number, r.inputs,
       r.latency_ms, r.error_code, r.error_message
  FROM json_each(?1) AS k CROSS JOIN source_reads AS r ON ${KEY_JOIN('r')}`
const SNAPSHOTS_SQL = `SELECT s.venue, s.chain_id, s.market, s.account, s.payload
  FROM json_each(?1) AS k CROSS JOIN snapshots AS s ON ${KEY_JOIN('s')} AND s.payload_version = ?2
  ORDER BY k.key, s.margin_account_id`

type ReadRow = {
  venue: string
  chain_id: number
  market: string
  account: string
  ok_at_ms: number | null
  as_of_sec: number | null
  block_number: string | null
  inputs: string | null
  latency_ms: number | null
  error_code: string | null
  error_message: string | null
}
type SnapshotRow = { venue: string; chain_id: number; market: string; account: string; payload: string }

const statements = new WeakMap<D1Database, { reads: D1PreparedStatement; snapshots: D1PreparedStatement }>()

function cacheStatements(d1: D1Database) {
  let prepared = statements.get(d1)
  if (!prepared) {
    prepared = { reads: d1.prepare(READS_SQL), snapshots: d1.prepare(SNAPSHOTS_SQL) }
    statements.set(d1, prepared)
  }
  return prepared
}

/** A statement to run in the same D1 batch as the cache read (one round trip), and who gets its result. */
export type AlongsideStatement = { statement: D1PreparedStatement; onResult(result: D1Result): void }

/**
 * The cached state of each source (by `sourceKeyString`): one D1 batch of two statements, payloads
 * left unparsed. `alongside` runs in that batch first (alone when there is nothing to read).
 */
export async function getCachedSources(
  db: Database,
  keys: readonly SourceKey[],
  alongside?: AlongsideStatement | undefined,
): Promise<Map<string, CachedSource>> {
  const cached = new Map<string, CachedSource>()
  const unique = [...new Map(keys.map((key) => [sourceKeyString(key), key])).values()]
  if (unique.length === 0) {
    if (alongside) alongside.onResult(await alongside.statement.run())
    return cached
  }
  const json = JSON.stringify(unique.map((key) => [key.venue, key.chainId, key.market, key.account]))
  const prepared = cacheStatements(db.$client)
  const results = await db.$client.batch([
    ...(alongside ? [alongside.statement] : []),
    prepared.reads.bind(json),
    prepared.snapshots.bind(json, SNAPSHOT_PAYLOAD_VERSION),
  ])
  if (alongside) alongside.onResult(results.shift() as D1Result)
  const [reads, rows] = results as [D1Result<ReadRow>, D1Result<SnapshotRow>]
  for (const read of reads.results) {
    const key = { venue: read.venue, chainId: read.chain_id, market: read.market, account: read.account }
    cached.set(sourceKeyString(key), {
      key,
      okAtMs: read.ok_at_ms,
      asOfSec: read.as_of_sec,
      blockNumber: read.block_number,
      inputsJson: read.inputs,
      latencyMs: read.latency_ms,
      errorCode: read.error_code,
      errorMessage: read.error_message,
      payloads: [],
    })
  }
  for (const row of rows.results) {
    cached.get(`${row.venue}|${row.chain_id}|${row.market}|${row.account}`)?.payloads.push(row.payload)
  }
  return cached
}

/**
 * Records a read's results in ONE batch (atomic on D1): a success replaces the source's snapshots
 * and clears its error; a failure records the error and keeps the last good snapshots.
 */
export async function saveSourceResults(db: Database, results: readonly SourceResult[], nowMs: number): Promise<void> {
  const statements: BatchItem<'sqlite'>[] = []
  const ok = results.filter((r) => r.status === 'ok')
  for (const result of results) {
    const values =
      result.status === 'ok'
        ? {
            okAtMs: nowMs,
            asOfSec: result.asOfSec,
            blockNumber: result.blockNumber?.toString() ?? null,
            inputs: result.inputs ? JSON.stringify(result.inputs) : null,
            latencyMs: result.latencyMs,
            errorCode: null,
            errorMessage: null,
            errorAtMs: null,
          }
        : {
            errorCode: result.error.code,
            errorMessage: result.error.message,
            errorAtMs: nowMs,
            latencyMs: result.latencyMs,
          }
    statements.push(
      db
        .insert(sourceReads)
        .values({ ...toSourceKey(result.source), ...values })
        .onConflictDoUpdate({
          target: [sourceReads.venue, sourceReads.chainId, sourceReads.market, sourceReads.account],
          set: values,
        }),
    )
  }
  const okKeys = ok.map((r) => toSourceKey(r.source))
  for (let i = 0; i < okKeys.length; i += KEYS_PER_STATEMENT) {
    statements.push(db.delete(snapshots).where(matchAny(snapshots, okKeys.slice(i, i + KEYS_PER_STATEMENT))))
  }
  const rows = ok.flatMap((result) =>
    result.snapshots.map((item) => ({
      ...toSourceKey(result.source),
      marginAccountId: item.snapshot.marginAccountId,
      payloadVersion: SNAPSHOT_PAYLOAD_VERSION,
      payload: JSON.stringify(item),
    })),
  )
  for (let i = 0; i < rows.length; i += SNAPSHOT_ROWS_PER_STATEMENT) {
    statements.push(db.insert(snapshots).values(rows.slice(i, i + SNAPSHOT_ROWS_PER_STATEMENT)))
  }
  const [first, ...rest] = statements
  if (first) await db.batch([first, ...rest])
}

type KeyColumns = typeof sourceReads | typeof snapshots

/** `(venue, chain, market, account) IN (…)` as an OR of ANDs, grouped by venue/chain/market to use IN on accounts. */
function matchAny(table: KeyColumns, keys: readonly SourceKey[]): SQL | undefined {
  const groups = new Map<string, { key: SourceKey; accounts: string[] }>()
  for (const key of keys) {
    const id = `${key.venue}|${key.chainId}|${key.market}`
    const group = groups.get(id) ?? { key, accounts: [] }
    group.accounts.push(key.account)
    groups.set(id, group)
  }
  const clauses = [...groups.values()].map(({ key, accounts }) =>
    and(
      eq(table.venue, key.venue),
      eq(table.chainId, key.chainId),
      eq(table.market, key.market),
      inArray(table.account, accounts),
    ),
  )
  return clauses.length === 0 ? sql`0` : or(...clauses)
}
