import { and, asc, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
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

export type InsertApiKeyParameters = Omit<ApiKeyRow, 'lastUsedAtMs' | 'revokedAtMs' | 'revokedReason'>

/**
 * Stores a key created by sign-in (its hash, never the key) and returns the stored row, unless the owner
 * already has `maxActive` unrevoked keys on that chain: then undefined. Counted and inserted in one
 * statement, so racing sign-ins cannot overshoot (every per-key quota would multiply otherwise).
 */
export async function insertApiKeyWithinLimit(
  db: Database,
  values: InsertApiKeyParameters,
  maxActive: number,
): Promise<ApiKeyRow | undefined> {
  const row = await db.$client
    .prepare(
      `INSERT INTO api_keys (id, owner, key_hash, prefix, label, chain_id, created_at_ms,
         sign_in_message, sign_in_signature, wallet_validated_at_ms)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?10, ?11
       WHERE (SELECT count(*) FROM api_keys WHERE owner = ?2 AND chain_id = ?6 AND revoked_at_ms IS NULL) < ?8
       RETURNING id`,
    )
    .bind(
      values.id,
      values.owner,
      values.keyHash,
      values.prefix,
      values.label,
      values.chainId,
      values.createdAtMs,
      maxActive,
      values.signInMessage,
      values.signInSignature,
      values.walletValidatedAtMs,
    )
    .first<{ id: string }>()
  return row ? { ...values, lastUsedAtMs: null, revokedAtMs: null, revokedReason: null } : undefined
}

/** Most keys `me { apiKeys }` lists (active ones are capped; revoked ones are history). */
const KEYS_LISTED = 100

/**
 * The keys of an owner (EIP-55 address) on one chain, revoked ones included, newest first. Scoped by chain
 * too: a smart account at the same address on another chain may have another controller.
 */
export async function listApiKeysByOwner(db: Database, owner: string, chainId: number): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.owner, owner), eq(apiKeys.chainId, chainId)))
    .orderBy(desc(apiKeys.createdAtMs), desc(apiKeys.id))
    .limit(KEYS_LISTED)
    .all()
}

/**
 * Revokes the key `id` if it belongs to `owner` on the same chain (see listApiKeysByOwner), in one statement, and returns it (already revoked
 * keys keep their first `revokedAtMs`). Undefined when the owner has no such key.
 */
export async function revokeApiKeyOfOwner(
  db: Database,
  { id, owner, chainId, nowMs }: { id: string; owner: string; chainId: number; nowMs: number },
): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAtMs: sql`coalesce(${apiKeys.revokedAtMs}, ${nowMs})` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.owner, owner), eq(apiKeys.chainId, chainId)))
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

/** An unrevoked key whose sign-in signature a contract checked, with what re-validating it needs. */
export type WalletKeyRow = ApiKeyRow & { signInMessage: string; signInSignature: string }

/**
 * Unrevoked contract-wallet keys (see `apiKeys.signInSignature`) last validated before `validatedBeforeMs`,
 * least recently validated first, at most `limit`.
 */
export async function listWalletKeysDue(
  db: Database,
  { validatedBeforeMs, limit }: { validatedBeforeMs: number; limit: number },
): Promise<WalletKeyRow[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(
      and(
        isNotNull(apiKeys.signInSignature),
        isNull(apiKeys.revokedAtMs),
        or(isNull(apiKeys.walletValidatedAtMs), lt(apiKeys.walletValidatedAtMs, validatedBeforeMs)),
      ),
    )
    .orderBy(asc(apiKeys.walletValidatedAtMs), asc(apiKeys.id))
    .limit(limit)
    .all()
  return rows.filter(isWalletKey)
}

/** Whether the key's owner is a contract wallet to re-validate (its sign-in message and signature are kept). */
export function isWalletKey(key: ApiKeyRow): key is WalletKeyRow {
  return key.signInMessage !== null && key.signInSignature !== null
}

/** Records that the chain accepted the key's signature at `nowMs` (never moves the time backwards). */
export async function recordWalletValidation(
  db: Database,
  { id, nowMs }: { id: string; nowMs: number },
): Promise<void> {
  await db
    .update(apiKeys)
    .set({ walletValidatedAtMs: sql`max(coalesce(${apiKeys.walletValidatedAtMs}, 0), ${nowMs})` })
    .where(eq(apiKeys.id, id))
}

/**
 * Revokes a key whose wallet no longer accepts its sign-in signature (`revokedReason: 'wallet-refused'`).
 * A key revoked before keeps its first revocation and reason.
 */
export async function revokeKeyRefusedByWallet(
  db: Database,
  { id, nowMs }: { id: string; nowMs: number },
): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAtMs: nowMs, revokedReason: 'wallet-refused' })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAtMs)))
}
