import { inArray } from 'drizzle-orm'
import type { ReferenceCache } from '../../protocols/types'
import type { Database } from '../client'
import { referenceData } from '../schema'

/** Bump when a stored reference's shape changes: older rows are ignored and refetched. */
export const REFERENCE_PAYLOAD_VERSION = 1

/** The adapters' reference cache over D1's reference_data table, shared by every isolate. */
export function createReferenceCache(db: Database): ReferenceCache {
  return {
    async getMany(keys, nowMs) {
      const found = new Map<string, unknown>()
      if (keys.length === 0) return found
      // Keys are few (one per market); 99 per statement keeps under D1's 100 bound parameters.
      for (let i = 0; i < keys.length; i += 99) {
        const rows = await db
          .select()
          .from(referenceData)
          .where(inArray(referenceData.key, keys.slice(i, i + 99)))
        for (const row of rows) {
          if (row.expiresAtMs > nowMs && row.payloadVersion === REFERENCE_PAYLOAD_VERSION) {
            found.set(row.key, JSON.parse(row.payload) as unknown)
          }
        }
      }
      return found
    },
    async set(key, value, nowMs, ttlMs) {
      const row = {
        fetchedAtMs: nowMs,
        expiresAtMs: nowMs + ttlMs,
        payloadVersion: REFERENCE_PAYLOAD_VERSION,
        payload: JSON.stringify(value),
      }
      await db
        .insert(referenceData)
        .values({ key, ...row })
        .onConflictDoUpdate({ target: referenceData.key, set: row })
    },
  }
}
