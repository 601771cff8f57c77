/**
 * D1 schema (drizzle). camelCase in TypeScript, snake_case in SQL. Migrations in ../../migrations
 * are generated from this file by `npm run db:generate`; never edit them by hand.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Liveness of background work: one row per job (`cron`), updated on every run.
 * `health { lastCronAt }` reads it, so an operator sees a stalled cron trigger.
 */
export const heartbeats = sqliteTable('heartbeats', {
  job: text('job').primaryKey(),
  /** Unix milliseconds of the last completed run. */
  lastRunAtMs: integer('last_run_at_ms').notNull(),
  /** The cron expression (or other trigger) that ran it. */
  trigger: text('trigger').notNull(),
  /** Total completed runs, for a quick sanity check of the schedule. */
  runs: integer('runs').notNull().default(0),
})
