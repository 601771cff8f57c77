import type { YogaInitialContext } from 'graphql-yoga'
import type { Config } from '../config'
import type { Database } from '../db/client'
import type { RiskStreamHub } from '../live/RiskHub'
import type { AdapterMap } from '../protocols/types'
import type { SourceLoader } from '../sources/createSourceLoader'
import type { ReadGateSlot } from '../sources/readGate'

/** What the Worker hands yoga with each request; `requestId` is the one in the `x-request-id` response header. */
export type ServerContext = {
  env: Env
  executionCtx: ExecutionContext
  config: Config
  requestId: string
  /** Set where a live-push object serves the request (src/live/RiskHub.ts): subscriptions stream from it. */
  hub?: RiskStreamHub | undefined
}

/** Built per request in yoga's context hook: I/O handles, the request clock and the per-request source loader. */
export type RequestContext = {
  db: Database
  /** Unix ms when the request started: data ages and staleness are judged against this one clock (figures are computed at their own block or venue time). */
  nowMs: number
  adapters: AdapterMap
  /** Reads or reuses sources; a source is read at most once per request. */
  loadSources: SourceLoader
  /** The check upstream reads wait for (the request budget), installed once the operation is priced. */
  readGate: ReadGateSlot
}

/** What every resolver receives (yoga adds the incoming `request`). */
export type GraphQLContext = ServerContext & RequestContext & Pick<YogaInitialContext, 'request'>
