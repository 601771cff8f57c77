import type { Config } from '../config'
import type { Database } from '../db/client'

/**
 * What sign-in and API-key checks need from the request they serve: I/O handles, the request's
 * clock and the incoming request itself. A GraphQL context satisfies it; so would any other edge.
 */
export type AuthContext = {
  env: Env
  config: Config
  db: Database
  /** Unix ms when the request started. */
  nowMs: number
  request: Request
  executionCtx: Pick<ExecutionContext, 'waitUntil'>
}
