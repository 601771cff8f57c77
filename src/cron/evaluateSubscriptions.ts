/**
 * One cron tick over the watched accounts: load the due subscriptions in batches, read their accounts
 * through the shared source path (one multicall per chain per batch, one request per HTTP account),
 * evaluate every rule with the engine, move each rule's state, persist state and events in one D1
 * transaction per batch, then hand the new events to their endpoints' Durable Objects.
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
import { claimDueSubscriptions, getRulesOf } from '../db/queries/alertSubscriptions'
import {
  type AvailabilityUpdate,
  commitTickBatch,
  type RuleUpdate,
  type TickBatchWrites,
} from '../db/queries/alertTick'
import { getPriceHistory } from '../db/queries/priceHistory'
import { createReferenceCache } from '../db/queries/referenceData'
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

/** Subscriptions per batch: one source read and one D1 transaction each. */
export const DEFAULT_BATCH_SIZE = 500
/** A subscription evaluated now is due again at the next minute's tick (a little slack for jitter). */
export const EVALUATION_INTERVAL_MS = 55_000
/** How much minute-price history feeds the EWMA volatility of probability rules. */
const VOLATILITY_WINDOW_MS = 6 * 3_600_000
/** A claimed subscription not committed within this time (its tick died) falls due again. */
export const CLAIM_LEASE_MS = 3 * 60_000
/** Events left un-handed by a tick that died are handed on by the next, this many at a time. */
const LEFTOVER_EVENTS_PER_TICK = 1_000

export type EvaluateSubscriptionsParameters = {
  env: Env
  db: Database
  /** The tick's clock (the cron's scheduled time): every rule of the tick sees the same instant. */
  nowMs: number
  adapters?: AdapterMap | undefined
  fetch?: typeof fetch | undefined
  batchSize?: number | undefined
  /**
   * Evaluates every active subscription, not only the due ones (local development's manual tick,
   * `POST /__sandbox/tick`): the once-a-minute schedule would otherwise ignore a second tick within 55 s.
   */
  everySubscription?: boolean | undefined
}

export type TickReport = {
  batches: number
  subscriptions: number
  /**
   * Subscriptions held: a source was STALE or ERROR, or the engine refused a snapshot. Their rules keep
   * their state (neither fire nor re-arm) and the subscriber is told once per episode (`data.unavailable`).
   */
  skipped: number
  /** Batches that failed as a whole (D1 or the hand-off); their subscriptions fall due again after the lease. */
  failedBatches: number
  rules: number
  fired: number
  rearmed: number
  /** Events this tick inserted (another tick's duplicates are not counted). */
  events: number
  handedOff: number
  sources: number
  sourceErrors: number
  /** A few distinct source error messages, for the tick's log line. */
  sourceErrorSamples: string[]
}

/** Distinct error messages kept per tick report. */
const ERROR_SAMPLES = 3

export async function evaluateSubscriptions({
  env,
  db,
  nowMs,
  adapters = allAdapters,
  fetch: fetchFn = (input, init) => fetch(input, init),
  batchSize = DEFAULT_BATCH_SIZE,
  everySubscription = false,
}: EvaluateSubscriptionsParameters): Promise<TickReport> {
  const report: TickReport = {
    batches: 0,
    subscriptions: 0,
    skipped: 0,
    failedBatches: 0,
    rules: 0,
    fired: 0,
    rearmed: 0,
    events: 0,
    handedOff: 0,
    sources: 0,
    sourceErrors: 0,
    sourceErrorSamples: [],
  }
  const leftovers = await getUnhandedEvents(db, nowMs, LEFTOVER_EVENTS_PER_TICK)
  if (leftovers.length > 0) report.handedOff += (await handOffEvents(env, db, leftovers, nowMs)).handedOff

  const loadSources = createSourceLoader({
    db,
    adapters,
    context: { env, fetch: fetchFn, nowMs, referenceCache: createReferenceCache(db) },
    cache: false,
  })
  let afterId = ''
  for (;;) {
    const subscriptions = await claimDueSubscriptions(db, {
      nowMs,
      afterId,
      limit: batchSize,
      leaseUntilMs: nowMs + CLAIM_LEASE_MS,
      dueByMs: everySubscription ? Number.MAX_SAFE_INTEGER : nowMs,
    })
    if (subscriptions.length === 0) break
    afterId = (subscriptions.at(-1) as AlertSubscriptionRow).id
    report.batches += 1
    report.subscriptions += subscriptions.length
    try {
      const plan = await planBatch({ env, db, nowMs, adapters, loadSources, subscriptions })
      const inserted = new Set(await commitTickBatch(db, plan.writes))
      const events = plan.writes.events.filter((event) => inserted.has(event.id))
      report.skipped += plan.skipped
      report.rules += plan.writes.rules.length
      report.fired += plan.fired
      report.rearmed += plan.rearmed
      report.events += events.length
      report.sources += plan.sources
      report.sourceErrors += plan.sourceErrors
      for (const message of plan.sourceErrorSamples) {
        if (report.sourceErrorSamples.length < ERROR_SAMPLES && !report.sourceErrorSamples.includes(message))
          report.sourceErrorSamples.push(message)
      }
      // Stored already: a failed hand-off is retried by the next tick's leftover pass.
      if (events.length > 0) report.handedOff += (await handOffEvents(env, db, events, nowMs)).handedOff
    } catch (error) {
      // One bad batch must not stop the others (nor the sweep and the heartbeat after the tick).
      report.failedBatches += 1
      console.error(`Cron batch after ${afterId} failed; its subscriptions fall due again after the lease.`, error)
    }
    if (subscriptions.length < batchSize) break
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
