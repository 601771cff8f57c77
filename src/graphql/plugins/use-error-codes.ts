import type { GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { type HttpExtension, httpOfRefusal } from '../refusal'

/** Codes graphql-js, envelop and yoga give the caller's mistakes; clients see one: `BAD_USER_INPUT`. */
const CALLER_CODES = new Set([
  undefined,
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
])

/**
 * Every error a client sees carries one of Solvent's codes (../../errors/base.ts). Errors from the
 * GraphQL layer itself (syntax, validation, variable coercion, a malformed request) are the
 * caller's: `BAD_USER_INPUT`.
 *
 * HTTP status, as the GraphQL-over-HTTP spec sets it (graphql-http's audit checks it, and Apollo
 * Client and urql rely on it): when nothing was produced and every error has one code, the response
 * gets that code's status (../refusal.ts): 400 for the caller's mistakes and 401 for UNAUTHENTICATED,
 * to `application/graphql-response+json` clients only (an `application/json` client gets 200, as the
 * spec asks), and 429 with `Retry-After` for RATE_LIMITED. "Nothing produced" is no `data` (a request
 * error), or `data: null` for UNAUTHENTICATED and RATE_LIMITED (the client may not issue it now).
 *
 * @see https://github.com/graphql/graphql-over-http/blob/main/spec/GraphQLOverHTTP.md#status-codes
 */
export function useErrorCodes(): Plugin {
  return {
    onResultProcess({ result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        if (!single || typeof single !== 'object' || !('errors' in single) || !single.errors?.length) continue
        const errors = single.errors as GraphQLError[]
        for (const error of errors) {
          const extensions = error.extensions as Record<string, unknown>
          const http = extensions.http as HttpExtension | undefined
          // yoga's BAD_REQUEST: the body is not a GraphQL-over-HTTP request at all (no query, a params
          // array): 400 for every media type, as the spec's "Invalid parameters" asks, not only for
          // graphql-response+json, where yoga leaves "Must provide query string".
          if (extensions.code === 'BAD_REQUEST' && http?.spec) extensions.http = { ...http, spec: false }
          if (CALLER_CODES.has(extensions.code as string | undefined)) extensions.code = 'BAD_USER_INPUT'
        }
        const data = 'data' in single ? single.data : undefined
        if (data != null) continue
        const codeOf = (error: GraphQLError) => (error.extensions as Record<string, unknown>).code as string
        const code = codeOf(errors[0] as GraphQLError)
        if (!errors.every((error) => codeOf(error) === code)) continue
        if (data === null && code !== 'UNAUTHENTICATED' && code !== 'RATE_LIMITED') continue
        const waits = errors.map((error) => (error.extensions as Record<string, unknown>).retryAfterSeconds)
        const http = httpOfRefusal(
          code,
          waits.every((wait) => typeof wait === 'number') ? Math.max(...(waits as number[])) : null,
        )
        if (!http) continue
        for (const error of errors) {
          const extensions = error.extensions as Record<string, unknown>
          const own = extensions.http as HttpExtension | undefined
          // yoga's own statuses stay (400 for a body that is not a GraphQL-over-HTTP request, 405, 415, ...).
          if (own?.status) continue
          extensions.http = { ...own, ...http, headers: { ...own?.headers, ...http.headers } }
        }
      }
    },
  }
}
