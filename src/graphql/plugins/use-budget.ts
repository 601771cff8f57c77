import type { Plugin } from 'graphql-yoga'
import { clientIp } from '../../auth/clientIp'
import { getBudgets } from '../../auth/limits'
import { requireKey } from '../../auth/requireKey'
import { type PreparedRateLimitSpend, prepareRateLimitSpend } from '../../db/queries/rateLimits'
import { RateLimitedError } from '../../errors/auth'
import { SolventError } from '../../errors/base'
import type { ReadGate } from '../../sources/readGate'
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
 * The spend is one upsert that rides in the same D1 batch as the request's cache read (a `ReadGate`:
 * one round trip to D1 for a warm read, not two); no source is read upstream before it is known,
 * and a refused budget answers the refusal alone, whatever the cache served.
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
        const spend = prepareRateLimitSpend(context.db, {
          bucket: key ? `budget:${key.id}` : `budget:ip:${clientIp(context.request)}`,
          cost: Math.max(1, Math.ceil(cost.units)),
          limit: key ? budgets.keyUnitsPerMinute : budgets.anonymousUnitsPerMinute,
          windowMs: BUDGET_WINDOW_MS,
          nowMs: context.nowMs,
        })
        const gate = createBudgetGate(spend, context.nowMs, (retryAfterSeconds) =>
          key
            ? `This API key has used its budget for now; retry in ${retryAfterSeconds} s.`
            : `This client has used its budget for now; retry in ${retryAfterSeconds} s, or sign in for a larger one.`,
        )
        // The spend rides in the source loader's first D1 batch (the cache read); nothing goes upstream
        // before it is known. Whatever ran, a refused budget answers the refusal alone.
        context.readGate.current = gate
        return {
          async onExecuteDone({ setResult }) {
            try {
              await gate.open()
            } catch (error) {
              if (!(error instanceof RateLimitedError)) throw error
              setResult({ errors: [refusal(error)] })
            }
          },
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

/**
 * The budget's gate for one operation (see ../../sources/readGate.ts): its spend statement is taken by
 * the first cache read's batch, or run by itself at `open()` when no batch took it.
 */
function createBudgetGate(
  spend: PreparedRateLimitSpend,
  nowMs: number,
  message: (retryAfterSeconds: number) => string,
): ReadGate {
  type Outcome = { allowed: boolean; resetAtMs: number }
  let taken = false
  let settle: (outcome: Promise<Outcome>) => void = () => {}
  const outcome = new Promise<Outcome>((resolve) => {
    settle = resolve
  })
  // A failure nobody awaits yet must not be an unhandled rejection.
  outcome.catch(() => undefined)
  return {
    takeStatement() {
      if (taken) return undefined
      taken = true
      if (!spend.statement) settle(Promise.resolve(spend.decide(undefined)))
      return spend.statement
    },
    settle(result) {
      settle(Promise.resolve(spend.decide(result as D1Result<{ count: number }>)))
    },
    fail(error) {
      settle(Promise.reject(error))
    },
    async open() {
      if (!taken) {
        taken = true
        settle(
          spend.statement
            ? spend.statement.run<{ count: number }>().then(spend.decide)
            : Promise.resolve(spend.decide(undefined)),
        )
      }
      const { allowed, resetAtMs } = await outcome
      if (!allowed) {
        const retryAfterSeconds = Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000))
        throw new RateLimitedError(message(retryAfterSeconds), { retryAfterSeconds })
      }
    },
  }
}
