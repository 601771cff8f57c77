/**
 * The shapes alerts pass between the cron, the GraphQL API and the delivering Durable Object.
 * Only plain, structured-cloneable data: these cross the Durable Object RPC boundary.
 */
import type { AlertRuleRow, ApiKeyRow } from '../db/schema'

/** The authenticated caller of a key-protected operation. */
export type AuthenticatedKey = {
  key: ApiKeyRow
}

/** A rule and whether its subscription is held (data unavailable): what `AlertRule` resolves from. */
export type AlertRuleView = AlertRuleRow & { held: boolean }

/** `me`: the request's key; the rest resolves from it. */
export type MeView = AuthenticatedKey

/** Event types delivered to receivers (the Standard Webhooks `type` field). */
export type AlertEventType = 'alert.fired' | 'data.unavailable' | 'data.restored' | 'test'

/**
 * One event handed to an endpoint. `id` is stable across every attempt and replay (`webhook-id`);
 * `body` is the exact JSON delivered (Standard Webhooks payload: `{ type, timestamp, data }`).
 */
export type WebhookEvent = {
  id: string
  type: AlertEventType
  body: string
  /** Unix ms the event was created (the cron tick or the test send). */
  createdAtMs: number
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead'

export type DeliveryAttemptView = {
  number: number
  atMs: number
  /** null when no HTTP answer came (timeout, refused connection, refused redirect). */
  statusCode: number | null
  latencyMs: number
  error: string | null
}

/** One event as its endpoint's Durable Object tracks it. */
export type DeliveryView = {
  eventId: string
  eventType: AlertEventType
  status: DeliveryStatus
  createdAtMs: number
  /** When the next attempt is due; null unless pending. */
  nextAttemptAtMs: number | null
  attempts: DeliveryAttemptView[]
  body: string
}

export type DeliveryPage = {
  nodes: DeliveryView[]
  hasNextPage: boolean
  endCursor: string | null
}

export type DeliveryCounts = Record<DeliveryStatus, number>
