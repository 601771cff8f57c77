import type { AlertSubscriptionRow } from '../db/schema'
import type { AlertEventType } from './types'

/**
 * The JSON body of an event, in the Standard Webhooks payload shape
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#payload-structure):
 * `type` (dot-delimited), `timestamp` (ISO 8601, when the event occurred) and `data`. Built once when the
 * event is created, so every attempt and replay sends the same bytes.
 */
export function buildEventBody(type: AlertEventType, createdAtMs: number, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: new Date(createdAtMs).toISOString(), data })
}

/** The subscription an event is about, as every event body names it. */
export function subscriptionJson(subscription: AlertSubscriptionRow) {
  return {
    id: subscription.id,
    label: subscription.label,
    addresses: JSON.parse(subscription.addresses) as string[],
  }
}
