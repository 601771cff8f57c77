/**
 * D1 schema (drizzle). camelCase in TypeScript, snake_case in SQL. Migrations in ../../migrations
 * are generated from this file by `npm run db:generate`; never edit them by hand.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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

/**
 * One row per source (venue × chain × market × account): when it was last read and how that went.
 * Freshness is decided here, so a source with no margin accounts (nothing deposited) is cached too.
 */
export const sourceReads = sqliteTable(
  'source_reads',
  {
    venue: text('venue').notNull(),
    /** 0 for venues that are not on an EVM chain. */
    chainId: integer('chain_id').notNull(),
    /** '' for venues with one market. */
    market: text('market').notNull(),
    account: text('account').notNull(),
    /** Unix ms of the last successful read (null if it never succeeded). */
    okAtMs: integer('ok_at_ms'),
    /** Venue time of the last successful read (block timestamp or venue clock), unix seconds. */
    asOfSec: integer('as_of_sec'),
    blockNumber: text('block_number'),
    latencyMs: integer('latency_ms'),
    /** The last read's failure, cleared by the next success. */
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    errorAtMs: integer('error_at_ms'),
  },
  (t) => [primaryKey({ columns: [t.venue, t.chainId, t.market, t.account] })],
)

/** The snapshots of a source's last successful read: one row per margin account, replaced as a set. */
export const snapshots = sqliteTable(
  'snapshots',
  {
    venue: text('venue').notNull(),
    chainId: integer('chain_id').notNull(),
    market: text('market').notNull(),
    account: text('account').notNull(),
    marginAccountId: text('margin_account_id').notNull(),
    /** Bumped when the snapshot format changes; rows of another version are ignored (refetched). */
    payloadVersion: integer('payload_version').notNull(),
    /** JSON `SourceSnapshot` (engine snapshot + venue-reported figures). */
    payload: text('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.venue, t.chainId, t.market, t.account, t.marginAccountId] })],
)

/** Reference data (reserve lists, market parameters) cached longer than balances, each with its own expiry. */
export const referenceData = sqliteTable('reference_data', {
  key: text('key').primaryKey(),
  fetchedAtMs: integer('fetched_at_ms').notNull(),
  expiresAtMs: integer('expires_at_ms').notNull(),
  payloadVersion: integer('payload_version').notNull(),
  payload: text('payload').notNull(),
})
