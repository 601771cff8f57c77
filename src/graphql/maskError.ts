import { GraphQLError, type GraphQLErrorOptions } from 'graphql'
import type { MaskError } from 'graphql-yoga'
import { RateLimitedError } from '../errors/auth'
import { SolventError } from '../errors/base'

/**
 * Our coded errors pass through with their short message and code; GraphQL errors raised by
 * graphql-js or our scalars (parse, validation, coercion) pass through as they are; anything else
 * is masked as `INTERNAL`, with the original message only in development. The request id and the log
 * line of a masked error are added per request by `useRequestId` (plugins/use-request-id.ts).
 */
export const maskError: MaskError = (error, message, isDev) => {
  const original = isGraphQLError(error) && error.originalError ? error.originalError : error
  if (original instanceof SolventError && original.code !== 'INTERNAL') {
    // Returning the same error object tells yoga it is expected: the caller's mistakes stay out of the error log.
    if (isGraphQLError(error)) {
      error.message = original.shortMessage
      Object.assign(error.extensions as Record<string, unknown>, { code: original.code, ...publicDetails(original) })
      return error
    }
    return new GraphQLError(original.shortMessage, { extensions: { code: original.code, ...publicDetails(original) } })
  }
  if (isGraphQLErrorAllTheWayDown(error)) return error as GraphQLError
  const details =
    isDev && original instanceof Error ? { originalError: { name: original.name, message: original.message } } : {}
  // The original rides along for the log line (use-request-id.ts); graphql-js never serializes `originalError`.
  return new GraphQLError(message, {
    ...location(error),
    originalError: original instanceof Error ? original : null,
    extensions: { code: 'INTERNAL', ...details },
  })
}

/**
 * A GraphQLError from any copy of graphql-js. The bundle holds two (graphql-armor is CommonJS and loads
 * graphql's .js build; yoga loads the .mjs one), so a syntax error raised by armor's parser is no
 * `instanceof` the class imported here; graphql-js names every one of them `GraphQLError`.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || (error instanceof Error && error.name === 'GraphQLError')
}

/** What a client may act on besides the code: RATE_LIMITED carries `retryAfterSeconds` when the wait is known. */
function publicDetails(error: SolventError): Record<string, unknown> {
  return error instanceof RateLimitedError && error.retryAfterSeconds !== null
    ? { retryAfterSeconds: error.retryAfterSeconds }
    : {}
}

/** A GraphQLError whose causes are GraphQLErrors too: raised on purpose by the GraphQL layer, safe to show. */
function isGraphQLErrorAllTheWayDown(error: unknown): boolean {
  if (!isGraphQLError(error)) return false
  return error.originalError == null || isGraphQLErrorAllTheWayDown(error.originalError)
}

function location(error: unknown): Pick<GraphQLErrorOptions, 'nodes' | 'path'> {
  if (!isGraphQLError(error)) return {}
  return { nodes: error.nodes ?? null, path: error.path ?? null }
}
