import { readConfig } from './config'
import { queue } from './cron/queue'
import { SANDBOX_TICK_PATH, sandboxTick } from './cron/sandboxTick'
import { scheduled } from './cron/scheduled'
import { SolventError } from './errors/base'
import { PayloadTooLargeError } from './errors/input'
import { limitBody } from './graphql/limitBody'
import { getRequestId, logInternalError, REQUEST_ID_HEADER, withRequestId } from './graphql/requestId'
import { GRAPHQL_ENDPOINT, getYoga, schema } from './graphql/yoga'
import { riskHubStub } from './live/riskHubStub'
import { acceptsEventStream, subscriptionTarget } from './live/routeSubscription'

export { WebhookEndpoint } from './alerts/WebhookEndpoint'
export { RiskHub } from './live/RiskHub'

export default {
  async fetch(request, env, executionCtx): Promise<Response> {
    const requestId = getRequestId(request)
    return withRequestId(await handle(request, env, executionCtx, requestId), requestId)
  },

  async scheduled(controller, env, executionCtx): Promise<void> {
    executionCtx.waitUntil(scheduled(controller, env))
  },

  async queue(batch, env): Promise<void> {
    await queue(batch, env)
  },
} satisfies ExportedHandler<Env>

async function handle(request: Request, env: Env, executionCtx: ExecutionContext, requestId: string) {
  try {
    return await route(request, env, executionCtx, requestId)
  } catch (error) {
    // Past every handler: without this the runtime answers a bare 500 with no id and no log line to match.
    logInternalError(requestId, error)
    return errorResponse(500, 'INTERNAL', 'Internal error.', { requestId })
  }
}

async function route(request: Request, env: Env, executionCtx: ExecutionContext, requestId: string) {
  const url = new URL(request.url)
  const config = readConfig(env)
  if (url.pathname === SANDBOX_TICK_PATH && config.sandboxTick) return await sandboxTick(request, env)
  if (url.pathname !== GRAPHQL_ENDPOINT) {
    return url.pathname === '/'
      ? Response.redirect(new URL(GRAPHQL_ENDPOINT, url).toString(), 302)
      : errorResponse(404, 'NOT_FOUND', `Nothing at ${url.pathname}; the API is at ${GRAPHQL_ENDPOINT}.`)
  }
  try {
    const limited = await limitBody(request, config.maxBodyBytes)
    // A live-push stream is served by the object of its addresses, which the evaluation notifies.
    const target = acceptsEventStream(limited) ? await subscriptionTarget(limited, schema) : null
    if (target) {
      const forwarded = new Request(limited)
      forwarded.headers.set(REQUEST_ID_HEADER, requestId)
      return await riskHubStub(env, target).fetch(forwarded)
    }
    return await getYoga(config).fetch(limited, { env, executionCtx, config, requestId })
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return errorResponse(413, error.code, error.shortMessage)
    if (error instanceof SolventError && error.code !== 'INTERNAL')
      return errorResponse(400, error.code, error.shortMessage)
    throw error
  }
}

/** A GraphQL-shaped error body for requests that never reach the GraphQL server. */
function errorResponse(status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  return Response.json({ errors: [{ message, extensions: { code, ...extensions } }] }, { status })
}
