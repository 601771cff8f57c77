import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/client'
import { getHeartbeat, recordHeartbeat } from '../../src/db/queries/heartbeats'
import {
  type CachedSource,
  getCachedSources,
  parseCachedInputs,
  parseCachedSnapshots,
  SNAPSHOT_PAYLOAD_VERSION,
  saveSourceResults,
  sourceKeyString,
  toSourceKey,
} from '../../src/db/queries/sources'
import type { SourceRef, SourceResult, SourceSnapshot } from '../../src/protocols/types'
import { countingD1 } from '../helpers/countingD1'

describe('D1 migrations and queries', () => {
  it('applied every migration (the tables drizzle expects exist)', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'heartbeats'",
    ).all()
    expect(results).toEqual([{ name: 'heartbeats' }])
  })

  it('upserts heartbeats per job', async () => {
    const db = createDatabase(env.DB)
    await recordHeartbeat(db, { job: 'a', trigger: '* * * * *', atMs: 1_000 })
    await recordHeartbeat(db, { job: 'b', trigger: 'manual', atMs: 5_000 })
    await recordHeartbeat(db, { job: 'a', trigger: '*/5 * * * *', atMs: 2_000 })
    expect(await getHeartbeat(db, 'a')).toEqual({ lastRunAtMs: 2_000, trigger: '*/5 * * * *', runs: 2 })
    expect(await getHeartbeat(db, 'b')).toEqual({ lastRunAtMs: 5_000, trigger: 'manual', runs: 1 })
    expect(await getHeartbeat(db, 'missing')).toBeUndefined()
  })
})

describe('cached sources (getCachedSources)', () => {
  const source = (i: number): SourceRef => ({
    venue: 'aave-v3',
    chainId: 31_337 + (i % 2),
    market: i % 3 === 0 ? 'Prime' : 'Core',
    account: { kind: 'evm', address: `0x${i.toString(16).padStart(40, '0')}` },
  })
  const item = (marginAccountId: string, i: number) =>
    ({ snapshot: { marginAccountId, n: i }, venueReported: { equity: String(i) } }) as unknown as SourceSnapshot
  /** A successful read of `s` at `asOfSec` (its block number too). */
  const ok = (s: SourceRef, snapshots: SourceSnapshot[], asOfSec: number, latencyMs = 1): SourceResult => ({
    source: s,
    status: 'ok',
    snapshots,
    asOfSec,
    blockNumber: BigInt(asOfSec),
    inputs: { feeds: [] },
    latencyMs,
  })

  it('reads any number of sources in one batch, each with its snapshots in margin account order, parsed when asked', async () => {
    const db = createDatabase(env.DB)
    const sources = Array.from({ length: 30 }, (_, i) => source(i))
    const results: SourceResult[] = sources.map((s, i) => ({
      source: s,
      status: 'ok',
      snapshots: [item('b', i), item('a', i)],
      asOfSec: 1_000 + i,
      blockNumber: BigInt(i),
      inputs: { feeds: [] },
      latencyMs: i,
    }))
    const failed = source(99)
    results.push({
      source: failed,
      status: 'error',
      error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down' },
      latencyMs: 5,
    })
    await saveSourceResults(db, results, 123_000)
    // A row of another payload version is not served.
    await env.DB.prepare(
      `INSERT INTO snapshots (venue, chain_id, market, account, margin_account_id, payload_version, payload)
       VALUES (?1, ?2, ?3, ?4, 'old', ?5, '{}')`,
    )
      .bind('aave-v3', 31_337, 'Prime', source(0).account.address, SNAPSHOT_PAYLOAD_VERSION + 1)
      .run()

    const keys = [...sources, sources[3] as SourceRef, failed, source(1_000)].map(toSourceKey)
    const cached = await getCachedSources(db, keys)
    expect(cached.size).toBe(31)
    sources.forEach((s, i) => {
      const entry = cached.get(sourceKeyString(toSourceKey(s)))
      expect(entry).toMatchObject({ okAtMs: 123_000, asOfSec: 1_000 + i, blockNumber: String(i), latencyMs: i })
      expect(entry && parseCachedSnapshots(entry)).toEqual([item('a', i), item('b', i)])
      expect(entry && parseCachedInputs(entry)).toEqual({ feeds: [] })
    })
    const error = cached.get(sourceKeyString(toSourceKey(failed)))
    expect(error).toMatchObject({ okAtMs: null, errorCode: 'UPSTREAM_UNAVAILABLE', errorMessage: 'down', payloads: [] })
    expect(error && parseCachedInputs(error)).toBeNull()
    expect(cached.has(sourceKeyString(toSourceKey(source(1_000))))).toBe(false)
    expect(await getCachedSources(db, [])).toEqual(new Map())
  })
  it('a success replaces a source’s snapshots and clears its error; a failure keeps them and records the error', async () => {
    const db = createDatabase(env.DB)
    const s = source(500)
    const key = sourceKeyString(toSourceKey(s))
    await saveSourceResults(db, [ok(s, [item('a', 1), item('b', 1)], 10)], 1_000)
    await saveSourceResults(
      db,
      [{ source: s, status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'it’s "down"' }, latencyMs: 9 }],
      2_000,
    )
    let entry = (await getCachedSources(db, [toSourceKey(s)])).get(key)
    expect(entry).toMatchObject({ okAtMs: 1_000, asOfSec: 10, blockNumber: '10', latencyMs: 9 })
    expect(entry).toMatchObject({ errorCode: 'UPSTREAM_UNAVAILABLE', errorMessage: 'it’s "down"' })
    expect(entry && parseCachedSnapshots(entry)).toEqual([item('a', 1), item('b', 1)])

    await saveSourceResults(db, [ok(s, [item('c', 2)], 20, 3)], 3_000)
    entry = (await getCachedSources(db, [toSourceKey(s)])).get(key)
    expect(entry).toMatchObject({ okAtMs: 3_000, asOfSec: 20, latencyMs: 3, errorCode: null, errorMessage: null })
    expect(entry && parseCachedSnapshots(entry)).toEqual([item('c', 2)])
    const { results } = await env.DB.prepare('SELECT error_at_ms FROM source_reads WHERE account = ?1')
      .bind(s.account.address)
      .all<{ error_at_ms: number | null }>()
    expect(results).toEqual([{ error_at_ms: null }])
  })

  it('leaves out the payloads of a read this isolate holds parsed, and brings a new read’s', async () => {
    const db = createDatabase(env.DB)
    const s = source(700)
    const key = sourceKeyString(toSourceKey(s))
    const read = async () => (await getCachedSources(db, [toSourceKey(s)])).get(key) as CachedSource
    await saveSourceResults(db, [ok(s, [item('a', 1), item('b', 1)], 10)], 1_000)
    const first = await read()
    expect(first.payloads).toHaveLength(2)
    const parsed = parseCachedSnapshots(first)
    const inputs = parseCachedInputs(first)
    expect(inputs).toEqual({ feeds: [] })

    // Held: no JSON sent, the same frozen objects served (the engine's report memo keys on them).
    const again = await read()
    expect(again.readId).toBe(first.readId)
    expect(again.payloads).toEqual([])
    expect(again.inputsJson).toBeNull()
    expect(parseCachedSnapshots(again)).toBe(parsed)
    expect(parseCachedInputs(again)).toBe(inputs)
    expect(Object.isFrozen(inputs)).toBe(true)

    // A failed refresh keeps the snapshots and their read.
    await saveSourceResults(
      db,
      [{ source: s, status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down' }, latencyMs: 2 }],
      2_000,
    )
    expect(parseCachedSnapshots(await read())).toBe(parsed)

    // A new read, even of equal data, is a new id: its payloads come and are parsed.
    await saveSourceResults(db, [ok(s, [item('a', 1), item('b', 1)], 10)], 3_000)
    const replaced = await read()
    expect(replaced.readId).not.toBe(first.readId)
    expect(replaced.payloads).toHaveLength(2)
    expect(parseCachedSnapshots(replaced)).toEqual(parsed)
    await saveSourceResults(db, [ok(s, [item('c', 2)], 20)], 4_000)
    expect(parseCachedSnapshots(await read())).toEqual([item('c', 2)])

    // `payloads: false` reads no payload and holds nothing back.
    const state = (await getCachedSources(db, [toSourceKey(s)], undefined, { payloads: false })).get(key)
    expect(state?.payloads).toBeNull()
  })

  it('reads held sources in one batch, and a source replaced since in a second one, whole', async () => {
    const counting = countingD1(env.DB)
    const db = createDatabase(counting.db)
    const [kept, replaced] = [source(800), source(801)]
    const keys = [kept, replaced].map(toSourceKey)
    await saveSourceResults(db, [ok(kept, [item('a', 1)], 10), ok(replaced, [item('b', 1)], 10)], 1_000)
    for (const entry of (await getCachedSources(db, keys)).values()) parseCachedSnapshots(entry)

    counting.reset()
    const held = await getCachedSources(db, keys)
    expect(counting.roundTrips()).toBe(1)
    expect([...held.values()].map((entry) => entry.payloads)).toEqual([[], []])

    // Another isolate (or the cron) replaces one read: that one comes again, state and snapshots together.
    await saveSourceResults(db, [ok(replaced, [item('c', 2)], 20)], 2_000)
    counting.reset()
    const after = await getCachedSources(db, keys)
    expect(counting.roundTrips()).toBe(2)
    const keptEntry = after.get(sourceKeyString(toSourceKey(kept))) as CachedSource
    const replacedEntry = after.get(sourceKeyString(toSourceKey(replaced))) as CachedSource
    expect(parseCachedSnapshots(keptEntry)).toEqual([item('a', 1)])
    expect(replacedEntry).toMatchObject({ asOfSec: 20, blockNumber: '20', okAtMs: 2_000 })
    expect(parseCachedSnapshots(replacedEntry)).toEqual([item('c', 2)])
  })

  it('writes snapshots whose JSON exceeds one statement’s share in several statements of one batch', async () => {
    const db = createDatabase(env.DB)
    const big = (id: string) =>
      ({ snapshot: { marginAccountId: id, pad: 'x'.repeat(200_000) }, venueReported: {} }) as unknown as SourceSnapshot
    const s = source(600)
    const snapshots = ['a', 'b', 'c', 'd', 'e'].map(big)
    await saveSourceResults(db, [{ source: s, status: 'ok', snapshots, asOfSec: 1, latencyMs: 1 }], 1_000)
    const entry = (await getCachedSources(db, [toSourceKey(s)])).get(sourceKeyString(toSourceKey(s)))
    expect(entry && parseCachedSnapshots(entry)).toEqual(snapshots)
  })
})
