import { GraphQLError } from 'graphql'
import { RateLimitedError } from '../errors/auth'
import type { ErrorCode, SolventError } from '../errors/base'

/** What yoga reads from `extensions.http` to answer (and strips from the body). */
export type HttpExtension = { status: number; headers?: Record<string, string>; spec?: boolean }

/**
 * The HTTP status of a response refused as a whole (no `data`), by its code:
 *
 * - RATE_LIMITED with a known wait: 429 and `Retry-After`, whatever the media type. The request was not
 *   run at all; a retrying client (or a proxy) must see it at the HTTP layer.
 * - UNAUTHENTICATED: 401 with `WWW-Authenticate: Bearer` (RFC 6750) for `application/graphql-response+json`,
 *   which lets a server say "the client is not permitted to issue the GraphQL request"; 200 for
 *   `application/json`, where the spec asks for 200 (yoga applies `spec: true` statuses to the former only).
 * - the caller's other mistakes: 400 for `application/graphql-response+json`, 200 for `application/json`.
 *
 * @see https://github.com/graphql/graphql-over-http/blob/main/spec/GraphQLOverHTTP.md#status-codes
 */
export function httpOfRefusal(code: ErrorCode | string, retryAfterSeconds: number | null): HttpExtension | null {
  if (code === 'RATE_LIMITED') {
    return retryAfterSeconds === null ? null : { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } }
  }
  if (code === 'UNAUTHENTICATED') return { status: 401, spec: true, headers: { 'WWW-Authenticate': 'Bearer' } }
  if (code === 'BAD_USER_INPUT' || code === 'NOT_FOUND') return { status: 400, spec: true }
  return null
}

/** A request refused before execution, as the one error of its response (no `data`). */
export function refusal(error: SolventError): GraphQLError {
  const retryAfterSeconds = error instanceof RateLimitedError ? error.retryAfterSeconds : null
  const http = httpOfRefusal(error.code, retryAfterSeconds)
  return new GraphQLError(error.shortMessage, {
    extensions: {
      code: error.code,
      ...(retryAfterSeconds !== null ? { retryAfterSeconds } : {}),
      ...(http ? { http } : {}),
    },
  })
}
