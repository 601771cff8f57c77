import type { Plugin } from 'graphql-yoga'
import { clientIp } from '../../auth/clientIp'
import type { ServerContext } from '../context'

/** The binding's window (wrangler.toml `[[ratelimits]] ANONYMOUS_REQUESTS`, `period = 60`): the longest a refused client waits. */
export const ANONYMOUS_WINDOW_SECONDS = 60

/**
 * Requests without an API key are counted per client IP by Cloudflare's Rate Limiting binding
 * (`ANONYMOUS_REQUESTS`, a fixed 60 s window), before the request is parsed; past the limit the answer
 * is HTTP 429 with `Retry-After` and a RATE_LIMITED error. A plain request count fits the binding's
 * fixed windows and needs no D1 write per anonymous request; what a request may make Solvent fetch is
 * the cost budget's (use-budget.ts). Requests with a key are the key's business (requireKey: per-key
 * requests per minute, counted exactly in D1 and reported by `me { limits }`); a key that does not
 * work counts here after all (use-budget.ts). The binding does not say when its window ends, so
 * `Retry-After` is the whole window: a client waiting that long is sure to be let in.
 */
export function useRequestRate(): Plugin<object, ServerContext> {
  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      if (request.method === 'OPTIONS' || request.headers.has('authorization')) return
      const limiter = serverContext?.env.ANONYMOUS_REQUESTS
      if (!limiter) return
      const { success } = await limiter.limit({ key: clientIp(request) })
      if (success) return
      endResponse(
        fetchAPI.Response.json(
          {
            errors: [
              {
                message: `Too many requests from this client; retry in ${ANONYMOUS_WINDOW_SECONDS} s, or sign in for a larger budget.`,
                extensions: { code: 'RATE_LIMITED', retryAfterSeconds: ANONYMOUS_WINDOW_SECONDS },
              },
            ],
          },
          { status: 429, headers: { 'Retry-After': String(ANONYMOUS_WINDOW_SECONDS) } },
        ),
      )
    },
  }
}
