import type { Database } from '../db/client'
import { markHandedOff } from '../db/queries/alertEvents'
import type { AlertEventRow } from '../db/schema'
import { endpointStub } from './endpointStub'
import type { AlertEventType, WebhookEvent } from './types'

/**
 * Hands stored events to the Durable Objects of their endpoints (one RPC per endpoint), then marks
 * them handed off. Events must already be in D1: a failure here leaves them unmarked and the next
 * cron tick hands them on again; the object ignores ids it already has, so delivery stays at least once
 * under one id.
 */
export async function handOffEvents(
  env: Env,
  db: Database,
  events: readonly AlertEventRow[],
  nowMs: number,
): Promise<{ handedOff: number; failed: number }> {
  const byEndpoint = new Map<string, AlertEventRow[]>()
  for (const event of events) byEndpoint.set(event.endpointId, [...(byEndpoint.get(event.endpointId) ?? []), event])
  const done: string[] = []
  let failed = 0
  await Promise.all(
    [...byEndpoint].map(async ([endpointId, rows]) => {
      try {
        await endpointStub(env, endpointId).enqueueEvents(endpointId, rows.map(toWebhookEvent))
        done.push(...rows.map((row) => row.id))
      } catch (error) {
        failed += rows.length
        console.error(`Handing ${rows.length} event(s) to endpoint ${endpointId} failed; the next tick retries.`, error)
      }
    }),
  )
  await markHandedOff(db, done, nowMs)
  return { handedOff: done.length, failed }
}

export function toWebhookEvent(row: AlertEventRow): WebhookEvent {
  return { id: row.id, type: row.type as AlertEventType, body: row.payload, createdAtMs: row.createdAtMs }
}
