import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import type { Database } from '../client'
import { alertEvents, alertRules, alertSubscriptions, type WebhookEndpointRow, webhookEndpoints } from '../schema'

/**
 * Every query here is scoped by the owning key id: another key's endpoint is simply not found, so a
 * resolver cannot leak or change it by forgetting a check.
 */
const owned = (keyId: string, id: string) => and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.keyId, keyId))

/**
 * Inserts `row` unless its key already has `limit` endpoints, in ONE statement
 * (`INSERT … SELECT … WHERE (SELECT count(*) …) < limit`), so two concurrent creates cannot both take
 * the last slot. Returns the stored row, or undefined when the key is at its limit.
 */
export async function insertWebhookEndpointWithinLimit(
  db: Database,
  row: WebhookEndpointRow,
  limit: number,
): Promise<WebhookEndpointRow | undefined> {
  // INSERT … SELECT lists every column in the table's order; getTableColumns keeps that order.
  const values = sql.join(
    Object.keys(getTableColumns(webhookEndpoints)).map((column) => sql`${row[column as keyof WebhookEndpointRow]}`),
    sql`, `,
  )
  const [inserted] = await db
    .insert(webhookEndpoints)
    .select(
      sql`select ${values} where (select count(*) from ${webhookEndpoints} where ${eq(webhookEndpoints.keyId, row.keyId)}) < ${limit}`,
    )
    .returning()
  return inserted
}

/** The key's endpoint with this id, if any. */
export async function getWebhookEndpoint(
  db: Database,
  keyId: string,
  id: string,
): Promise<WebhookEndpointRow | undefined> {
  return db.select().from(webhookEndpoints).where(owned(keyId, id)).get()
}

/** The key's endpoints, oldest first (ties by id, so the order is stable). */
export async function listWebhookEndpoints(db: Database, keyId: string): Promise<WebhookEndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.keyId, keyId))
    .orderBy(asc(webhookEndpoints.createdAtMs), asc(webhookEndpoints.id))
}

export type WebhookEndpointStatusChange = Pick<
  WebhookEndpointRow,
  'status' | 'disabledReason' | 'disabledAtMs' | 'updatedAtMs'
>

/** Sets the status of the key's endpoint; returns the updated row, or undefined when the key has none with this id. */
export async function setWebhookEndpointStatus(
  db: Database,
  keyId: string,
  id: string,
  change: WebhookEndpointStatusChange,
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db.update(webhookEndpoints).set(change).where(owned(keyId, id)).returning()
  return row
}

export type RotateWebhookEndpointSecretParameters = {
  secret: string
  /** Until when the replaced secret still signs (Unix ms). */
  previousSecretExpiresAtMs: number
  nowMs: number
}

/**
 * Replaces the signing secret and keeps the current one as `previousSecret`, in one UPDATE: SQLite
 * evaluates every `SET` expression against the row as it was, so `previous_secret = secret` copies the
 * old value even under a concurrent rotation.
 */
export async function rotateWebhookEndpointSecret(
  db: Database,
  keyId: string,
  id: string,
  { secret, previousSecretExpiresAtMs, nowMs }: RotateWebhookEndpointSecretParameters,
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      previousSecret: sql`${webhookEndpoints.secret}`,
      previousSecretExpiresAtMs,
      secret,
      updatedAtMs: nowMs,
    })
    .where(owned(keyId, id))
    .returning()
  return row
}

/**
 * Deletes the key's endpoint with everything that alerts it, in ONE batch (a D1 transaction): the rules
 * of its subscriptions, the subscriptions, its stored events (so the cron never hands one to the purged
 * Durable Object again) and the endpoint row. Sub-selects keep every statement at a few bound parameters
 * however many subscriptions there are. Returns whether the endpoint existed.
 */
export async function deleteWebhookEndpoint(db: Database, keyId: string, id: string): Promise<boolean> {
  const subscriptionsOfEndpoint = and(eq(alertSubscriptions.endpointId, id), eq(alertSubscriptions.keyId, keyId))
  const [, , , deleted] = await db.batch([
    db
      .delete(alertRules)
      .where(
        inArray(
          alertRules.subscriptionId,
          db.select({ id: alertSubscriptions.id }).from(alertSubscriptions).where(subscriptionsOfEndpoint),
        ),
      ),
    db.delete(alertSubscriptions).where(subscriptionsOfEndpoint),
    db.delete(alertEvents).where(and(eq(alertEvents.endpointId, id), eq(alertEvents.keyId, keyId))),
    db.delete(webhookEndpoints).where(owned(keyId, id)).returning({ id: webhookEndpoints.id }),
  ])
  return deleted.length > 0
}
