import type { GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { ServerContext } from '../context'
import { logInternalError } from '../requestId'

/**
 * Every `INTERNAL` error in a result carries the request's id in `extensions.requestId` (the same id
 * as the `x-request-id` header) and is logged once, as one JSON line with that id and the original
 * error (maskError.ts keeps it as `originalError`). yoga's own error log, which has no id, is off
 * (yoga.ts). The caller's errors (BAD_USER_INPUT, NOT_FOUND, ...) are not logged, so they get no
 * `requestId` extension: the header is on their response anyway.
 */
export function useRequestId(): Plugin<object, ServerContext> {
  return {
    onResultProcess({ result, serverContext }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        if (!single || typeof single !== 'object' || !('errors' in single) || !single.errors?.length) continue
        for (const error of single.errors as GraphQLError[]) {
          const extensions = error.extensions as Record<string, unknown>
          if (extensions.code !== 'INTERNAL' || extensions.requestId !== undefined) continue
          extensions.requestId = serverContext.requestId
          logInternalError(serverContext.requestId, error.originalError ?? error)
        }
      }
    },
  }
}
