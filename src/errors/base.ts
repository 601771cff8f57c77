/** The codes a client can rely on (`extensions.code` in GraphQL errors). See ../shared/DESIGN.md. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL'

export type SolventErrorOptions = {
  code?: ErrorCode | undefined
  cause?: unknown
  metaMessages?: string[] | undefined
  name?: string | undefined
}

/**
 * The one base error of Solvent. `shortMessage` is safe to show a client; `metaMessages` and
 * `cause` are for logs and dev mode. Errors with a code other than `INTERNAL` pass through
 * GraphQL error masking; everything else is masked.
 */
export class SolventError extends Error {
  override name = 'SolventError'
  readonly code: ErrorCode
  readonly shortMessage: string
  readonly metaMessages: string[] | undefined

  constructor(shortMessage: string, options: SolventErrorOptions = {}) {
    super([shortMessage, ...(options.metaMessages ?? [])].join('\n'), { cause: options.cause })
    this.shortMessage = shortMessage
    this.code = options.code ?? 'INTERNAL'
    this.metaMessages = options.metaMessages
    if (options.name) this.name = options.name
  }
}
