import { eq } from 'drizzle-orm'
import type { Database } from '../client'
import { type WebhookEndpointRow, webhookEndpoints } from '../schema'

/** What the delivering Durable Object needs of its endpoint; D1 is the source of truth for all of it. */
export type EndpointForDelivery = Pick<
  WebhookEndpointRow,
  'url' | 'secret' | 'previousSecret' | 'previousSecretExpiresAtMs' | 'status'
>

/**
 * The endpoint as the Durable Object delivers to it, read fresh before every run so a URL change,
 * a rotation, a pause or a deletion takes effect on the next attempt. `undefined` = deleted.
 */
export async function getEndpointForDelivery(db: Database, id: string): Promise<EndpointForDelivery | undefined> {
  return db
    .select({
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      previousSecret: webhookEndpoints.previousSecret,
      previousSecretExpiresAtMs: webhookEndpoints.previousSecretExpiresAtMs,
      status: webhookEndpoints.status,
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .get()
}

/**
 * The receiver answered 410 Gone: it asked us to stop. The endpoint stays disabled (nothing is
 * attempted) until its owner resumes it; the API shows `reason` and `nowMs` as `disabledReason` and
 * `disabledAt`.
 */
export async function disableEndpoint(db: Database, id: string, reason: string, nowMs: number): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ status: 'disabled', disabledReason: reason, disabledAtMs: nowMs, updatedAtMs: nowMs })
    .where(eq(webhookEndpoints.id, id))
}
