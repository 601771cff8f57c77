import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Database } from '../client'
import { type ApiKeyRow, apiKeys } from '../schema'

/** The unrevoked key with this hash, if any. */
export async function getActiveKeyByHash(db: Database, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAtMs)))
    .get()
}

export type InsertApiKeyParameters = Omit<ApiKeyRow, 'lastUsedAtMs' | 'revokedAtMs'>

/** Stores a key created by sign-in (its hash, never the key) and returns the stored row. */
export async function insertApiKey(db: Database, values: InsertApiKeyParameters): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning()
  if (!row) throw new Error(`Inserting API key ${values.id} returned no row.`)
  return row
}

/** Every key of an owner (EIP-55 address), revoked ones included, newest first. */
export async function listApiKeysByOwner(db: Database, owner: string): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.owner, owner))
    .orderBy(desc(apiKeys.createdAtMs), desc(apiKeys.id))
    .all()
}

/**
 * Revokes the key `id` if it belongs to `owner`, in one statement, and returns it (already revoked
 * keys keep their first `revokedAtMs`). Undefined when the owner has no such key.
 */
export async function revokeApiKeyOfOwner(
  db: Database,
  { id, owner, nowMs }: { id: string; owner: string; nowMs: number },
): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAtMs: sql`coalesce(${apiKeys.revokedAtMs}, ${nowMs})` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.owner, owner)))
    .returning()
  return row
}

/**
 * Records that the key was used, unless it was already recorded after `staleBeforeMs`: concurrent
 * requests write at most once per throttle window.
 */
export async function touchApiKey(
  db: Database,
  { id, nowMs, staleBeforeMs }: { id: string; nowMs: number; staleBeforeMs: number },
): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAtMs: nowMs })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAtMs), lt(apiKeys.lastUsedAtMs, staleBeforeMs))))
}
