import { readConfig } from './config'
import { SANDBOX_TICK_PATH, sandboxTick } from './cron/sandboxTick'
import { scheduled } from './cron/scheduled'
import { SolventError } from './errors/base'
import { PayloadTooLargeError } from './errors/input'
import { limitBody } from './graphql/limitBody'
import { GRAPHQL_ENDPOINT, getYoga } from './graphql/yoga'

export { WebhookEndpoint } from './alerts/WebhookEndpoint'

export default {
  async fetch(request, env, executionCtx): Promise<Response> {
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
      return await getYoga(config).fetch(limited, { env, executionCtx, config })
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return errorResponse(413, error.code, error.shortMessage)
      if (error instanceof SolventError && error.code !== 'INTERNAL')
        return errorResponse(400, error.code, error.shortMessage)
      throw error
    }
  },

  async scheduled(controller, env, executionCtx): Promise<void> {
    executionCtx.waitUntil(scheduled(controller, env))
  },
} satisfies ExportedHandler<Env>

/** A GraphQL-shaped error body for requests that never reach the GraphQL server. */
function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status })
}
