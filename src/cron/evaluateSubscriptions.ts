/**
 * Evaluating the watched accounts, in shards. A tick claims the due subscriptions, longest waiting first,
 * under a lease (`claimShards`) and cuts them into shards sized for one invocation (`planShards`); each
 * shard is then evaluated by `runShard`: read its accounts through the shared source path (one multicall
 * per chain, one request per HTTP account), evaluate every rule with the engine, move each rule's state,
 * persist state and events in ONE D1 transaction, then hand the new events to their endpoints' Durable
 * Objects. The cron sends the shards to a queue whose consumer runs `runShard` (src/cron/queue.ts);
 * `evaluateSubscriptions` runs them inline, one after the other (the sandbox's manual tick, tests).
 */
import { buildAlertFiredEvent } from '../alerts/buildAlertFiredEvent'
import { buildDataAvailabilityEvent, describeUnavailable } from '../alerts/buildDataAvailabilityEvent'
import { handOffEvents } from '../alerts/handOff'
import { isAlertRuleKind } from '../alerts/rules/kinds'
import { measureRule } from '../alerts/rules/measureRule'
import { encodeRuleValue } from '../alerts/rules/ruleValue'
import { stepRule } from '../alerts/rules/stepRule'
import { volatilityFromHistory } from '../alerts/rules/volatilityFromHistory'
import type { Database } from '../db/client'
import { getUnhandedEvents } from '../db/queries/alertEvents'
import {
  claimDueSubscriptions,
  getLeasedSubscriptions,
  getRulesOf,
  releaseLeases,
} from '../db/queries/alertSubscriptions'
import {
  type AvailabilityUpdate,
  commitTickBatch,
  type RuleUpdate,
  type TickBatchWrites,
} from '../db/queries/alertTick'
import { getPriceHistory } from '../db/queries/priceHistory'
import { createReferenceCache } from '../db/queries/referenceData'
import { recordRiskMinutesStatement } from '../db/queries/riskMinutes'
import { sourceKeyString, toSourceKey } from '../db/queries/sources'
import type { AlertEventRow, AlertRuleRow, AlertSubscriptionRow } from '../db/schema'
import type { D } from '../engine'
import { evaluateEntries } from '../portfolio/evaluateEntries'
import { entriesOf, sourcesOfAccounts } from '../portfolio/loadEntries'
import { byRisk } from '../portfolio/summarize'
import type { MarginAccountView } from '../portfolio/types'
import { parseAccount } from '../protocols/address'
import { adapters as allAdapters } from '../protocols/registry'
import type { AdapterMap, VenueAdapter } from '../protocols/types'
import { createSourceLoader, type SourceLoader, type SourceState } from '../sources/createSourceLoader'
import { type EvaluationShard, planShards } from './planShards'

/** A subscription evaluated now is due again at the next minute's tick (a little slack for jitter). */
export const EVALUATION_INTERVAL_MS = 55_000
/** How much minute-price history feeds the EWMA volatility of probability rules. */
const VOLATILITY_WINDOW_MS = 6 * 3_600_000
/**
 * A claim not committed within this time falls due again. Long enough to cover a shard's time in the
 * queue, its run (at most 15 minutes of wall time for a consumer, in practice seconds) and its retries
 * (`retry_delay` 5 s × `max_retries` 3 in wrangler.toml): a lapsed lease lets a later tick claim the
 * subscription while the first shard may still run. A dead-lettered shard releases its lease at once.
 */
export const CLAIM_LEASE_MS = 10 * 60_000
/** Rows per claim statement: a tick pages through the due subscriptions this many at a time. */
export const CLAIM_PAGE_SIZE = 1_000
/**
 * Subscriptions one tick claims at most: 100 claim queries of D1's 1,000 per invocation, and the tick's CPU
 * (parsing each claimed row's accounts to plan its shard) measured by `npm run bench -- cronFanout`. The
 * rest stay due and go first at the next tick (longest waiting first), and `health` shows the lag.
 */
export const MAX_SUBSCRIPTIONS_PER_TICK = 100_000
/**
 * Events left un-handed (a shard that died between its commit and its hand-off) are handed on by the next
 * tick, this many at a time: one Durable Object RPC per endpoint at most, inside the tick's subrequests.
 */
export const LEFTOVER_EVENTS_PER_TICK = 200

export type TickReport = {
  /** Shards evaluated. */
  batches: number
  subscriptions: number
  /**
   * Subscriptions held: a source was STALE or ERROR, or the engine refused a snapshot. Their rules keep
   * their state (neither fire nor re-arm) and the subscriber is told once per episode (`data.unavailable`).
   */
  skipped: number
  /** Shards that failed as a whole (D1 or a bug); their leases are released, so the next tick claims them. */
  failedBatches: number
  rules: number
  fired: number
  rearmed: number
  /** Events this tick inserted (another tick's duplicates are not counted). */
  events: number
  handedOff: number
  /** Margin accounts recorded in the dashboard's minute history (`risk_minutes`). */
  recorded: number
  sources: number
  sourceErrors: number
  /** A few distinct source error messages, for the tick's log line. */
  sourceErrorSamples: string[]
}

/** Distinct error messages kept per tick report. */
const ERROR_SAMPLES = 3

const emptyReport = (): TickReport => ({
  batches: 0,
  subscriptions: 0,
  skipped: 0,
  failedBatches: 0,
  rules: 0,
  fired: 0,
  rearmed: 0,
  events: 0,
  handedOff: 0,
  recorded: 0,
  sources: 0,
  sourceErrors: 0,
  sourceErrorSamples: [],
})

/** Adds a shard's report into a tick's. */
export function addShardReport(into: TickReport, shard: ShardReport): void {
  into.batches += 1
  into.subscriptions += shard.subscriptions
  into.skipped += shard.skipped
  into.rules += shard.rules
  into.fired += shard.fired
  into.rearmed += shard.rearmed
  into.recorded += shard.recorded
  into.events += shard.events
  into.handedOff += shard.handedOff
  into.sources += shard.sources
  into.sourceErrors += shard.sourceErrors
  for (const message of shard.sourceErrorSamples) {
    if (into.sourceErrorSamples.length < ERROR_SAMPLES && !into.sourceErrorSamples.includes(message))
      into.sourceErrorSamples.push(message)
  }
}

export type ClaimShardsParameters = {
  env: Env
  db: Database
  nowMs: number
  adapters?: AdapterMap | undefined
  /** Claims every active subscription, due or not (the sandbox's manual tick). */
  everySubscription?: boolean | undefined
  maxSubscriptions?: number | undefined
}

/**
 * The planning half of a tick: claims the due subscriptions, longest waiting first, under one lease
 * (`CLAIM_LEASE_MS`), and cuts them into shards (`planShards`). Nothing is evaluated here.
 */
export async function claimShards({
  env,
  db,
  nowMs,
  adapters = allAdapters,
  everySubscription = false,
  maxSubscriptions = MAX_SUBSCRIPTIONS_PER_TICK,
}: ClaimShardsParameters): Promise<EvaluationShard[]> {
  const leaseUntilMs = nowMs + CLAIM_LEASE_MS
  const claimed: AlertSubscriptionRow[] = []
  while (claimed.length < maxSubscriptions) {
    const limit = Math.min(CLAIM_PAGE_SIZE, maxSubscriptions - claimed.length)
    const page = await claimDueSubscriptions(db, {
      nowMs,
      limit,
      leaseUntilMs,
      dueByMs: everySubscription ? Number.MAX_SAFE_INTEGER : nowMs,
    })
    claimed.push(...page)
    if (page.length < limit) break
  }
  return planShards({
    subscriptions: claimed,
    adapters: Object.values(adapters) as VenueAdapter[],
    env,
    tickMs: nowMs,
    leaseUntilMs,
  })
}

export type ShardReport = Omit<TickReport, 'batches' | 'failedBatches'> & {
  /** Subscriptions of the message no longer under its lease: committed already (a redelivery) or claimed again. */
  notLeased: number
}

export type RunShardParameters = {
  env: Env
  db: Database
  shard: EvaluationShard
  /**
   * The evaluation's clock: rules, events and freshness see this instant. The queue consumer passes the
   * later of the tick's time and its own clock; the inline tick passes the tick's time.
   */
  nowMs: number
  adapters?: AdapterMap | undefined
  fetch?: typeof fetch | undefined
}

/**
 * Evaluates one shard: the subscriptions still under its lease are read, evaluated and committed in one
 * D1 transaction, then their new events are handed on. Throws when the shard could not be committed (D1,
 * or a bug): nothing of it was written, its lease still holds, and the queue retries it. A shard run
 * twice (a redelivery, a retry after a commit whose acknowledgement was lost) finds its subscriptions no
 * longer leased and does nothing; two runs at once plan the same events (same ids, same rule sequences),
 * and the one that commits second inserts none (the unique index and the rule-state guard).
 */
export async function runShard({
  env,
  db,
  shard,
  nowMs,
  adapters = allAdapters,
  fetch: fetchFn = (input, init) => fetch(input, init),
}: RunShardParameters): Promise<ShardReport> {
  const subscriptions = await getLeasedSubscriptions(db, shard.subscriptionIds, shard.leaseUntilMs)
  const report: ShardReport = { ...emptyReport(), notLeased: shard.subscriptionIds.length - subscriptions.length }
  if (subscriptions.length === 0) return report
  const loadSources = createSourceLoader({
    db,
    adapters,
    context: { env, fetch: fetchFn, nowMs, referenceCache: createReferenceCache(db) },
    cache: false,
  })
  const plan = await planBatch({ env, db, nowMs, adapters, loadSources, subscriptions })
  // Due again one interval after the tick that claimed it, not after this run: a shard that ran a few
  // seconds late must not push its subscriptions past the next minute's tick.
  const nextEvalAtMs = shard.tickMs + EVALUATION_INTERVAL_MS
  // The one place an evaluated shard is committed: rule states, events, availability and the next
  // evaluation land together (one transaction) or not at all. Whatever must follow an evaluation (a
  // history row, a live push) follows this line, from `plan` and `inserted`.
  const inserted = new Set(await commitTickBatch(db, { ...plan.writes, nextEvalAtMs }))
  const events = plan.writes.events.filter((event) => inserted.has(event.id))
  Object.assign(report, {
    subscriptions: subscriptions.length,
    skipped: plan.skipped,
    rules: plan.writes.rules.length,
    fired: plan.fired,
    rearmed: plan.rearmed,
    events: events.length,
    sources: plan.sources,
    sourceErrors: plan.sourceErrors,
    sourceErrorSamples: plan.sourceErrorSamples,
  })
  // Stored already: a failed hand-off is retried by the next tick's leftover pass.
  if (events.length > 0) report.handedOff += (await handOffEvents(env, db, events, nowMs)).handedOff
  // The dashboard's history of every watched account, from this very evaluation (no second read). Best
  // effort: a failed history write loses one minute of the chart, it does not send the shard round again.
  if (plan.evaluatedViews.length > 0) {
    try {
      await recordRiskMinutesStatement(db, plan.evaluatedViews, nowMs).run()
      report.recorded = plan.evaluatedViews.length
    } catch (error) {
      console.error(`Cron shard ${shard.id}: recording the risk history failed; this minute is missing.`, error)
    }
  }
  return report
}

/** Hands on events a shard stored but did not hand off (it died in between), oldest ticks' first. */
export async function handOffLeftovers(env: Env, db: Database, nowMs: number): Promise<number> {
  const leftovers = await getUnhandedEvents(db, nowMs, LEFTOVER_EVENTS_PER_TICK)
  return leftovers.length > 0 ? (await handOffEvents(env, db, leftovers, nowMs)).handedOff : 0
}

export type EvaluateSubscriptionsParameters = {
  env: Env
  db: Database
  /** The tick's clock: every rule of the tick sees the same instant. */
  nowMs: number
  adapters?: AdapterMap | undefined
  fetch?: typeof fetch | undefined
  /**
   * Evaluates every active subscription, not only the due ones (local development's manual tick,
   * `POST /__sandbox/tick`): the once-a-minute schedule would otherwise ignore a second tick within 55 s.
   */
  everySubscription?: boolean | undefined
}

/**
 * A whole tick inline, without the queue: claims and plans the shards as the cron does, then runs each
 * in this invocation, one after the other. For the sandbox's manual tick (it answers what fired) and
 * tests; it fits one invocation's limits only for a few shards.
 */
export async function evaluateSubscriptions({
  env,
  db,
  nowMs,
  adapters = allAdapters,
  fetch: fetchFn,
  everySubscription = false,
}: EvaluateSubscriptionsParameters): Promise<TickReport> {
  const report = emptyReport()
  report.handedOff += await handOffLeftovers(env, db, nowMs)
  const shards = await claimShards({ env, db, nowMs, adapters, everySubscription })
  for (const shard of shards) {
    try {
      addShardReport(report, await runShard({ env, db, shard, nowMs, adapters, fetch: fetchFn }))
    } catch (error) {
      // One bad shard must not stop the others (nor the sweep and the heartbeat after the tick).
      report.failedBatches += 1
      report.subscriptions += shard.subscriptionIds.length
      await releaseLeases(db, shard.subscriptionIds, shard.leaseUntilMs).catch(() => 0)
      console.error(`Cron shard ${shard.id} failed; its subscriptions are due again at the next tick.`, error)
    }
  }
  return report
}

export type PlanBatchParameters = {
  env: Env
  db: Database
  nowMs: number
  adapters: AdapterMap
  loadSources: SourceLoader
  subscriptions: readonly AlertSubscriptionRow[]
}

export type PlanBatchReturnType = {
  writes: TickBatchWrites
  /**
   * The margin accounts evaluated from current data (every source OK), once each: the dashboard's minute
   * history (`risk_minutes`) records them after the commit.
   */
  evaluatedViews: MarginAccountView[]
  fired: number
  rearmed: number
  skipped: number
  sources: number
  sourceErrors: number
  sourceErrorSamples: string[]
}

/**
 * Reads and evaluates one batch and decides every write, without writing: `commitTickBatch` applies
 * the plan. Two ticks that plan over the same crossing build the same event (same id, same rule
 * sequence); whichever commits second inserts nothing.
 */
export async function planBatch({
  env,
  db,
  nowMs,
  adapters,
  loadSources,
  subscriptions,
}: PlanBatchParameters): Promise<PlanBatchReturnType> {
  const adapterList = Object.values(adapters) as VenueAdapter[]
  const rules = await getRulesOf(
    db,
    subscriptions.map((subscription) => subscription.id),
  )
  const rulesOf = new Map<string, AlertRuleRow[]>()
  for (const rule of rules) rulesOf.set(rule.subscriptionId, [...(rulesOf.get(rule.subscriptionId) ?? []), rule])

  const targets = subscriptions.map((subscription) => {
    const protocols = subscription.protocols === null ? null : (JSON.parse(subscription.protocols) as string[])
    const accounts = (JSON.parse(subscription.addresses) as string[]).map(parseAccount)
    return { subscription, sources: sourcesOfAccounts(accounts, adapterList, env, { protocols }) }
  })
  const unique = new Map(targets.flatMap(({ sources }) => sources.map((s) => [sourceKeyString(toSourceKey(s)), s])))
  const states = await loadSources([...unique.values()], 0)
  const stateOf = new Map(states.map((state) => [sourceKeyString(toSourceKey(state.source)), state]))

  const prices = new Map<string, string>()
  for (const state of states) {
    for (const { snapshot } of state.snapshots) {
      for (const [underlying, quote] of Object.entries(snapshot.prices)) {
        if (!prices.has(underlying)) prices.set(underlying, quote.priceUsd)
      }
    }
  }
  const needsVolatility = rules.some((rule) => rule.kind === 'LIQUIDATION_PROBABILITY_ABOVE')
  const history = needsVolatility ? await getPriceHistory(db, [...prices.keys()], nowMs - VOLATILITY_WINDOW_MS) : null
  const volatilities = new Map<string, D | null>()
  const volatilityOf = (underlying: string) => {
    if (!volatilities.has(underlying)) {
      const points = [...(history?.get(underlying) ?? [])]
      // This tick's own observation is the newest point (it is written with the batch).
      const minuteMs = nowMs - (nowMs % 60_000)
      const price = prices.get(underlying)
      if (price !== undefined && points.at(-1)?.minuteMs !== minuteMs) points.push({ minuteMs, price })
      volatilities.set(underlying, volatilityFromHistory(points))
    }
    return volatilities.get(underlying) ?? null
  }

  const ruleUpdates: RuleUpdate[] = []
  const events: AlertEventRow[] = []
  let fired = 0
  let rearmed = 0
  let skipped = 0
  const evaluated = new Set<string>()
  const evaluatedViews = new Map<string, MarginAccountView>()
  const availability: AvailabilityUpdate[] = []
  // Holds a target whose data is unavailable: its rules neither fire nor re-arm, and the subscriber
  // hears once that its data is unavailable (and once when it is back).
  const hold = async (subscription: AlertSubscriptionRow, checked: readonly SourceState[]) => {
    skipped += 1
    const reason = describeUnavailable(checked)
    const since = subscription.dataUnavailableSinceMs
    availability.push({ id: subscription.id, expectedSinceMs: since, sinceMs: since ?? nowMs, reason })
    if (since === null) {
      events.push(
        await buildDataAvailabilityEvent({
          subscription,
          type: 'data.unavailable',
          unavailableSinceMs: nowMs,
          sources: checked,
          nowMs,
        }),
      )
    }
  }
  for (const { subscription, sources } of targets) {
    const own = sources.map((source) => stateOf.get(sourceKeyString(toSourceKey(source))) as SourceState)
    // A partial read must neither fire (equity looks lower) nor re-arm (a position looks gone), and
    // neither must stale data (an old block, a stale feed, the sequencer): hold the rules.
    if (own.some((state) => state.status !== 'ok')) {
      await hold(subscription, own)
      continue
    }
    try {
      // A source whose snapshot the engine refuses has failed too: the same hold.
      const checked = evaluateEntries(entriesOf(own), own)
      if (checked.sources.some((state) => state.status !== 'ok')) {
        await hold(subscription, checked.sources)
        continue
      }
      if (subscription.dataUnavailableSinceMs !== null) {
        availability.push({
          id: subscription.id,
          expectedSinceMs: subscription.dataUnavailableSinceMs,
          sinceMs: null,
          reason: null,
        })
        events.push(
          await buildDataAvailabilityEvent({
            subscription,
            type: 'data.restored',
            unavailableSinceMs: subscription.dataUnavailableSinceMs,
            sources: checked.sources,
            nowMs,
          }),
        )
      }
      const views = checked.views.sort(byRisk)
      for (const view of views) evaluatedViews.set(view.id, view)
      const outcome = await stepRules({
        subscription,
        rules: rulesOf.get(subscription.id) ?? [],
        views,
        volatilityOf,
        nowMs,
      })
      ruleUpdates.push(...outcome.updates)
      events.push(...outcome.events)
      evaluated.add(subscription.id)
      fired += outcome.fired
      rearmed += outcome.rearmed
    } catch (error) {
      // A rule could not be measured (or a bug): this subscription waits, the batch goes on.
      console.error(`Subscription ${subscription.id} could not be evaluated; skipped this tick.`, error)
      skipped += 1
    }
  }
  return {
    writes: {
      rules: ruleUpdates,
      availability,
      events,
      subscriptionIds: subscriptions.map((subscription) => subscription.id),
      evaluatedSubscriptionIds: evaluated,
      evaluatedAtMs: nowMs,
      nextEvalAtMs: nowMs + EVALUATION_INTERVAL_MS,
      prices,
    },
    evaluatedViews: [...evaluatedViews.values()],
    fired,
    rearmed,
    skipped,
    sources: states.length,
    sourceErrors: states.filter((state) => state.status === 'error').length,
    sourceErrorSamples: [
      ...new Set(states.flatMap((state) => (state.error ? [`${state.source.venue}: ${state.error.message}`] : []))),
    ].slice(0, ERROR_SAMPLES),
  }
}

/** Measures and steps every rule of one subscription; nothing is written here. */
async function stepRules({
  subscription,
  rules,
  views,
  volatilityOf,
  nowMs,
}: {
  subscription: AlertSubscriptionRow
  rules: readonly AlertRuleRow[]
  views: readonly MarginAccountView[]
  volatilityOf: (underlying: string) => D | null
  nowMs: number
}): Promise<{ updates: RuleUpdate[]; events: AlertEventRow[]; fired: number; rearmed: number }> {
  const reports = views.map((view) => view.report)
  const updates: RuleUpdate[] = []
  const events: AlertEventRow[] = []
  let fired = 0
  let rearmed = 0
  for (const rule of rules) {
    if (!isAlertRuleKind(rule.kind)) continue
    const value = measureRule({ kind: rule.kind, reports, horizonSec: rule.horizonSeconds, volatilityOf })
    const step = stepRule({ ...rule, kind: rule.kind }, value, nowMs)
    const update: RuleUpdate = {
      id: rule.id,
      expectedSequence: rule.sequence,
      expectedState: rule.state,
      state: rule.state,
      sequence: rule.sequence,
      lastValue: encodeRuleValue(value),
      lastEvaluatedAtMs: nowMs,
      lastFiredAtMs: rule.lastFiredAtMs,
      lastRearmedAtMs: rule.lastRearmedAtMs,
    }
    if (step.action === 'fire') {
      fired += 1
      Object.assign(update, { state: 'fired', sequence: step.sequence, lastFiredAtMs: nowMs })
      events.push(
        await buildAlertFiredEvent({ subscription, rule, sequence: step.sequence, value, reports: views, nowMs }),
      )
    } else if (step.action === 'rearm') {
      rearmed += 1
      Object.assign(update, { state: 'armed', lastRearmedAtMs: nowMs })
    }
    updates.push(update)
  }
  return { updates, events, fired, rearmed }
}
