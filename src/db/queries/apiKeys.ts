import { and, eq, isNull } from 'drizzle-orm'
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
