/** The Durable Object that owns delivery for one webhook endpoint (named by the endpoint id). */
export function endpointStub(env: Env, endpointId: string) {
  return env.WEBHOOK_ENDPOINT.get(env.WEBHOOK_ENDPOINT.idFromName(endpointId))
}
