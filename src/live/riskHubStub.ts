import type { AccountRef } from '../protocols/types'

/**
 * How long a watch row lives without renewal (the evaluation renews the watches that still hold streams).
 * Here, not in RiskHub.ts: the cron reads it, and the cron reaches the object through its binding only.
 */
export const WATCH_TTL_MS = 10 * 60_000

/** The object's name for a set of addresses: normalized, deduplicated, sorted, comma-joined. */
export function watchKey(accounts: readonly AccountRef[]): string {
  return [...new Set(accounts.map((account) => account.address))].sort().join(',')
}

/** The live-push object (`RiskHub`) of a set of addresses, by its binding. */
export function riskHubStub(env: Env, accounts: readonly AccountRef[]) {
  return env.RISK_HUB.get(env.RISK_HUB.idFromName(watchKey(accounts)))
}
