import { InvalidInputError } from '../../errors/input'

/** Where a page of deliveries ends: newest first, so (createdAtMs, eventId) descending. */
export type DeliveryCursor = { createdAtMs: number; eventId: string }

/** The opaque `endCursor` of a deliveries page. */
export function encodeDeliveryCursor(cursor: DeliveryCursor): string {
  return btoa(JSON.stringify([cursor.createdAtMs, cursor.eventId]))
}

/**
 * Reads an `after` cursor, or throws BAD_USER_INPUT. Call it before the Durable Object RPC as well:
 * errors crossing RPC lose their class (and so their code).
 */
export function decodeDeliveryCursor(raw: string): DeliveryCursor {
  try {
    const value: unknown = JSON.parse(atob(raw))
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAtMs: value[0] as number, eventId: value[1] }
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('The `after` cursor is not one this API returned.')
}
