import { and, eq, gt, isNull, lt } from 'drizzle-orm'
import type { Database } from '../client'
import { siweNonces } from '../schema'

export type SiweNonceRow = typeof siweNonces.$inferSelect

/** Stores a freshly issued nonce; `signIn` accepts it once, until `expiresAtMs`. */
export async function insertSiweNonce(
  db: Database,
  { nonce, issuedAtMs, expiresAtMs }: { nonce: string; issuedAtMs: number; expiresAtMs: number },
): Promise<void> {
  await db.insert(siweNonces).values({ nonce, issuedAtMs, expiresAtMs })
}

/**
 * Marks the nonce used if it is known, unused and unexpired, in ONE statement: two sign-ins racing
 * with the same nonce cannot both see it unused. Returns false when nothing was consumed. `signIn`
 * calls it only once the signature verified, so a bad signature never spends a pending nonce.
 */
export async function consumeSiweNonce(
  db: Database,
  { nonce, nowMs }: { nonce: string; nowMs: number },
): Promise<boolean> {
  const consumed = await db
    .update(siweNonces)
    .set({ usedAtMs: nowMs })
    .where(and(eq(siweNonces.nonce, nonce), isNull(siweNonces.usedAtMs), gt(siweNonces.expiresAtMs, nowMs)))
    .returning({ nonce: siweNonces.nonce })
  return consumed.length === 1
}

/**
 * The stored nonce: to refuse a dead one before checking a signature, and to explain a refusal. Never to
 * accept one: only `consumeSiweNonce` decides that.
 */
export async function getSiweNonce(db: Database, nonce: string): Promise<SiweNonceRow | undefined> {
  return db.select().from(siweNonces).where(eq(siweNonces.nonce, nonce)).get()
}

/** Forgets nonces that expired before `beforeMs`: they can never sign in again, used or not. */
export async function deleteExpiredSiweNonces(db: Database, beforeMs: number): Promise<void> {
  await db.delete(siweNonces).where(lt(siweNonces.expiresAtMs, beforeMs))
}
