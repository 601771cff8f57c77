import { and, asc, count, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import type { Database } from '../client'
import {
  type AlertRuleRow,
  type AlertSubscriptionRow,
  alertRules,
  alertSubscriptions,
  apiKeys,
  type WebhookEndpointRow,
  webhookEndpoints,
} from '../schema'

/** D1 allows 100 bound parameters per statement: id lists stay under it. */
export const IDS_PER_STATEMENT = 90

export async function countSubscriptions(db: Database, keyId: string): Promise<number> {
  const row = await db.select({ n: count() }).from(alertSubscriptions).where(eq(alertSubscriptions.keyId, keyId)).get()
  return row?.n ?? 0
}

/**
 * Subscription and rules in one batch (both or neither), unless the key already has `maxPerKey`
 * subscriptions or the endpoint is not (or no longer) the key's: checked and inserted in one statement,
 * so racing creates cannot overshoot and a delete racing the create leaves no orphan watching a purged
 * endpoint. Returns whether it was stored. Rules travel as one JSON parameter.
 */
export async function insertSubscriptionWithinLimit(
  db: Database,
  subscription: AlertSubscriptionRow,
  rules: readonly AlertRuleRow[],
  maxPerKey: number,
): Promise<boolean> {
  const d1 = db.$client
  const s = subscription
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO alert_subscriptions
           (id, key_id, endpoint_id, label, addresses, protocols, status, next_eval_at_ms, last_evaluated_at_ms, created_at_ms)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
         WHERE (SELECT count(*) FROM alert_subscriptions WHERE key_id = ?2) < ?11
           AND EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ?3 AND key_id = ?2)`,
      )
      .bind(
        s.id,
        s.keyId,
        s.endpointId,
        s.label,
        s.addresses,
        s.protocols,
        s.status,
        s.nextEvalAtMs,
        s.lastEvaluatedAtMs,
        s.createdAtMs,
        maxPerKey,
      ),
    d1
      .prepare(
        `INSERT INTO alert_rules
           (id, subscription_id, kind, threshold, hysteresis, cooldown_seconds, horizon_seconds, state, sequence)
         SELECT json_extract(r.value, '$.id'), json_extract(r.value, '$.subscriptionId'), json_extract(r.value, '$.kind'),
                json_extract(r.value, '$.threshold'), json_extract(r.value, '$.hysteresis'),
                json_extract(r.value, '$.cooldownSeconds'), json_extract(r.value, '$.horizonSeconds'),
                json_extract(r.value, '$.state'), json_extract(r.value, '$.sequence')
         FROM json_each(?1) AS r
         WHERE EXISTS (SELECT 1 FROM alert_subscriptions WHERE id = ?2)`,
      )
      .bind(JSON.stringify(rules), s.id),
  ])
  return (inserted?.meta.changes ?? 0) > 0
}

/** Subscription and rules in one batch, no limit (tests and tools seed with it); throws when its endpoint is missing. */
export async function insertSubscription(
  db: Database,
  subscription: AlertSubscriptionRow,
  rules: readonly AlertRuleRow[],
): Promise<void> {
  if (!(await insertSubscriptionWithinLimit(db, subscription, rules, Number.MAX_SAFE_INTEGER)))
    throw new Error(`Subscription ${subscription.id} not stored: endpoint ${subscription.endpointId} is not its key's.`)
}

/** The key's subscription with this id (undefined for another key's: ids never leak). */
export async function getOwnSubscription(
  db: Database,
  keyId: string,
  id: string,
): Promise<AlertSubscriptionRow | undefined> {
  return db
    .select()
    .from(alertSubscriptions)
    .where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.keyId, keyId)))
    .get()
}

/** The key's subscriptions in creation order (ids are random, so the order is (createdAt, id)), after a cursor. */
export async function listOwnSubscriptions(
  db: Database,
  keyId: string,
  { first, after }: { first: number; after: AlertSubscriptionRow | undefined },
): Promise<AlertSubscriptionRow[]> {
  const rows = await db
    .select()
    .from(alertSubscriptions)
    .where(eq(alertSubscriptions.keyId, keyId))
    .orderBy(asc(alertSubscriptions.createdAtMs), asc(alertSubscriptions.id))
  // A key holds at most a few hundred subscriptions: slicing in the Worker keeps the cursor logic obvious.
  const start = after ? rows.findIndex((row) => row.id === after.id) + 1 : 0
  return rows.slice(start, start + first + 1)
}

export async function setSubscriptionStatus(
  db: Database,
  id: string,
  status: AlertSubscriptionRow['status'],
  nextEvalAtMs: number,
): Promise<void> {
  await db.update(alertSubscriptions).set({ status, nextEvalAtMs }).where(eq(alertSubscriptions.id, id))
}

/** The subscription and its rules in one batch. */
export async function deleteSubscription(db: Database, id: string): Promise<void> {
  await db.batch([
    db.delete(alertRules).where(eq(alertRules.subscriptionId, id)),
    db.delete(alertSubscriptions).where(eq(alertSubscriptions.id, id)),
  ])
}

/** Rules of the subscriptions, in the order they were given (insertion order). */
export async function getRulesOf(db: Database, subscriptionIds: readonly string[]): Promise<AlertRuleRow[]> {
  const rows: AlertRuleRow[] = []
  for (const ids of chunk(subscriptionIds, IDS_PER_STATEMENT)) {
    rows.push(
      ...(await db.select().from(alertRules).where(inArray(alertRules.subscriptionId, ids)).orderBy(sql`rowid`)),
    )
  }
  return rows
}

export async function getEndpointOfKey(
  db: Database,
  keyId: string,
  endpointId: string,
): Promise<WebhookEndpointRow | undefined> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.keyId, keyId)))
    .get()
}

export type ClaimDueSubscriptionsParameters = {
  nowMs: number
  limit: number
  /** The claim lapses at this time: a subscription whose shard never commits may be claimed again after it. */
  leaseUntilMs: number
  /** Claims subscriptions whose next evaluation is at or before this time (default `nowMs`). */
  dueByMs?: number | undefined
}

/**
 * Claims up to `limit` active subscriptions due at `nowMs`, the longest waiting first (`nextEvalAtMs`, then
 * id), by setting their lease in the same statement: a subscription under an unexpired lease is not claimed
 * again, so an overlapping tick, or a tick while the previous tick's shards are still queued, does not
 * evaluate it twice at once. The lease is cleared when its shard commits (`commitTickBatch`) or is
 * dead-lettered (`releaseLeases`); if neither happens it lapses at `leaseUntilMs`. Called again until it
 * returns fewer than `limit`, it pages through every due subscription: those claimed are no longer
 * claimable. A revoked key's subscriptions stop with it: nobody can manage them any more. The sandbox's
 * manual tick passes a `dueByMs` in the far future to claim every active subscription, due or not.
 */
export async function claimDueSubscriptions(
  db: Database,
  { nowMs, limit, leaseUntilMs, dueByMs = nowMs }: ClaimDueSubscriptionsParameters,
): Promise<AlertSubscriptionRow[]> {
  const due = db
    .select({ id: alertSubscriptions.id })
    .from(alertSubscriptions)
    .innerJoin(apiKeys, eq(apiKeys.id, alertSubscriptions.keyId))
    .where(
      and(
        eq(alertSubscriptions.status, 'active'),
        lte(alertSubscriptions.nextEvalAtMs, dueByMs),
        or(isNull(alertSubscriptions.leaseUntilMs), lte(alertSubscriptions.leaseUntilMs, nowMs)),
        isNull(apiKeys.revokedAtMs),
      ),
    )
    .orderBy(asc(alertSubscriptions.nextEvalAtMs), asc(alertSubscriptions.id))
    .limit(limit)
  const rows = await db
    .update(alertSubscriptions)
    .set({ leaseUntilMs })
    .where(inArray(alertSubscriptions.id, due))
    .returning()
  return rows.sort((a, b) => a.nextEvalAtMs - b.nextEvalAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * The subscriptions of a shard that still hold its lease (`leaseUntilMs`, the shard's fencing token) and
 * are active. A shard delivered again after it committed finds none (the commit cleared the lease), and so
 * does one whose lease lapsed and was claimed by a later tick (that tick's shard evaluates them).
 */
export async function getLeasedSubscriptions(
  db: Database,
  ids: readonly string[],
  leaseUntilMs: number,
): Promise<AlertSubscriptionRow[]> {
  if (ids.length === 0) return []
  // One statement whatever the shard's size: the ids travel as one JSON parameter.
  return db
    .select()
    .from(alertSubscriptions)
    .where(
      and(
        sql`${alertSubscriptions.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
        eq(alertSubscriptions.leaseUntilMs, leaseUntilMs),
        eq(alertSubscriptions.status, 'active'),
      ),
    )
    .orderBy(asc(alertSubscriptions.nextEvalAtMs), asc(alertSubscriptions.id))
}

/**
 * Ends a shard's lease without evaluating (its message was dead-lettered, or could not be sent): its
 * subscriptions are claimable by the next tick, still due at their old time, so the longest waiting go
 * first. Only the rows still under this lease: one a later tick claimed again is left to that tick.
 * Returns how many were released.
 */
export async function releaseLeases(db: Database, ids: readonly string[], leaseUntilMs: number): Promise<number> {
  if (ids.length === 0) return 0
  const result = await db.$client
    .prepare(
      `UPDATE alert_subscriptions SET lease_until_ms = NULL
       WHERE id IN (SELECT value FROM json_each(?1)) AND lease_until_ms = ?2`,
    )
    .bind(JSON.stringify(ids), leaseUntilMs)
    .run()
  return result.meta.changes ?? 0
}

/**
 * When the longest-waiting active subscription fell due (claimed or not: a subscription whose shard is
 * still queued is waiting too), or null when none is due at `nowMs`. A revoked key's subscriptions are
 * never evaluated again and do not count.
 */
export async function getOldestDueAtMs(db: Database, nowMs: number): Promise<number | null> {
  const row = await db
    .select({ nextEvalAtMs: alertSubscriptions.nextEvalAtMs })
    .from(alertSubscriptions)
    .innerJoin(apiKeys, eq(apiKeys.id, alertSubscriptions.keyId))
    .where(
      and(
        eq(alertSubscriptions.status, 'active'),
        lte(alertSubscriptions.nextEvalAtMs, nowMs),
        isNull(apiKeys.revokedAtMs),
      ),
    )
    .orderBy(asc(alertSubscriptions.nextEvalAtMs))
    .limit(1)
    .get()
  return row?.nextEvalAtMs ?? null
}

export function chunk<item>(items: readonly item[], size: number): item[][] {
  const out: item[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
