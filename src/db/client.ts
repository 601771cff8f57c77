import { type DrizzleD1Database, drizzle } from 'drizzle-orm/d1'
import * as schema from './schema'

/** `$client` is the raw D1 binding, for the few statements drizzle cannot express (json_each batches). */
export type Database = DrizzleD1Database<typeof schema> & { $client: D1Database }

/**
 * One drizzle handle per D1 binding, built on first use and kept for the isolate: `drizzle(d1, { schema })`
 * rebuilds the relational configuration of every table on each call, which a request should not pay for.
 * The handle holds no per-request state (no transaction, no session data), so sharing it is safe.
 */
const databases = new WeakMap<D1Database, Database>()

/** The drizzle handle over `d1` (the same object for the same binding). */
export function createDatabase(d1: D1Database): Database {
  let db = databases.get(d1)
  if (!db) {
    db = drizzle(d1, { schema })
    databases.set(d1, db)
  }
  return db
}
