import { and, asc, count, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm'
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
  afterId: string
  limit: number
  leaseUntilMs: number
  /** Claims subscriptions whose next evaluation is at or before this time (default `nowMs`). */
  dueByMs?: number | undefined
}

/**
 * Claims up to `limit` active subscriptions due at `nowMs` (by id after `afterId`, keyset pagination over
 * one tick) by moving their next evaluation to `leaseUntilMs` in the same statement: a tick that overlaps
 * this one does not read them again, and if this tick dies they fall due again when the lease ends. A
 * revoked key's subscriptions stop with it: nobody can manage them any more. The sandbox's manual tick
 * passes a `dueByMs` in the far future to claim every active subscription, due or not.
 */
export async function claimDueSubscriptions(
  db: Database,
  { nowMs, afterId, limit, leaseUntilMs, dueByMs = nowMs }: ClaimDueSubscriptionsParameters,
): Promise<AlertSubscriptionRow[]> {
  const due = db
    .select({ id: alertSubscriptions.id })
    .from(alertSubscriptions)
    .innerJoin(apiKeys, eq(apiKeys.id, alertSubscriptions.keyId))
    .where(
      and(
        eq(alertSubscriptions.status, 'active'),
        lte(alertSubscriptions.nextEvalAtMs, dueByMs),
        gt(alertSubscriptions.id, afterId),
        isNull(apiKeys.revokedAtMs),
      ),
    )
    .orderBy(asc(alertSubscriptions.id))
    .limit(limit)
  const rows = await db
    .update(alertSubscriptions)
    .set({ nextEvalAtMs: leaseUntilMs })
    .where(inArray(alertSubscriptions.id, due))
    .returning()
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export function chunk<item>(items: readonly item[], size: number): item[][] {
  const out: item[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
