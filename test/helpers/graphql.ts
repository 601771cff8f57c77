import { exports } from 'cloudflare:workers'

export type GraphQLResponseBody<TData = Record<string, unknown>> = {
  data?: TData | null
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[]
}

export type PostOptions = { headers?: Record<string, string>; variables?: Record<string, unknown> }

/** POSTs a GraphQL operation to the Worker's own fetch handler (no network), as a client would. */
export async function post<TData = Record<string, unknown>>(
  query: string,
  { headers = {}, variables }: PostOptions = {},
): Promise<{ status: number; headers: Headers; body: GraphQLResponseBody<TData> }> {
  const response = await exports.default.fetch('http://solvent.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
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
