import { BoundedLru, deepFreeze } from '../../lib/isolateCache'
import type { SourceInputs, SourceRef, SourceResult, SourceSnapshot } from '../../protocols/types'
import type { Database } from '../client'

/** Bump when `SourceSnapshot`'s stored shape changes: older rows are treated as missing and refetched. */
export const SNAPSHOT_PAYLOAD_VERSION = 1

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
  /** The last successful read's id (`source_reads.read_id`): its snapshots and inputs are the same while it is. */
  readId: string | null
  /**
   * JSON `SourceInputs`, parsed only when the source is served from the cache (`parseCachedInputs`);
   * null when there are none, and when this isolate already holds the read parsed (`held`).
   */
  inputsJson: string | null
  latencyMs: number | null
  errorCode: string | null
  errorMessage: string | null
  /**
   * JSON `SourceSnapshot`s, by margin account id, parsed only when served (`parseCachedSnapshots`);
   * null when the read left them out (`payloads: false`), and empty when this isolate already holds
   * the read parsed (`held`).
   */
  payloads: string[] | null
  /** The read's snapshots and inputs, parsed by this isolate from an earlier request's JSON. */
  held?: ParsedRead | undefined
}

/** A cached read's snapshots and inputs, parsed and deep-frozen: shared by every request that serves it. */
type ParsedRead = { readId: string; snapshots: readonly SourceSnapshot[]; inputs: SourceInputs | null }

/**
 * Each source's last read as this isolate parsed it, by `sourceKeyString`. A warm query serves the
 * same reads again and again until one is replaced: the cache read then leaves out the JSON of reads
 * the isolate holds (neither sent by D1 nor parsed again), and a new read's id brings its JSON.
 * Bounded by count and by characters (about 4 MB of JSON text).
 */
const parsedReads = new BoundedLru<string, ParsedRead>(512, 4_000_000)

/** The read of a cached source, parsed once per isolate (the same objects while the read is the same). */
function parseCachedRead(entry: CachedSource): Omit<ParsedRead, 'readId'> {
  if (entry.held) return entry.held
  if (entry.payloads === null) throw new Error('The snapshots of this cached source were not read.')
  const snapshots = deepFreeze(entry.payloads.map((payload) => JSON.parse(payload) as SourceSnapshot))
  const inputs = entry.inputsJson === null ? null : deepFreeze(JSON.parse(entry.inputsJson) as SourceInputs)
  if (entry.readId !== null) {
    const weight = entry.payloads.reduce((total, payload) => total + payload.length, entry.inputsJson?.length ?? 0)
    entry.held = { readId: entry.readId, snapshots, inputs }
    parsedReads.set(sourceKeyString(entry.key), entry.held, weight)
  }
  return { snapshots, inputs }
}

/**
 * Holds a fresh read parsed, under the id its write-back stores it with (`saveSourceResults`' `readId`):
 * once the write has landed, this isolate's next cache read of the source leaves its JSON out and serves
 * these objects, as it would had it parsed them from D1. `snapshots` are the shared, frozen ones the
 * request served (src/sources/internSnapshots.ts); the inputs are held as their stored JSON parses.
 * Until the write lands, or if it fails, D1 answers another id and the JSON comes as usual.
 */
export function holdFreshRead(
  key: SourceKey,
  readId: string,
  snapshots: readonly SourceSnapshot[],
  inputs: SourceInputs | undefined,
): void {
  const inputsText = inputs ? inputsJson(inputs) : null
  const weight = snapshots.reduce((total, snapshot) => total + snapshotJson(snapshot).length, inputsText?.length ?? 0)
  const held = {
    readId,
    snapshots,
    inputs: inputsText === null ? null : deepFreeze(JSON.parse(inputsText) as SourceInputs),
  }
  parsedReads.set(sourceKeyString(key), held, weight)
}

/** The snapshots of a cached read. Shared and deep-frozen: the same read, the same objects (the engine's memo keys on them). */
export const parseCachedSnapshots = (entry: CachedSource): readonly SourceSnapshot[] => parseCachedRead(entry).snapshots

/** The inputs (feeds, sequencer) of a cached read; shared and deep-frozen like its snapshots when they were read too. */
export const parseCachedInputs = (entry: CachedSource): SourceInputs | null => {
  if (entry.held || entry.payloads !== null) return parseCachedRead(entry).inputs
  return entry.inputsJson === null ? null : (JSON.parse(entry.inputsJson) as SourceInputs)
}

/**
 * The keys arrive as ONE bound JSON parameter (`[[venue, chainId, market, account, heldReadId], …]`), so
 * each statement has a fixed text, is prepared once per isolate and binds one or two parameters whatever
 * the number of sources (D1 allows 100). CROSS JOIN keeps json_each as the outer loop: one primary-key
 * lookup per source. The snapshots of a source whose last read is the one this isolate holds parsed
 * (`heldReadId`) are left out; both statements run in one batch (one transaction), so the read id and
 * the snapshots agree.
 */
const KEY_JOIN = (alias: string) => `${alias}.venue = json_extract(k.value, '$[0]')
   AND ${alias}.chain_id = json_extract(k.value, '$[1]')
   AND ${alias}.market = json_extract(k.value, '$[2]')
   AND ${alias}.account = json_extract(k.value, '$[3]')`
const HELD = (alias: string) =>
  `(json_extract(k.value, '$[4]') IS NOT NULL AND ${alias}.read_id = json_extract(k.value, '$[4]'))`
const READS_SQL = `SELECT r.venue, r.chain_id, r.market, r.account, r.ok_at_ms, r.as_of_sec, r.block_number, r.read_id,
       ${HELD('r')} AS held, CASE WHEN ${HELD('r')} THEN NULL ELSE r.inputs END AS inputs,
       r.latency_ms, r.error_code, r.error_message
  FROM json_each(?1) AS k CROSS JOIN source_reads AS r ON ${KEY_JOIN('r')}`
const SNAPSHOTS_SQL = `SELECT s.venue, s.chain_id, s.market, s.account, s.payload
  FROM json_each(?1) AS k CROSS JOIN snapshots AS s ON ${KEY_JOIN('s')} AND s.payload_version = ?2
  WHERE NOT EXISTS (SELECT 1 FROM source_reads AS r WHERE ${KEY_JOIN('r')} AND ${HELD('r')})
  ORDER BY k.key, s.margin_account_id`

type ReadRow = {
  venue: string
  chain_id: number
  market: string
  account: string
  ok_at_ms: number | null
  as_of_sec: number | null
  block_number: string | null
  read_id: string | null
  held: 0 | 1
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
 * The cached state of each source (by `sourceKeyString`): one D1 batch, payloads left unparsed.
 * `alongside` runs in that batch first (alone when there is nothing to read). When this isolate holds
 * every source's last read parsed (a warm query, again), the batch asks for the reads' ids alone; a
 * source whose read was replaced since (by another isolate, the cron) is then read again, whole, in a
 * second batch. Otherwise the batch also brings the snapshots of the reads not held.
 * `payloads: false` reads the state alone (no snapshot rows: `payloads` null), for a caller that will
 * read every source upstream and needs the snapshots only if a read fails.
 */
export async function getCachedSources(
  db: Database,
  keys: readonly SourceKey[],
  alongside?: AlongsideStatement | undefined,
  { payloads = true, expectHeld = true }: { payloads?: boolean | undefined; expectHeld?: boolean | undefined } = {},
): Promise<Map<string, CachedSource>> {
  const cached = new Map<string, CachedSource>()
  const unique = [...new Map(keys.map((key) => [sourceKeyString(key), key])).values()]
  if (unique.length === 0) {
    if (alongside) alongside.onResult(await alongside.statement.run())
    return cached
  }
  // What this isolate holds parsed, taken now: the LRU may drop an entry while the batch is out.
  const held = new Map(
    payloads
      ? unique.flatMap((key) => {
          const entry = parsedReads.get(sourceKeyString(key))
          return entry ? [[sourceKeyString(key), entry] as const] : []
        })
      : [],
  )
  const json = JSON.stringify(
    unique.map((key) => [
      key.venue,
      key.chainId,
      key.market,
      key.account,
      held.get(sourceKeyString(key))?.readId ?? null,
    ]),
  )
  const prepared = cacheStatements(db.$client)
  const allHeld = payloads && expectHeld && held.size === unique.length
  const results = await db.$client.batch([
    ...(alongside ? [alongside.statement] : []),
    prepared.reads.bind(json),
    ...(payloads && !allHeld ? [prepared.snapshots.bind(json, SNAPSHOT_PAYLOAD_VERSION)] : []),
  ])
  if (alongside) alongside.onResult(results.shift() as D1Result)
  const [reads, rows] = results as [D1Result<ReadRow>, D1Result<SnapshotRow> | undefined]
  for (const read of reads.results) {
    const key = { venue: read.venue, chainId: read.chain_id, market: read.market, account: read.account }
    const keyString = sourceKeyString(key)
    const hold = read.held === 1 ? held.get(keyString) : undefined
    cached.set(keyString, {
      key,
      okAtMs: read.ok_at_ms,
      asOfSec: read.as_of_sec,
      blockNumber: read.block_number,
      readId: read.read_id,
      inputsJson: read.inputs,
      latencyMs: read.latency_ms,
      errorCode: read.error_code,
      errorMessage: read.error_message,
      payloads: payloads ? [] : null,
      held: hold,
    })
  }
  for (const row of rows?.results ?? []) {
    cached.get(`${row.venue}|${row.chain_id}|${row.market}|${row.account}`)?.payloads?.push(row.payload)
  }
  if (allHeld) {
    // Replaced since this isolate parsed them: their state and snapshots again, in one batch (consistent).
    const replaced = [...cached.values()].filter((entry) => entry.held === undefined && entry.okAtMs !== null)
    if (replaced.length > 0) {
      const again = await getCachedSources(
        db,
        replaced.map((entry) => entry.key),
        undefined,
        { expectHeld: false },
      )
      for (const entry of replaced) {
        const keyString = sourceKeyString(entry.key)
        const fresh = again.get(keyString)
        if (fresh) cached.set(keyString, fresh)
        else cached.delete(keyString)
      }
    }
  }
  return cached
}

/**
 * The write-back's statements, with fixed texts (prepared once per isolate, as the reads): each binds its
 * rows as ONE JSON parameter (`json_each`), so a write costs four statements at most whatever the number
 * of sources (more only when the snapshots' JSON is large), and no query building per request.
 * `WHERE true` keeps SQLite from reading `ON CONFLICT` as part of the SELECT's join (its upsert docs).
 * @see https://www.sqlite.org/lang_upsert.html
 */
const col = (i: number) => `json_extract(value, '$[${i}]')`
const KEY_COLUMNS = 'venue, chain_id, market, account'
const SAVE_OK_SQL = `INSERT INTO source_reads (${KEY_COLUMNS}, ok_at_ms, as_of_sec, block_number, read_id, inputs,
    latency_ms, error_code, error_message, error_at_ms)
  SELECT ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)}, ?2, ${col(4)}, ${col(5)}, ?3, ${col(6)}, ${col(7)}, NULL, NULL, NULL
  FROM json_each(?1) WHERE true
  ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET ok_at_ms = excluded.ok_at_ms, as_of_sec = excluded.as_of_sec,
    block_number = excluded.block_number, read_id = excluded.read_id, inputs = excluded.inputs,
    latency_ms = excluded.latency_ms, error_code = NULL, error_message = NULL, error_at_ms = NULL`
const SAVE_ERROR_SQL = `INSERT INTO source_reads (${KEY_COLUMNS}, error_code, error_message, error_at_ms, latency_ms)
  SELECT ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)}, ${col(4)}, ${col(5)}, ?2, ${col(6)}
  FROM json_each(?1) WHERE true
  ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET error_code = excluded.error_code, error_message = excluded.error_message,
    error_at_ms = excluded.error_at_ms, latency_ms = excluded.latency_ms`
const DELETE_SNAPSHOTS_SQL = `DELETE FROM snapshots WHERE (${KEY_COLUMNS}) IN
  (SELECT ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)} FROM json_each(?1))`
const INSERT_SNAPSHOTS_SQL = `INSERT INTO snapshots (${KEY_COLUMNS}, margin_account_id, payload_version, payload)
  SELECT ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)}, ${col(4)}, ?2, ${col(5)} FROM json_each(?1)`

/** Characters of snapshot JSON per insert statement: well under D1's 2 MB per bound value. */
const SNAPSHOT_JSON_PER_STATEMENT = 500_000

type WriteStatements = {
  ok: D1PreparedStatement
  error: D1PreparedStatement
  clear: D1PreparedStatement
  insert: D1PreparedStatement
}
const writeStatements = new WeakMap<D1Database, WriteStatements>()

function cacheWriteStatements(d1: D1Database): WriteStatements {
  let prepared = writeStatements.get(d1)
  if (!prepared) {
    prepared = {
      ok: d1.prepare(SAVE_OK_SQL),
      error: d1.prepare(SAVE_ERROR_SQL),
      clear: d1.prepare(DELETE_SNAPSHOTS_SQL),
      insert: d1.prepare(INSERT_SNAPSHOTS_SQL),
    }
    writeStatements.set(d1, prepared)
  }
  return prepared
}

const keyTuple = (source: SourceRef) => {
  const key = toSourceKey(source)
  return [key.venue, key.chainId, key.market, key.account] as const
}

/** `JSON.stringify` of an object, computed once per object (held weakly: the text goes with it). */
function jsonOnce<value extends object>(): (value: value) => string {
  const texts = new WeakMap<value, string>()
  return (value) => {
    let text = texts.get(value)
    if (text === undefined) {
      text = JSON.stringify(value)
      texts.set(value, text)
    }
    return text
  }
}

/**
 * A fresh snapshot's JSON, as stored: computed once per snapshot object (the loader interns a fresh
 * read by this text, src/sources/internSnapshots.ts, and the write-back stores the same text).
 */
export const snapshotJson: (snapshot: SourceSnapshot) => string = jsonOnce()

/** A fresh read's inputs as stored, computed once (held by `holdFreshRead`, stored by the write-back). */
const inputsJson: (inputs: SourceInputs) => string = jsonOnce()

/**
 * Records a read's results in ONE batch (atomic on D1): a success replaces the source's snapshots
 * under a new read id (`readId`, new for every write: snapshots an isolate parsed under another id are
 * never taken for these) and clears its error; a failure records the error and keeps the last good
 * snapshots and their read id.
 */
export async function saveSourceResults(
  db: Database,
  results: readonly SourceResult[],
  nowMs: number,
  readId: string = crypto.randomUUID(),
): Promise<void> {
  if (results.length === 0) return
  const prepared = cacheWriteStatements(db.$client)
  const statements: D1PreparedStatement[] = []
  const ok = results.filter((r): r is Extract<SourceResult, { status: 'ok' }> => r.status === 'ok')
  const failed = results.filter((r): r is Extract<SourceResult, { status: 'error' }> => r.status === 'error')
  if (ok.length > 0) {
    const rows = ok.map((r) => [
      ...keyTuple(r.source),
      r.asOfSec,
      r.blockNumber?.toString() ?? null,
      r.inputs ? inputsJson(r.inputs) : null,
      r.latencyMs,
    ])
    statements.push(prepared.ok.bind(JSON.stringify(rows), nowMs, readId))
    statements.push(prepared.clear.bind(JSON.stringify(ok.map((r) => keyTuple(r.source)))))
    let chunk: string[] = []
    let size = 0
    const flush = () => {
      if (chunk.length > 0) statements.push(prepared.insert.bind(`[${chunk.join(',')}]`, SNAPSHOT_PAYLOAD_VERSION))
      chunk = []
      size = 0
    }
    for (const result of ok) {
      for (const item of result.snapshots) {
        const row = JSON.stringify([...keyTuple(result.source), item.snapshot.marginAccountId, snapshotJson(item)])
        if (size > 0 && size + row.length > SNAPSHOT_JSON_PER_STATEMENT) flush()
        chunk.push(row)
        size += row.length
      }
    }
    flush()
  }
  if (failed.length > 0) {
    const rows = failed.map((r) => [...keyTuple(r.source), r.error.code, r.error.message, r.latencyMs])
    statements.push(prepared.error.bind(JSON.stringify(rows), nowMs))
  }
  await db.$client.batch(statements)
}
