import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit'
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  validate,
} from 'graphql'
import { decodeDeliveryCursor } from '../../alerts/delivery/cursor'
import { BUDGETS } from '../../auth/limits'
import { getChainConfig } from '../../chains/getChainConfig'
import { InvalidInputError } from '../../errors/input'
import { BoundedLru } from '../../lib/isolateCache'
import { checkPortfolioFilters, sourcesOfAccounts } from '../../portfolio/loadEntries'
import { parseAccount } from '../../protocols/address'
import type { AccountRef, AdapterMap, SourceRef } from '../../protocols/types'
import { checkLimit, LIMITS as INPUT_LIMITS } from '../resolvers/portfolioInputs'

export type ComputeOperationCostParameters = {
  schema: GraphQLSchema
  document: DocumentNode
  operationName?: string | null | undefined
  /** The variables as the client sent them (coerced here with the operation's definitions). */
  variables?: Record<string, unknown> | null | undefined
  adapters: AdapterMap
  env: Env
}

export type OperationCost = {
  /** graphql-armor's cost of the document (the cost limit's own algorithm and weights). */
  armorCost: number
  /** Distinct sources the data fields may read, by whether the cache may serve them. */
  sources: { fresh: number; cacheable: number }
  /**
   * Upstream calls the operation may make if nothing is cached and nothing fails (retries after a
   * failure are not in it; the source loader's backstop counts those too).
   */
  upstreamCalls: number
  /** What the caller's per-minute budget is charged: `armorCost` + the sources at their unit prices. */
  units: number
}

/**
 * The most upstream calls one request may make on this deployment: `BUDGETS.upstreamCallsPerRequest`
 * plus one cold read of every chain it reads (`BUDGETS.callsPerChainRead` each).
 */
export function upstreamCallBound(env: Env): number {
  let chains = 0
  try {
    chains = getChainConfig(env).size
  } catch {
    // A broken RPC_URLS reads no chain (every EVM source fails on it anyway).
  }
  return BUDGETS.upstreamCallsPerRequest + BUDGETS.callsPerChainRead * chains
}

/** Root fields that read venues: each runs one batch of the request's source loader. */
const DATA_FIELDS = new Set([
  'account',
  'portfolio',
  'simulate',
  'stress',
  'cascade',
  'priceSweep',
  'accountRisk',
  'portfolioRisk',
])

/** Connections (`Type.field`) and the largest page each serves; every page asks for at least 1. */
export const PAGE_SIZES: Record<string, number> = {
  'Account.marginAccounts': INPUT_LIMITS.pageSize,
  'Portfolio.marginAccounts': INPUT_LIMITS.pageSize,
  'Me.alertSubscriptions': INPUT_LIMITS.pageSize,
  'WebhookEndpoint.deliveries': 100,
}

/**
 * Prices an operation before it runs and checks its connection arguments, all without I/O: what
 * the budget plugin (../plugins/use-budget.ts) charges and refuses. Variables that do not coerce, and
 * an operation that cannot be determined, cost nothing here: execution refuses them before any resolver.
 *
 * Cost: graphql-armor's cost, plus every distinct source (venue × chain × market × address) a data
 * field may read, as the portfolio layer selects them (`sourcesOfAccounts`); a source named by
 * several fields is read once per request (the source loader's in-flight map) and counted once.
 *
 * @throws {InvalidInputError} for a `first` outside 1..the page size, an `after` this API could not have
 * issued, or a data field's addresses and filters its resolver would refuse (checked as it checks them).
 * @example
 * const cost = computeOperationCost({ schema, document, variables, adapters, env })
 * if (cost.upstreamCalls > upstreamCallBound(env)) refuse()
 */
export function computeOperationCost(parameters: ComputeOperationCostParameters): OperationCost {
  const { document, operationName, variables, adapters, env } = parameters
  const byEnv = costs.get(adapters) ?? new WeakMap<Env, WeakMap<DocumentNode, BoundedLru<string, OperationCost>>>()
  costs.set(adapters, byEnv)
  const byDocument = byEnv.get(env) ?? new WeakMap<DocumentNode, BoundedLru<string, OperationCost>>()
  byEnv.set(env, byDocument)
  const byArguments =
    byDocument.get(document) ?? new BoundedLru<string, OperationCost>(COSTS_PER_DOCUMENT, COSTS_PER_DOCUMENT)
  byDocument.set(document, byArguments)
  const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? null)}`
  let cost = byArguments.get(key)
  if (cost === undefined) {
    // A refusal (InvalidInputError) is thrown again each time: only what was priced is kept.
    cost = Object.freeze(priceOperation(parameters))
    byArguments.set(key, cost)
  }
  return cost
}

/**
 * Prices already computed, per isolate: a price is a pure function of the schema, the document, the
 * operation name, the variables as sent and the deployment's adapters and env, and clients send the
 * same few documents again and again. Keyed by identity (WeakMaps: entries go with yoga's parser
 * cache, which hands back the same DocumentNode for the same text), then by name and variables, at
 * most COSTS_PER_DOCUMENT per document.
 */
const costs = new WeakMap<AdapterMap, WeakMap<Env, WeakMap<DocumentNode, BoundedLru<string, OperationCost>>>>()
const COSTS_PER_DOCUMENT = 64

function priceOperation({
  schema,
  document,
  operationName,
  variables,
  adapters,
  env,
}: ComputeOperationCostParameters): OperationCost {
  const nothing: OperationCost = { armorCost: 0, sources: { fresh: 0, cacheable: 0 }, upstreamCalls: 0, units: 0 }
  const operation = getOperationAST(document, operationName ?? undefined)
  if (!operation) return nothing
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {})
  if (coerced.errors) return nothing

  const armorCost = computeArmorCost(schema, document)
  const seen = new Set<string>()
  let fresh = 0
  let cacheable = 0
  let upstreamCalls = 0
  const adapterList = Object.values(adapters)

  walk(schema, document, operation, coerced.coerced, (parentName, field, args) => {
    const connection = `${parentName}.${field.name}`
    const pageSize = PAGE_SIZES[connection]
    if (pageSize !== undefined) checkPage(connection, args, pageSize)
    if (parentName !== rootName(schema, operation) || !DATA_FIELDS.has(field.name)) return

    const accounts = accountsOf(args)
    const protocols = (args.protocols as string[] | null | undefined) ?? undefined
    const chains = (args.chains as number[] | null | undefined) ?? undefined
    checkPortfolioFilters(adapterList, env, { maxAgeSeconds: args.maxAgeSeconds as number, protocols, chains })
    const refs = sourcesOfAccounts(accounts, adapterList, env, { protocols, chains }).filter((ref) => {
      const key = keyOf(ref)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    if (args.maxAgeSeconds === 0) fresh += refs.length
    else cacheable += refs.length
    upstreamCalls += estimateCalls(refs)
  })

  return {
    armorCost,
    sources: { fresh, cacheable },
    upstreamCalls,
    units: armorCost + fresh * BUDGETS.freshSourceUnits + cacheable * BUDGETS.cacheableSourceUnits,
  }
}

/**
 * graphql-armor's cost for the document, computed by armor's own rule with no limit applied. It
 * depends on the schema and the document only (not on variables), and yoga's parser cache hands the
 * same DocumentNode back for the same query text, so it is computed once per document per isolate
 * (a WeakMap: entries go with the parser cache's).
 */
function computeArmorCost(schema: GraphQLSchema, document: DocumentNode): number {
  const bySchema = armorCosts.get(schema) ?? new WeakMap<DocumentNode, number>()
  armorCosts.set(schema, bySchema)
  let cost = bySchema.get(document)
  if (cost === undefined) {
    cost = measureArmorCost(schema, document)
    bySchema.set(document, cost)
  }
  return cost
}
const armorCosts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, number>>()

function measureArmorCost(schema: GraphQLSchema, document: DocumentNode): number {
  let cost = 0
  validate(schema, document, [
    costLimitRule({
      maxCost: Number.POSITIVE_INFINITY,
      propagateOnRejection: false,
      onAccept: [(_context, { n }) => (cost = Math.max(cost, n))],
    }),
  ])
  return cost
}

/**
 * Upstream calls one batch of new sources makes at most without failures: a venue read on chain makes
 * `BUDGETS.callsPerChainRead` per chain (multicalls batch every account of the chain); a venue API one
 * shared market call plus one per account (Hyperliquid `metaAndAssetCtxs` + `clearinghouseState`, dYdX
 * the same shape).
 */
function estimateCalls(refs: readonly SourceRef[]): number {
  const byVenue = new Map<string, SourceRef[]>()
  for (const ref of refs) byVenue.set(ref.venue, [...(byVenue.get(ref.venue) ?? []), ref])
  let calls = 0
  for (const venueRefs of byVenue.values()) {
    const chains = new Set(venueRefs.flatMap((ref) => (ref.chainId === undefined ? [] : [ref.chainId])))
    if (chains.size > 0) calls += chains.size * BUDGETS.callsPerChainRead
    else calls += 1 + new Set(venueRefs.map((ref) => `${ref.account.kind}:${ref.account.address}`)).size
  }
  return calls
}

/**
 * The accounts a data field names, checked as its resolver checks them (so a bad one is refused
 * before execution, as the whole request's error).
 *
 * @throws {InvalidInputError} for too many addresses or one that is not an EVM or dYdX address.
 */
function accountsOf(args: Record<string, unknown>): AccountRef[] {
  const raw = typeof args.address === 'string' ? [args.address] : ((args.addresses as string[] | undefined) ?? [])
  checkLimit('addresses', raw.length, INPUT_LIMITS.addresses)
  return [...new Map(raw.map(parseAccount).map((ref) => [`${ref.kind}:${ref.address}`, ref])).values()]
}

const keyOf = (ref: SourceRef) =>
  `${ref.venue}:${ref.chainId ?? ''}:${ref.market ?? ''}:${ref.account.kind}:${ref.account.address.toLowerCase()}`

function checkPage(connection: string, args: Record<string, unknown>, pageSize: number): void {
  const first = args.first
  if (
    first !== undefined &&
    first !== null &&
    (!Number.isInteger(first) || (first as number) < 1 || (first as number) > pageSize)
  ) {
    throw new InvalidInputError(`"first" must be an integer from 1 to ${pageSize}.`)
  }
  const after = args.after
  if (typeof after !== 'string') return
  if (connection === 'WebhookEndpoint.deliveries') {
    decodeDeliveryCursor(after)
    return
  }
  try {
    atob(after)
  } catch {
    throw new InvalidInputError('Malformed cursor.')
  }
}

function rootName(schema: GraphQLSchema, operation: OperationDefinitionNode): string | undefined {
  return schema.getRootType(operation.operation)?.name
}

type Visit = (parentName: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>) => void

/** Every field the operation would execute (fragments followed, @skip / @include applied), with its coerced arguments. */
function walk(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  visit: Visit,
): void {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  )
  const root = schema.getRootType(operation.operation)
  if (!root) return
  const included = (node: FieldNode | SelectionSetNode['selections'][number]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false

  const visitSet = (parent: GraphQLCompositeType, selectionSet: SelectionSetNode, spread: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent
        if (type && isCompositeType(type)) visitSet(type, selection.selectionSet, spread)
        continue
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)
        if (!fragment || spread.has(fragment.name.value)) continue
        const type = schema.getType(fragment.typeCondition.name.value)
        if (type && isCompositeType(type))
          visitSet(type, fragment.selectionSet, new Set([...spread, fragment.name.value]))
        continue
      }
      if (!('getFields' in parent)) continue // a union: only its fragments select fields
      const field = parent.getFields()[selection.name.value]
      if (!field) continue // __typename and friends
      visit(parent.name, field, getArgumentValues(field, selection, variables))
      const type = getNamedType(field.type)
      if (selection.selectionSet && isCompositeType(type)) visitSet(type, selection.selectionSet, spread)
    }
  }
  visitSet(root, operation.selectionSet, new Set())
}
