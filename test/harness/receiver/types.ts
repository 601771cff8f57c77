/**
 * The receiver's control-API shapes. Plain types with no Node imports, so the workerd-side client
 * (test/helpers/receiver.ts) shares them with the Node server.
 */

/**
 * How an inbox answers one request:
 * - a number: that HTTP status (empty body);
 * - `'drop'`: the socket is destroyed without an answer (a connection error for the sender);
 * - `'hang'`: never answered (the sender's timeout fires; the socket is dropped when the receiver stops);
 * - `{ status, location, headers }`: a redirect (or any status with a `location` header, other headers such
 *   as `retry-after`, and an optional body).
 */
export type ReceiverAnswer =
  | number
  | 'drop'
  | 'hang'
  | { status: number; location?: string; headers?: Record<string, string>; body?: string }

/** `POST /control/<inbox>`: what the inbox does next. */
export type InboxPlan = {
  /** Answers for the next requests, in order; once used up, `fallback` answers. */
  responses?: ReceiverAnswer[]
  /** The answer after `responses` is used up (default 200). */
  fallback?: ReceiverAnswer
  /**
   * Standard Webhooks secrets (`whsec_…`). When set, each request is verified with `Webhook.verify`
   * against each secret in turn and the record says which ones matched.
   */
  secrets?: string[]
  /** Forget every recorded request first (default false). */
  reset?: boolean
}

/** One request an inbox received. */
export type ReceivedRequest = {
  method: string
  /** Path and query as received. */
  path: string
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>
  /** The raw body, decoded as UTF-8. */
  body: string
  receivedAtMs: number
  /** How it was answered: the status code, `'drop'` or `'hang'`. */
  answer: number | 'drop' | 'hang'
  /** null when no secret is registered; true when at least one registered secret verified it. */
  verified: boolean | null
  /** Indices (in `secrets`) of the secrets whose verification passed. */
  verifiedWith: number[]
  /** The first verification error message, when none passed. */
  verifyError: string | null
}

/** `GET /control/<inbox>`. */
export type InboxState = {
  requests: ReceivedRequest[]
  /** Answers still queued in `responses`. */
  pending: number
}
