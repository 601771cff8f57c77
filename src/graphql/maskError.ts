import { GraphQLError, type GraphQLErrorOptions } from 'graphql'
import type { MaskError } from 'graphql-yoga'
import { RateLimitedError } from '../errors/auth'
import { SolventError } from '../errors/base'

/**
 * Our coded errors pass through with their short message and code; GraphQL errors raised by
 * graphql-js or our scalars (parse, validation, coercion) pass through as they are; anything else
 * is masked as `INTERNAL`, with the original message only in development.
 */
export const maskError: MaskError = (error, message, isDev) => {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error
  if (original instanceof SolventError && original.code !== 'INTERNAL') {
    // Returning the same error object tells yoga it is expected: the caller's mistakes stay out of the error log.
    if (error instanceof GraphQLError) {
      error.message = original.shortMessage
      Object.assign(error.extensions as Record<string, unknown>, { code: original.code, ...publicDetails(original) })
      return error
    }
    return new GraphQLError(original.shortMessage, { extensions: { code: original.code, ...publicDetails(original) } })
  }
  if (isGraphQLErrorAllTheWayDown(error)) return error as GraphQLError
  const details =
    isDev && original instanceof Error ? { originalError: { name: original.name, message: original.message } } : {}
  return new GraphQLError(message, { ...location(error), extensions: { code: 'INTERNAL', ...details } })
}

/** What a client may act on besides the code: RATE_LIMITED carries `retryAfterSeconds` when the wait is known. */
function publicDetails(error: SolventError): Record<string, unknown> {
  return error instanceof RateLimitedError && error.retryAfterSeconds !== null
    ? { retryAfterSeconds: error.retryAfterSeconds }
    : {}
}

/** A GraphQLError whose causes are GraphQLErrors too: raised on purpose by the GraphQL layer, safe to show. */
function isGraphQLErrorAllTheWayDown(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false
  return error.originalError == null || isGraphQLErrorAllTheWayDown(error.originalError)
}

function location(error: unknown): Pick<GraphQLErrorOptions, 'nodes' | 'path'> {
  if (!(error instanceof GraphQLError)) return {}
  return { nodes: error.nodes ?? null, path: error.path ?? null }
}
