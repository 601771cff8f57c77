import {
  type FieldNode,
  type GraphQLSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
} from 'graphql'
import { parseAccount } from '../protocols/address'
import type { AccountRef } from '../protocols/types'

/** The subscription fields and how each names its addresses. */
const STREAM_FIELDS: Record<string, (args: Record<string, unknown>) => unknown[]> = {
  accountRisk: (args) => [args.address],
  portfolioRisk: (args) => (Array.isArray(args.addresses) ? args.addresses : []),
}

/** The most addresses one stream watches (as `portfolio`). */
const MAX_ADDRESSES = 20

type GraphQLParams = { query?: unknown; variables?: unknown; operationName?: unknown }

/**
 * The addresses a GraphQL subscription request streams, when it is one this Worker forwards to a
 * live-push object: a GraphQL-over-SSE request (POST JSON or GET query string) whose operation is a
 * subscription of `accountRisk` or `portfolioRisk`, with addresses that parse. Anything else (a query, a
 * malformed document, bad variables, an invalid address) is null: the Worker's own yoga answers it with
 * the usual errors, and a subscription it cannot route is refused there.
 */
export async function subscriptionTarget(request: Request, schema: GraphQLSchema): Promise<AccountRef[] | null> {
  const params = await readParams(request)
  if (!params || typeof params.query !== 'string' || !params.query.includes('subscription')) return null
  try {
    const document = parse(params.query)
    const operationName = typeof params.operationName === 'string' ? params.operationName : undefined
    const operation = getOperationAST(document, operationName)
    if (operation?.operation !== 'subscription') return null
    const subscription = schema.getSubscriptionType()
    if (!subscription) return null
    const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD)
    const node = fields[0]
    if (fields.length !== 1 || node === undefined) return null
    const pick = STREAM_FIELDS[node.name.value]
    const field = subscription.getFields()[node.name.value]
    if (!pick || !field) return null
    const variables = typeof params.variables === 'object' && params.variables !== null ? params.variables : {}
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables as Record<string, unknown>)
    if (coerced.errors) return null
    const addresses = pick(getArgumentValues(field, node, coerced.coerced))
    if (addresses.length === 0 || addresses.length > MAX_ADDRESSES) return null
    const refs = addresses.map((address) => parseAccount(String(address)))
    return [...new Map(refs.map((ref) => [`${ref.kind}:${ref.address}`, ref])).values()]
  } catch {
    return null
  }
}

async function readParams(request: Request): Promise<GraphQLParams | null> {
  if (request.method === 'GET') {
    const url = new URL(request.url)
    const variables = url.searchParams.get('variables')
    try {
      return {
        query: url.searchParams.get('query') ?? undefined,
        variables: variables ? JSON.parse(variables) : undefined,
        operationName: url.searchParams.get('operationName') ?? undefined,
      }
    } catch {
      return null
    }
  }
  if (request.method !== 'POST' || !request.headers.get('content-type')?.includes('json')) return null
  try {
    return (await request.clone().json()) as GraphQLParams
  } catch {
    return null
  }
}

/** Only requests that ask for an event stream can be subscriptions served over SSE. */
export const acceptsEventStream = (request: Request): boolean =>
  request.headers.get('accept')?.includes('text/event-stream') === true
