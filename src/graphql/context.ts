import type { Config } from '../config'
import type { Database } from '../db/client'

/** What the Worker hands yoga with each request. */
export type ServerContext = { env: Env; executionCtx: ExecutionContext; config: Config }

/** Built per request in yoga's context hook: I/O handles and, later, per-request loaders. */
export type RequestContext = { db: Database }

/** What every resolver receives. */
export type GraphQLContext = ServerContext & RequestContext
