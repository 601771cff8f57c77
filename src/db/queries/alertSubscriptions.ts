import { and, asc, count, eq, gt, inArray, isNull, lte } from 'drizzle-orm'
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

/** Subscription and rules in one batch: both or neither. */
export async function insertSubscription(
  db: Database,
  subscription: AlertSubscriptionRow,
  rules: readonly AlertRuleRow[],
): Promise<void> {
  await db.batch([
    db.insert(alertSubscriptions).values(subscription),
    ...chunk(rules, 7).map((part) => db.insert(alertRules).values(part)),
  ])
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

export async function getRulesOf(db: Database, subscriptionIds: readonly string[]): Promise<AlertRuleRow[]> {
  const rows: AlertRuleRow[] = []
  for (const ids of chunk(subscriptionIds, IDS_PER_STATEMENT)) {
    rows.push(
      ...(await db
        .select()
        .from(alertRules)
        .where(inArray(alertRules.subscriptionId, ids))
        .orderBy(asc(alertRules.id))),
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

/**
 * Active subscriptions due at `nowMs`, by id after `afterId` (keyset pagination over one tick). A revoked
 * key's subscriptions stop with it: nobody can manage them any more.
 */
export async function getDueSubscriptions(
  db: Database,
  { nowMs, afterId, limit }: { nowMs: number; afterId: string; limit: number },
): Promise<AlertSubscriptionRow[]> {
  const rows = await db
    .select({ subscription: alertSubscriptions })
    .from(alertSubscriptions)
    .innerJoin(apiKeys, eq(apiKeys.id, alertSubscriptions.keyId))
    .where(
      and(
        eq(alertSubscriptions.status, 'active'),
        lte(alertSubscriptions.nextEvalAtMs, nowMs),
        gt(alertSubscriptions.id, afterId),
        isNull(apiKeys.revokedAtMs),
      ),
    )
    .orderBy(asc(alertSubscriptions.id))
    .limit(limit)
  return rows.map((row) => row.subscription)
}

export function chunk<item>(items: readonly item[], size: number): item[][] {
  const out: item[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
