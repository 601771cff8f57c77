import { revalidateWalletKey, WALLET_KEY_REVALIDATION_INTERVAL_MS } from '../auth/revalidateWalletKey'
import type { Database } from '../db/client'
import { listWalletKeysDue } from '../db/queries/apiKeys'

/**
 * Keys re-validated per tick at most: one `eth_call` each, run together, kept well inside one
 * invocation's subrequests beside the tick's other work. With one tick a minute, the cron keeps up with
 * the interval for up to 10 × 20 = 200 contract-wallet keys; past that each waits longer than the interval
 * (least recently validated first, so none is starved), and alerts writes still check at once.
 */
export const WALLET_KEYS_PER_TICK = 20

export type RevalidateWalletKeysParameters = {
  env: Env
  db: Database
  nowMs: number
}

export type RevalidateWalletKeysReturnType = {
  /** Keys due and asked about. */
  checked: number
  accepted: number
  /** Keys revoked because their wallet refused the signature. */
  revoked: number
  /** Keys whose chain did not answer: left as they were, asked again next tick. */
  unavailable: number
}

/**
 * The cron's re-validation step: every unrevoked key a contract wallet created (EIP-1271, ERC-6492) is
 * asked about again once its last validation is `WALLET_KEY_REVALIDATION_INTERVAL_MS` (10 minutes) old,
 * and revoked when the wallet no longer accepts its sign-in signature (see `revalidateWalletKey`).
 * Overlapping ticks may ask about the same key twice; both answers are the chain's, so that is harmless.
 */
export async function revalidateWalletKeys({
  env,
  db,
  nowMs,
}: RevalidateWalletKeysParameters): Promise<RevalidateWalletKeysReturnType> {
  const due = await listWalletKeysDue(db, {
    validatedBeforeMs: nowMs - WALLET_KEY_REVALIDATION_INTERVAL_MS + 1,
    limit: WALLET_KEYS_PER_TICK,
  })
  const verdicts = await Promise.allSettled(due.map((key) => revalidateWalletKey({ env, db, key, nowMs })))
  const report = { checked: due.length, accepted: 0, revoked: 0, unavailable: 0 }
  for (const [i, verdict] of verdicts.entries()) {
    if (verdict.status === 'rejected') {
      report.unavailable++
      const { reason } = verdict
      console.warn(
        JSON.stringify({
          job: 'wallet-keys',
          keyId: due[i]?.id,
          error: reason instanceof Error ? reason.message : String(reason),
        }),
      )
    } else if (verdict.value === 'accepted') report.accepted++
    else report.revoked++
  }
  return report
}
