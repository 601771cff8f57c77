import type { Plugin } from 'graphql-yoga'
import { clientIp } from '../../auth/clientIp'
import { getBudgets } from '../../auth/limits'
import { requireKey } from '../../auth/requireKey'
import { spendRateLimit } from '../../db/queries/rateLimits'
import { RateLimitedError } from '../../errors/auth'
import { SolventError } from '../../errors/base'
import { computeOperationCost, upstreamCallBound } from '../budget/computeOperationCost'
import type { GraphQLContext } from '../context'
import { refusal } from '../refusal'

export const BUDGET_WINDOW_MS = 60_000

/**
 * Prices every operation before it runs (computeOperationCost.ts) and refuses, with no upstream call:
 *
 * - a connection argument out of range (`first: 0`, `-1`, `101`, a forged `after`), or a data field's
 *   addresses or filters its resolver would refuse: BAD_USER_INPUT;
 * - an `Authorization` header that is not a valid, unrevoked key, or a key over its requests per
 *   minute: UNAUTHENTICATED (HTTP 401 for `application/graphql-response+json`) or RATE_LIMITED (429);
 * - an operation that may make more upstream calls than its bound (`upstreamCallBound`):
 *   BAD_USER_INPUT (whatever the budget, it is never served in one request);
 * - an operation whose units do not fit in what is left of the caller's budget this minute (per key
 *   with a key, per client IP without): RATE_LIMITED, HTTP 429 with `Retry-After`.
 *
 * The budget lives in D1 (`rate_limit_windows`), not in a Rate Limiting binding: a binding counts one
 * per call and cannot weigh a request by its cost, and its counts are per Cloudflare location, where a
 * budget of upstream work must hold across them. Operations that read no source spend nothing (no
 * budget write for `health`); the anonymous request rate is the binding's (use-request-rate.ts).
 */
export function useBudget(): Plugin<GraphQLContext> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as GraphQLContext
      try {
        const cost = computeOperationCost({
          schema: args.schema,
          document: args.document,
          operationName: args.operationName,
          variables: args.variableValues as Record<string, unknown> | null | undefined,
          adapters: context.adapters,
          env: context.env,
        })
        const keyed = context.request.headers.has('authorization')
        const key = keyed ? (await requireKey(context)).key : null
        if (cost.upstreamCalls > upstreamCallBound(context.env)) {
          throw new SolventError('This operation would read more upstream data than one request may: split it.', {
            code: 'BAD_USER_INPUT',
          })
        }
        if (cost.upstreamCalls === 0) return
        const budgets = getBudgets(context.env)
        const { allowed, resetAtMs } = await spendRateLimit(context.db, {
          bucket: key ? `budget:${key.id}` : `budget:ip:${clientIp(context.request)}`,
          cost: Math.max(1, Math.ceil(cost.units)),
          limit: key ? budgets.keyUnitsPerMinute : budgets.anonymousUnitsPerMinute,
          windowMs: BUDGET_WINDOW_MS,
          nowMs: context.nowMs,
        })
        if (!allowed) {
          const retryAfterSeconds = Math.max(1, Math.ceil((resetAtMs - context.nowMs) / 1000))
          throw new RateLimitedError(
            key
              ? `This API key has used its budget for now; retry in ${retryAfterSeconds} s.`
              : `This client has used its budget for now; retry in ${retryAfterSeconds} s, or sign in for a larger one.`,
            { retryAfterSeconds },
          )
        }
      } catch (error) {
        if (error instanceof SolventError && error.code !== 'INTERNAL') {
          if (error.code === 'UNAUTHENTICATED') await countFailedKey(context)
          setResultAndStopExecution({ errors: [refusal(error)] })
          return
        }
        throw error
      }
    },
  }
}

/** A request with a key that does not work counts against its IP's anonymous request rate: guessing keys is not free. */
async function countFailedKey(context: GraphQLContext): Promise<void> {
  await context.env.ANONYMOUS_REQUESTS?.limit({ key: clientIp(context.request) }).catch(() => undefined)
}
