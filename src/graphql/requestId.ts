/** The response header that carries a request's id, on every response of the Worker. */
export const REQUEST_ID_HEADER = 'x-request-id'

/** What an id may look like: a ray id (`8f3a1c2b9d4e5f60-AMS`), a UUID, nothing that could break a log line. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/

/**
 * The id of one request. In production Cloudflare's edge sets `cf-ray` on every request it hands a
 * Worker, and the same ray id is in Cloudflare's own logs and on the error pages it serves, so a
 * request is matched across all of them with that one id. Elsewhere (`wrangler dev`, tests) there is
 * no ray id and a random UUID stands in. A `cf-ray` that is not a sane token (only possible off the
 * edge, where a client can send any header) is replaced the same way.
 *
 * A client's own `x-request-id` is not adopted: the id must point at exactly one log line, and a
 * client could send one already used by another request. Clients correlate with the id we answer.
 *
 * @see https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-ray
 */
export function getRequestId(request: Request): string {
  const ray = request.headers.get('cf-ray')
  return ray && SANE_ID.test(ray) ? ray : crypto.randomUUID()
}

/**
 * The response with the request id header set: in place when its headers are mutable (a Response the
 * Worker built, the common case), on a copy when they are not (a redirect, a Durable Object's answer).
 */
export function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId)
    return response
  } catch {
    const tagged = new Response(response.body, response)
    tagged.headers.set(REQUEST_ID_HEADER, requestId)
    return tagged
  }
}

/**
 * The one log line of an internal error: JSON, so Workers Logs indexes its fields and the line is found
 * by the `requestId` the client received in the header and in `extensions.requestId`.
 */
export function logInternalError(requestId: string, error: unknown): void {
  const fields =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack, cause: describeCause(error.cause) }
      : { message: String(error) }
  console.error(JSON.stringify({ level: 'error', requestId, code: 'INTERNAL', ...fields }))
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
}
