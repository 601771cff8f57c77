/**
 * The source loader's D1 reads on the cold path: with `maxAgeSeconds: 0` nothing cached can be served
 * fresh, so the cache read leaves the snapshot rows out (their payloads are most of what D1 would send)
 * and reads them only for a source whose refresh failed, which is then served stale from them.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/client'
import { createReferenceCache } from '../../src/db/queries/referenceData'
import { parseAccount } from '../../src/protocols/address'
import { adapters } from '../../src/protocols/registry'
import { createSourceLoader } from '../../src/sources/createSourceLoader'
import { demoAccount } from '../harness/demoAccounts'

/** env.DB, recording the number of statements in each batch. */
function recordingD1() {
  const batches: number[] = []
  const d1 = new Proxy(env.DB, {
    get(target, property) {
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) => {
          batches.push(statements.length)
          return target.batch(statements)
        }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { d1, batches }
}

const source = { venue: 'hyperliquid' as const, account: parseAccount(demoAccount('near-liquidation').address) }

function loaderOver(d1: D1Database, fetchFn: typeof fetch) {
  const db = createDatabase(d1)
  return createSourceLoader({
    db,
    adapters,
    context: { env, fetch: fetchFn, nowMs: Date.now(), referenceCache: createReferenceCache(db) },
  })
}

describe('the cold path’s cache read', () => {
  it('reads no snapshot rows when every read succeeds, and the failed one’s rows when a read fails', async () => {
    const ok = recordingD1()
    const [read] = await loaderOver(ok.d1, fetch)([source], 0)
    expect(read).toMatchObject({ status: 'ok', fromCache: false })
    expect(read?.snapshots.length).toBeGreaterThan(0)
    // The cache read (source state only), then the write-back (reads upserted, snapshots replaced).
    expect(ok.batches).toEqual([1, 3])

    const failing = recordingD1()
    const down: typeof fetch = async () => {
      throw new TypeError('Network connection lost.')
    }
    const [stale] = await loaderOver(failing.d1, down)([source], 0)
    expect(stale).toMatchObject({ status: 'stale', fromCache: true, error: { code: 'UPSTREAM_UNAVAILABLE' } })
    // Served from the read before, which this isolate holds (the write-back's read id): the same objects,
    // and D1 sends the failed source's state alone. The cache read, that state, then the error recorded.
    expect(stale?.snapshots).toBe(read?.snapshots)
    expect(failing.batches).toEqual([1, 1, 1])
  })

  it('holds a fresh read parsed under its write-back’s id: a warm query then serves it, D1 sending no snapshot', async () => {
    const cold = recordingD1()
    const [read] = await loaderOver(cold.d1, fetch)([source], 0)
    expect(read).toMatchObject({ status: 'ok', fromCache: false })
    expect(Object.isFrozen(read?.snapshots[0])).toBe(true)

    const warm = recordingD1()
    const [served] = await loaderOver(warm.d1, fetch)([source], 3_600)
    expect(served).toMatchObject({ status: 'ok', fromCache: true, asOfSec: read?.asOfSec })
    expect(served?.snapshots).toBe(read?.snapshots)
    // One statement: the state, whose read id is the one held; the snapshots' statement is left out.
    expect(warm.batches).toEqual([1])
    expect(served?.feeds).toEqual(read?.feeds)
  })

  it('reads the snapshots with the state when cached ones may be served', async () => {
    const warm = recordingD1()
    const [served] = await loaderOver(warm.d1, fetch)([source], 3_600)
    expect(served).toMatchObject({ status: 'ok', fromCache: true })
    // One batch: the state and the snapshots, or the state alone when this isolate holds the read parsed.
    expect(warm.batches).toHaveLength(1)
    const again = recordingD1()
    const [servedAgain] = await loaderOver(again.d1, fetch)([source], 3_600)
    expect(servedAgain?.snapshots).toBe(served?.snapshots)
    expect(again.batches).toEqual([1])
  })
})
