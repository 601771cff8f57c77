/**
 * D1 schema (drizzle). camelCase in TypeScript, snake_case in SQL. Migrations in ../../migrations
 * are generated from this file by `npm run db:generate`; never edit them by hand.
 */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

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
    /**
     * Random id of the last successful read, new with every one: an isolate that parsed that read's
     * snapshots serves them again without reading their payloads (src/db/queries/sources.ts).
     */
    readId: text('read_id'),
    /** JSON `SourceInputs` of the last successful read (feeds, sequencer), judged again whenever it is served. */
    inputs: text('inputs'),
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

// ---------------------------------------------------------------------------------------------
// Alerts: identity (SIWE nonces, API keys), webhook endpoints, subscriptions with their rules,
// the events the cron fires, and the price history the predictive rule feeds on.
// ---------------------------------------------------------------------------------------------

/** EIP-4361 nonces: issued by `requestNonce`, consumed once by `signIn` before they expire. */
export const siweNonces = sqliteTable('siwe_nonces', {
  nonce: text('nonce').primaryKey(),
  issuedAtMs: integer('issued_at_ms').notNull(),
  expiresAtMs: integer('expires_at_ms').notNull(),
  /** Set when a sign-in consumed it; a consumed nonce never signs in again. */
  usedAtMs: integer('used_at_ms'),
})

/** API keys. The key itself is shown once at sign-in; only its SHA-256 is stored. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    /** Public id (`key_…`), safe to show and to revoke by. */
    id: text('id').primaryKey(),
    /** The address that signed in (EIP-55). */
    owner: text('owner').notNull(),
    /** Hex SHA-256 of the full key. */
    keyHash: text('key_hash').notNull().unique(),
    /** The key's first characters, so a user can tell keys apart. */
    prefix: text('prefix').notNull(),
    label: text('label'),
    /** Chain id of the SIWE message that created the key. */
    chainId: integer('chain_id').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    lastUsedAtMs: integer('last_used_at_ms'),
    revokedAtMs: integer('revoked_at_ms'),
    /** Why the key stopped working: null while active and when its owner revoked it, `wallet-refused` when re-validation revoked it. */
    revokedReason: text('revoked_reason', { enum: ['wallet-refused'] }),
    /**
     * The SIWE message and signature that created the key, kept only when a contract checked the signature
     * (EIP-1271, ERC-6492): the owner is a smart account whose signers can change, so the cron and every
     * alerts write ask the chain again (`chainId`, `owner`) whether the wallet still accepts it. Null for
     * keys an EOA's ECDSA signature created: that signature stays valid for good.
     */
    signInMessage: text('sign_in_message'),
    signInSignature: text('sign_in_signature'),
    /** When the chain last accepted `signInSignature` for `owner` (sign-in, then each re-validation). */
    walletValidatedAtMs: integer('wallet_validated_at_ms'),
  },
  (t) => [
    index('api_keys_owner').on(t.owner),
    index('api_keys_wallet_validated').on(t.walletValidatedAtMs).where(sql`${t.signInSignature} IS NOT NULL`),
  ],
)

/** Fixed-window request counters per key and limit name (rate limits and per-key quotas). */
export const rateLimitWindows = sqliteTable(
  'rate_limit_windows',
  {
    /** What is limited and for whom, e.g. `key_…:mutation`. */
    bucket: text('bucket').notNull(),
    windowStartMs: integer('window_start_ms').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStartMs] })],
)

/** Where alerts go. The delivering Durable Object (one per endpoint id) reads url, secrets and status here. */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    /** `ep_…`; also the Durable Object name. */
    id: text('id').primaryKey(),
    keyId: text('key_id').notNull(),
    url: text('url').notNull(),
    description: text('description'),
    /** Standard Webhooks secret, `whsec_` + base64. */
    secret: text('secret').notNull(),
    /** After a rotation the old secret also signs until `previousSecretExpiresAtMs`. */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAtMs: integer('previous_secret_expires_at_ms'),
    /** active | paused (by the owner) | disabled (the receiver answered 410 Gone). */
    status: text('status', { enum: ['active', 'paused', 'disabled'] }).notNull(),
    /** Why the endpoint is disabled (null unless `disabled`). */
    disabledReason: text('disabled_reason'),
    /** When it was disabled (Unix ms; null unless `disabled`). */
    disabledAtMs: integer('disabled_at_ms'),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (t) => [index('webhook_endpoints_key').on(t.keyId)],
)

/** A watched target (one address or a portfolio of addresses) whose rules alert one endpoint. */
export const alertSubscriptions = sqliteTable(
  'alert_subscriptions',
  {
    /** `sub_…` */
    id: text('id').primaryKey(),
    keyId: text('key_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    label: text('label'),
    /** JSON array of normalized addresses (EVM checksummed, dYdX lower case): one = an address, several = a portfolio. */
    addresses: text('addresses').notNull(),
    /** JSON array of protocol ids to narrow the target to, or null for every protocol. */
    protocols: text('protocols'),
    status: text('status', { enum: ['active', 'paused'] }).notNull(),
    /** The cron evaluates the subscription once this time has passed (Unix ms). */
    nextEvalAtMs: integer('next_eval_at_ms').notNull(),
    /**
     * Set while a cron tick has claimed the subscription and its shard is queued or being evaluated
     * (src/cron/planTick.ts); cleared when the shard commits. Unix ms after which the claim lapses and
     * the subscription may be claimed again. `nextEvalAtMs` keeps the due time, so the wait of a
     * claimed subscription still counts as evaluation lag.
     */
    leaseUntilMs: integer('lease_until_ms'),
    lastEvaluatedAtMs: integer('last_evaluated_at_ms'),
    /**
     * Set while the target's data is unavailable (a source STALE or ERROR): its rules are held, neither
     * firing nor re-arming, and keep their state. Unix ms of the first tick that found it so.
     */
    dataUnavailableSinceMs: integer('data_unavailable_since_ms'),
    /** Why, as the last tick found it (the sources' reasons and errors), while held. */
    dataUnavailableReason: text('data_unavailable_reason'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (t) => [index('alert_subscriptions_due').on(t.status, t.nextEvalAtMs), index('alert_subscriptions_key').on(t.keyId)],
)

/** One rule of a subscription and its state machine: armed → fired → (recovered past hysteresis) → armed. */
export const alertRules = sqliteTable(
  'alert_rules',
  {
    /** `rule_…` */
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id').notNull(),
    /** MARGIN_RATIO_ABOVE | HEALTH_FACTOR_BELOW | DISTANCE_TO_LIQUIDATION_BELOW | EQUITY_BELOW | LIQUIDATION_PROBABILITY_ABOVE */
    kind: text('kind').notNull(),
    /** Decimal string in the rule's unit (ratio, health factor, percent, USD, probability 0..1). */
    threshold: text('threshold').notNull(),
    /** Decimal string, same unit: a fired rule re-arms only once the value is past threshold ± hysteresis. */
    hysteresis: text('hysteresis').notNull(),
    cooldownSeconds: integer('cooldown_seconds').notNull(),
    /** Probability rules: the horizon in seconds; null otherwise. */
    horizonSeconds: integer('horizon_seconds'),
    state: text('state', { enum: ['armed', 'fired'] }).notNull(),
    /** Counts the rule's firings; an event is unique per (rule, sequence), so two cron runs over one crossing store one event. */
    sequence: integer('sequence').notNull(),
    lastValue: text('last_value'),
    lastEvaluatedAtMs: integer('last_evaluated_at_ms'),
    lastFiredAtMs: integer('last_fired_at_ms'),
    lastRearmedAtMs: integer('last_rearmed_at_ms'),
  },
  (t) => [index('alert_rules_subscription').on(t.subscriptionId)],
)

/** Every event handed to an endpoint (fired rules, test sends), stored before it is handed on. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    /** `evt_…`, stable: the Standard Webhooks `webhook-id` on every attempt and replay. */
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id').notNull(),
    keyId: text('key_id').notNull(),
    subscriptionId: text('subscription_id'),
    ruleId: text('rule_id'),
    /** The rule's sequence number this event fired at (null for test events). */
    sequence: integer('sequence'),
    /** `alert.fired` | `data.unavailable` | `data.restored` | `test` */
    type: text('type').notNull(),
    /** JSON body delivered as is. */
    payload: text('payload').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    /** When the event was handed to its endpoint's Durable Object (null until then; the cron retries). */
    handedOffAtMs: integer('handed_off_at_ms'),
  },
  (t) => [
    uniqueIndex('alert_events_rule_sequence').on(t.ruleId, t.sequence),
    index('alert_events_endpoint').on(t.endpointId, t.createdAtMs),
    index('alert_events_handoff').on(t.handedOffAtMs),
  ],
)

/** Prices the cron observed, one per underlying per minute: the EWMA volatility of the predictive rule. */
export const priceHistory = sqliteTable(
  'price_history',
  {
    underlying: text('underlying').notNull(),
    /** Start of the minute (Unix ms). */
    minuteMs: integer('minute_ms').notNull(),
    /** Decimal string, USD. */
    price: text('price').notNull(),
  },
  (t) => [primaryKey({ columns: [t.underlying, t.minuteMs] })],
)

/**
 * What the cron evaluated for each margin account of a watched address, one row per minute (the
 * dashboard's history): the latest evaluation of a minute wins. Figures are decimal strings; ratios
 * are a decimal, `infinite` or `none`, and the health factor is null where the venue has none.
 */
export const riskMinutes = sqliteTable(
  'risk_minutes',
  {
    /** `MarginAccount.id`. */
    marginAccountId: text('margin_account_id').notNull(),
    /** Start of the minute (Unix ms). */
    minuteMs: integer('minute_ms').notNull(),
    /** The owner address, normalized (EVM checksummed, dYdX lower case). */
    account: text('account').notNull(),
    protocol: text('protocol').notNull(),
    equityUsd: text('equity_usd').notNull(),
    maintenanceMarginUsd: text('maintenance_margin_usd').notNull(),
    marginRatio: text('margin_ratio').notNull(),
    healthFactor: text('health_factor'),
    liquidatable: integer('liquidatable', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.marginAccountId, t.minuteMs] }),
    index('risk_minutes_account').on(t.account, t.minuteMs),
  ],
)

/**
 * Addresses someone is watching live (an open `accountRisk` / `portfolioRisk` stream), one row per
 * Durable Object: the cron evaluates and records them even without an alert subscription, and tells the
 * object when it has. The object renews the row while it holds streams; an expired row is swept.
 */
export const riskWatches = sqliteTable('risk_watches', {
  /** The object's name: the addresses, normalized, sorted, comma-joined. */
  key: text('key').primaryKey(),
  /** JSON array of the normalized addresses. */
  addresses: text('addresses').notNull(),
  /** Open streams when last written. */
  streams: integer('streams').notNull(),
  expiresAtMs: integer('expires_at_ms').notNull(),
})

export type ApiKeyRow = typeof apiKeys.$inferSelect
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect
export type AlertSubscriptionRow = typeof alertSubscriptions.$inferSelect
export type AlertRuleRow = typeof alertRules.$inferSelect
export type AlertEventRow = typeof alertEvents.$inferSelect
