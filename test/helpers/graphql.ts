import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import worker from '../../src/index'

export type GraphQLResponseBody<TData = Record<string, unknown>> = {
  data?: TData | null
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[]
}

export type PostOptions = { headers?: Record<string, string>; variables?: Record<string, unknown> }

/**
 * What the helpers accept: the GraphQL-over-HTTP media type, whose status codes say what happened (400 for
 * a request that could not run, 401, 429). An `application/json` client gets 200 for every well-formed
 * request instead (test/integration/budgets.test.ts and httpSpec.test.ts cover that side).
 */
export const ACCEPT = 'application/graphql-response+json, application/json;q=0.9'

/** POSTs a GraphQL operation to the Worker's own fetch handler (no network), as a client would. */
export async function post<TData = Record<string, unknown>>(
  query: string,
  { headers = {}, variables }: PostOptions = {},
): Promise<{ status: number; headers: Headers; body: GraphQLResponseBody<TData> }> {
  const response = await exports.default.fetch('http://solvent.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponseBody<TData>,
  }
}

/** Sends a raw request to the Worker's fetch handler. */
export function request(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(`http://solvent.test${path}`, init)
}

/** The codes of a response's errors, in order. */
export function codes(body: GraphQLResponseBody<unknown>): (string | undefined)[] {
  return (body.errors ?? []).map((error) => error.extensions?.code)
}

/**
 * Calls the Worker's fetch handler with overridden vars (a production config, a dead venue URL)
 * and waits for its `waitUntil` work (D1 write-backs) before returning.
 */
export async function fetchWith(vars: Partial<Env>, init: RequestInit & { path?: string } = {}): Promise<Response> {
  const ctx = createExecutionContext()
  const response = await worker.fetch(
    new Request(`https://api.solvent.test${init.path ?? '/graphql'}`, init) as Request<
      unknown,
      IncomingRequestCfProperties
    >,
    { ...env, ...vars },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return response
}

/** `post` through `fetchWith`: a GraphQL operation with overridden vars, background work awaited. */
export async function postWith<TData = Record<string, unknown>>(
  vars: Partial<Env>,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: GraphQLResponseBody<TData> }> {
  const response = await fetchWith(vars, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  })
  return { status: response.status, body: (await response.json()) as GraphQLResponseBody<TData> }
}
