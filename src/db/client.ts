import { type DrizzleD1Database, drizzle } from 'drizzle-orm/d1'
import * as schema from './schema'

/** `$client` is the raw D1 binding, for the few statements drizzle cannot express (json_each batches). */
export type Database = DrizzleD1Database<typeof schema> & { $client: D1Database }

/** One drizzle handle per request (cheap: it wraps the binding). */
export function createDatabase(d1: D1Database): Database {
  return drizzle(d1, { schema })
}
