import type { GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'

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
 * caller's: `BAD_USER_INPUT`. When no data could be produced and every error is the caller's, the
 * HTTP status is 400 whatever the Accept header (GraphQL over HTTP allows 200 for
 * `application/json`; a plain 400 is clearer for curl and fetch users).
 */
export function useErrorCodes(): Plugin {
  return {
    onResultProcess({ result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        if (!single || typeof single !== 'object' || !('errors' in single) || !single.errors?.length) continue
        const errors = single.errors as GraphQLError[]
        let allCallers = true
        for (const error of errors) {
          const extensions = error.extensions as Record<string, unknown>
          if (CALLER_CODES.has(extensions.code as string | undefined)) extensions.code = 'BAD_USER_INPUT'
          else allCallers = false
        }
        if (!allCallers || ('data' in single && single.data != null)) continue
        for (const error of errors) {
          const extensions = error.extensions as Record<string, unknown>
          const http = (extensions.http ?? {}) as { status?: number; headers?: Record<string, string> }
          extensions.http = { ...http, status: http.status && http.status >= 400 ? http.status : 400, spec: false }
        }
      }
    },
  }
}
