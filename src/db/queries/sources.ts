import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { SourceInputs, SourceRef, SourceResult, SourceSnapshot } from '../../protocols/types'
import type { Database } from '../client'
import { snapshots, sourceReads } from '../schema'

/** Bump when `SourceSnapshot`'s stored shape changes: older rows are treated as missing and refetched. */
export const SNAPSHOT_PAYLOAD_VERSION = 1

/** D1 allows 100 bound parameters per statement; keys take 4, snapshot rows 7. */
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
  inputs: SourceInputs | null
  latencyMs: number | null
  errorCode: string | null
  errorMessage: string | null
  snapshots: SourceSnapshot[]
}

/** The cached state of each source (by `sourceKeyString`), in as few statements as D1's limits allow. */
export async function getCachedSources(db: Database, keys: readonly SourceKey[]): Promise<Map<string, CachedSource>> {
  const cached = new Map<string, CachedSource>()
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + KEYS_PER_STATEMENT)
    const [reads, rows] = await db.batch([
      db.select().from(sourceReads).where(matchAny(sourceReads, chunk)),
      db
        .select()
        .from(snapshots)
        .where(and(matchAny(snapshots, chunk), eq(snapshots.payloadVersion, SNAPSHOT_PAYLOAD_VERSION))),
    ])
    for (const read of reads) {
      const {
        venue,
        chainId,
        market,
        account,
        okAtMs,
        asOfSec,
        blockNumber,
        inputs,
        latencyMs,
        errorCode,
        errorMessage,
      } = read
      const key = { venue, chainId, market, account }
      cached.set(sourceKeyString(key), {
        key,
        okAtMs,
        asOfSec,
        blockNumber,
        inputs: inputs === null ? null : (JSON.parse(inputs) as SourceInputs),
        latencyMs,
        errorCode,
        errorMessage,
        snapshots: [],
      })
    }
    for (const row of rows) {
      cached.get(sourceKeyString(row))?.snapshots.push(JSON.parse(row.payload) as SourceSnapshot)
    }
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
