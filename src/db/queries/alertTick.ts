/**
 * The writes of one cron batch, as few statements as D1 allows: rows travel as ONE JSON parameter
 * per statement (json_each), so every statement binds at most four parameters whatever the batch
 * size, and large batches are cut only to keep each parameter well under D1's 2 MB value limit.
 * `commitTickBatch` runs them in ONE D1 batch, i.e. one transaction: rule states, events and the
 * subscriptions' next evaluation land together or not at all.
 *
 * @see https://developers.cloudflare.com/d1/platform/limits/
 * @see https://www.sqlite.org/json1.html#jeach
 */
import type { Database } from '../client'
import type { AlertEventRow } from '../schema'
import { chunk } from './alertSubscriptions'
import { recordPricesStatement } from './priceHistory'

/**
 * A rule's state after a tick, written only if the rule is still as the tick read it (state and
 * sequence) and no newer observation was written since: an older, slower tick that commits last can
 * neither repeat a firing nor undo a newer tick's re-arm.
 */
export type RuleUpdate = {
  id: string
  /** The sequence the tick read: another tick that fired in between makes this update a no-op. */
  expectedSequence: number
  /** The state the tick read: another tick that re-armed in between makes this update a no-op. */
  expectedState: 'armed' | 'fired'
  state: 'armed' | 'fired'
  sequence: number
  lastValue: string
  lastEvaluatedAtMs: number
  lastFiredAtMs: number | null
  lastRearmedAtMs: number | null
}

/**
 * A subscription whose data became unavailable (`sinceMs` set), stays so (same `sinceMs`, new
 * `reason`) or is available again (`sinceMs` null); applied only if it is still as the tick read it.
 */
export type AvailabilityUpdate = {
  id: string
  expectedSinceMs: number | null
  sinceMs: number | null
  reason: string | null
}

export type TickBatchWrites = {
  rules: readonly RuleUpdate[]
  /** Subscriptions entering, staying in or leaving the held state (data unavailable). */
  availability: readonly AvailabilityUpdate[]
  /**
   * New events, written after the rule updates: an event whose rule is not now fired at its sequence is
   * skipped, and so is one whose (rule, sequence) or id exists already (unique index).
   */
  events: readonly AlertEventRow[]
  /** Every subscription the batch claimed: each is due again at `nextEvalAtMs`, and its claim's lease ends. */
  subscriptionIds: readonly string[]
  /** Those actually evaluated (not skipped for a failed source or a refused snapshot): their `lastEvaluatedAt` moves. */
  evaluatedSubscriptionIds: ReadonlySet<string>
  evaluatedAtMs: number
  nextEvalAtMs: number
  /** Underlying → USD price observed this tick (price history for the probability rule). */
  prices: ReadonlyMap<string, string>
}

/** The events of a statement's JSON parameter (`?1`), as rows of `alert_events`; a JOIN then keeps the applied ones. */
const INSERT_EVENTS = `INSERT INTO alert_events
             (id, endpoint_id, key_id, subscription_id, rule_id, sequence, type, payload, created_at_ms, handed_off_at_ms)
           SELECT json_extract(e.value, '$.id'), json_extract(e.value, '$.endpointId'), json_extract(e.value, '$.keyId'),
                  json_extract(e.value, '$.subscriptionId'), json_extract(e.value, '$.ruleId'),
                  json_extract(e.value, '$.sequence'), json_extract(e.value, '$.type'), json_extract(e.value, '$.payload'),
                  json_extract(e.value, '$.createdAtMs'), NULL
           FROM json_each(?1) AS e`

const RULES_PER_STATEMENT = 500
const EVENTS_PER_STATEMENT = 100
const SUBSCRIPTIONS_PER_STATEMENT = 1_000

/** Writes one batch atomically; returns the ids of the events it inserted (not those another tick inserted first). */
export async function commitTickBatch(db: Database, writes: TickBatchWrites): Promise<string[]> {
  const d1 = db.$client
  const statements: D1PreparedStatement[] = []
  for (const rules of chunk(writes.rules, RULES_PER_STATEMENT)) {
    statements.push(
      d1
        .prepare(
          `UPDATE alert_rules SET
             state = json_extract(u.value, '$.state'),
             sequence = json_extract(u.value, '$.sequence'),
             last_value = json_extract(u.value, '$.lastValue'),
             last_evaluated_at_ms = json_extract(u.value, '$.lastEvaluatedAtMs'),
             last_fired_at_ms = json_extract(u.value, '$.lastFiredAtMs'),
             last_rearmed_at_ms = json_extract(u.value, '$.lastRearmedAtMs')
           FROM json_each(?1) AS u
           WHERE alert_rules.id = json_extract(u.value, '$.id')
             AND alert_rules.sequence = json_extract(u.value, '$.expectedSequence')
             AND alert_rules.state = json_extract(u.value, '$.expectedState')
             AND coalesce(alert_rules.last_evaluated_at_ms, 0) <= json_extract(u.value, '$.lastEvaluatedAtMs')`,
        )
        .bind(JSON.stringify(rules)),
    )
  }
  for (const updates of chunk(writes.availability, SUBSCRIPTIONS_PER_STATEMENT)) {
    statements.push(
      d1
        .prepare(
          `UPDATE alert_subscriptions SET
             data_unavailable_since_ms = json_extract(u.value, '$.sinceMs'),
             data_unavailable_reason = json_extract(u.value, '$.reason')
           FROM json_each(?1) AS u
           WHERE alert_subscriptions.id = json_extract(u.value, '$.id')
             AND alert_subscriptions.data_unavailable_since_ms IS json_extract(u.value, '$.expectedSinceMs')`,
        )
        .bind(JSON.stringify(updates)),
    )
  }
  const eventStatements: number[] = []
  const ruleEvents = writes.events.filter((event) => event.ruleId !== null)
  const subscriptionEvents = writes.events.filter((event) => event.ruleId === null)
  for (const events of chunk(subscriptionEvents, EVENTS_PER_STATEMENT)) {
    eventStatements.push(statements.length)
    statements.push(
      d1
        .prepare(
          `${INSERT_EVENTS}
           -- Only the change this batch's availability update just applied: a tick that lost the race
           -- (another held or released the subscription first) adds no event.
           JOIN alert_subscriptions AS s
             ON s.id = json_extract(e.value, '$.subscriptionId')
                AND ((json_extract(e.value, '$.type') = 'data.unavailable'
                      AND s.data_unavailable_since_ms = json_extract(e.value, '$.createdAtMs'))
                  OR (json_extract(e.value, '$.type') = 'data.restored' AND s.data_unavailable_since_ms IS NULL))
           WHERE true
           ON CONFLICT DO NOTHING
           RETURNING id`,
        )
        .bind(JSON.stringify(events)),
    )
  }
  for (const events of chunk(ruleEvents, EVENTS_PER_STATEMENT)) {
    eventStatements.push(statements.length)
    statements.push(
      d1
        .prepare(
          `${INSERT_EVENTS}
           -- Only the firing this batch's rule update just applied: a rule deleted, or fired by another
           -- tick first, gets no event from this one.
           JOIN alert_rules AS r
             ON r.id = json_extract(e.value, '$.ruleId') AND r.sequence = json_extract(e.value, '$.sequence')
                AND r.state = 'fired'
           WHERE true
           ON CONFLICT DO NOTHING
           RETURNING id`,
        )
        .bind(JSON.stringify(events)),
    )
  }
  for (const ids of chunk(writes.subscriptionIds, SUBSCRIPTIONS_PER_STATEMENT)) {
    statements.push(
      d1
        .prepare(
          `UPDATE alert_subscriptions SET next_eval_at_ms = ?2, lease_until_ms = NULL,
             last_evaluated_at_ms = CASE WHEN id IN (SELECT value FROM json_each(?4)) THEN ?1 ELSE last_evaluated_at_ms END
           WHERE id IN (SELECT value FROM json_each(?3))`,
        )
        .bind(
          writes.evaluatedAtMs,
          writes.nextEvalAtMs,
          JSON.stringify(ids),
          JSON.stringify(ids.filter((id) => writes.evaluatedSubscriptionIds.has(id))),
        ),
    )
  }
  if (writes.prices.size > 0) statements.push(recordPricesStatement(db, writes.prices, writes.evaluatedAtMs))
  if (statements.length === 0) return []
  const results = await d1.batch<{ id: string }>(statements)
  return eventStatements.flatMap((index) => (results[index]?.results ?? []).map((row) => row.id))
}
