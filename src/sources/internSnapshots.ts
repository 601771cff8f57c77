import { snapshotJson } from '../db/queries/sources'
import { BoundedLru, deepFreeze } from '../lib/isolateCache'
import type { SourceSnapshot } from '../protocols/types'

/**
 * Fresh snapshots by their exact JSON text, per isolate. Bounded by count and by characters (about 2 MB
 * of JSON text): a chain's figures change once a block, so the cold requests of one block share them.
 */
const fresh = new BoundedLru<string, SourceSnapshot>(256, 2_000_000)

/**
 * A fresh read's snapshots as the cache serves them: parsed from their JSON text, deep-frozen and
 * shared, the same object for the same text. The engine's reports of frozen snapshots are memoised
 * (src/portfolio/evaluateEntries.ts), so cold requests that read the same figures (the same block,
 * the same venue state) evaluate them once, and a cold answer is computed from exactly what a warm
 * one would be (the JSON the write-back stores). Stringifying and parsing cost a small part of
 * evaluating.
 *
 * @example
 * const snapshots = internSnapshots(result.snapshots)
 */
export function internSnapshots(snapshots: readonly SourceSnapshot[]): SourceSnapshot[] {
  return snapshots.map((snapshot) => {
    const text = snapshotJson(snapshot)
    let shared = fresh.get(text)
    if (shared === undefined) {
      shared = deepFreeze(JSON.parse(text) as SourceSnapshot)
      fresh.set(text, shared, text.length)
    }
    return shared
  })
}
