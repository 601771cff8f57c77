import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor'
import { createLogger, createSchema, createYoga, type YogaServerInstance } from 'graphql-yoga'
import { type Config, configKey } from '../config'
import { createDatabase } from '../db/client'
import { createReferenceCache } from '../db/queries/referenceData'
import { adapters } from '../protocols/registry'
import { createSourceLoader } from '../sources/createSourceLoader'
import type { ReadGateSlot } from '../sources/readGate'
import { upstreamCallBound } from './budget/computeOperationCost'
import type { RequestContext, ServerContext } from './context'
import { renderLocalGraphiQL } from './graphiqlHtml'
import { maskError } from './maskError'
import { useBudget } from './plugins/use-budget'
import { useCsrfPrevention } from './plugins/use-csrf-prevention'
import { useErrorCodes } from './plugins/use-error-codes'
import { useIntrospection } from './plugins/use-introspection'
import { useRequestId } from './plugins/use-request-id'
import { useRequestRate } from './plugins/use-request-rate'
import { REQUEST_ID_HEADER } from './requestId'
import { resolvers } from './resolvers'
import { typeDefs } from './sdl'

export const GRAPHQL_ENDPOINT = '/graphql'

/**
 * Query limits (graphql-armor). Each is graphql-armor's default or tighter (directives: armor allows 50):
 * every query the README documents fits (the deepest, `portfolio { … positions { liquidationPrice {
 * priceUsd } } }`, is 6 deep and costs under 300). Exposed so tests and docs quote the same numbers;
 * error messages never do.
 */
export const LIMITS = {
  maxDepth: 6,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 1_000,
  maxCost: 5_000,
} as const

/** Built once per isolate: the schema is parsed and validated a single time. */
export const schema = createSchema<ServerContext & RequestContext>({ typeDefs: [...typeDefs], resolvers })

const instances = new Map<string, YogaServerInstance<ServerContext, RequestContext>>()

/**
 * The yoga server for a configuration, built on first use and then reused: env vars are fixed for
 * a deployment, so in practice one instance per isolate (tests use a few configurations).
 */
export function getYoga(config: Config): YogaServerInstance<ServerContext, RequestContext> {
  const key = configKey(config)
  let yoga = instances.get(key)
  if (!yoga) {
    yoga = createSolventYoga(config)
    instances.set(key, yoga)
  }
  return yoga
}

function createSolventYoga(config: Config): YogaServerInstance<ServerContext, RequestContext> {
  return createYoga<ServerContext, RequestContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    renderGraphiQL: renderLocalGraphiQL,
    graphiql: config.introspection
      ? { title: 'Solvent', defaultQuery: '{ health { status version lastCronAt } }' }
      : false,
    maskedErrors: { maskError, isDev: config.exposeErrors, errorMessage: 'Internal error.' },
    // yoga logs an error only where it masks one, without the request id; useRequestId logs it with the id.
    logging: { ...createLogger('info'), error: () => {} },
    cors: corsOptions(config.allowedOrigins),
    context: ({ env, executionCtx }) => {
      const db = createDatabase(env.DB)
      const nowMs = Date.now()
      const readGate: ReadGateSlot = { current: undefined }
      return {
        db,
        nowMs,
        adapters,
        readGate,
        loadSources: createSourceLoader({
          gate: readGate,
          db,
          adapters,
          context: { env, fetch: (input, init) => fetch(input, init), nowMs, referenceCache: createReferenceCache(db) },
          waitUntil: (promise) => executionCtx.waitUntil(promise),
          maxUpstreamCalls: upstreamCallBound(env),
        }),
      }
    },
    plugins: [
      useRequestRate(),
      useCsrfPrevention(),
      useIntrospection({ enabled: config.introspection }),
      EnvelopArmorPlugin({
        // Messages name the limit, never its value (an attacker learns nothing by probing).
        maxDepth: {
          n: LIMITS.maxDepth,
          exposeLimits: false,
          errorMessage: 'Query exceeds the depth limit.',
          flattenFragments: false,
          ignoreIntrospection: true,
        },
        maxAliases: { n: LIMITS.maxAliases, exposeLimits: false, errorMessage: 'Query has too many aliases.' },
        maxDirectives: { n: LIMITS.maxDirectives, exposeLimits: false, errorMessage: 'Query has too many directives.' },
        maxTokens: { n: LIMITS.maxTokens, exposeLimits: false, errorMessage: 'Query has too many tokens.' },
        costLimit: { maxCost: LIMITS.maxCost, exposeLimits: false, errorMessage: 'Query exceeds the cost limit.' },
        blockFieldSuggestion: { enabled: !config.introspection },
      }),
      useBudget(),
      useErrorCodes(),
      useRequestId(),
    ],
  })
}

/**
 * CORS for browser wallets and dapps. `*` allows every origin (the origin is echoed); otherwise only
 * listed origins get CORS headers and the browser blocks the rest. Never with credentials: the API
 * authenticates with bearer keys, not cookies.
 */
function corsOptions(allowedOrigins: readonly string[]) {
  const anyOrigin = allowedOrigins.includes('*')
  return (request: Request) => {
    const origin = request.headers.get('origin')
    if (!origin || !(anyOrigin || allowedOrigins.includes(origin))) return false as const
    return {
      origin,
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      exposedHeaders: [REQUEST_ID_HEADER],
      maxAge: 86_400,
    }
  }
}
