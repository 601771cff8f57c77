import { SolventError } from './base'

/** No API key, or an unknown or revoked one; also every refused sign-in. Maps to `UNAUTHENTICATED`. */
export class UnauthenticatedError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown; metaMessages?: string[] } = {}) {
    super(shortMessage, { ...options, code: 'UNAUTHENTICATED', name: 'UnauthenticatedError' })
  }
}

/** A per-key rate limit or quota is exhausted. Maps to `RATE_LIMITED`. */
export class RateLimitedError extends SolventError {
  /** Seconds until the limit resets (null for quotas that only free up when something is deleted). */
  readonly retryAfterSeconds: number | null
  constructor(shortMessage: string, { retryAfterSeconds = null }: { retryAfterSeconds?: number | null } = {}) {
    super(shortMessage, { code: 'RATE_LIMITED', name: 'RateLimitedError' })
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/**
 * Nothing with this id that the caller may see. Another key's object answers the same way, so ids
 * never leak whether they exist. Maps to `NOT_FOUND`.
 */
export class NotFoundError extends SolventError {
  constructor(shortMessage: string) {
    super(shortMessage, { code: 'NOT_FOUND', name: 'NotFoundError' })
  }
}
