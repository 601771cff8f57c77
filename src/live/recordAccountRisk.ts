/**
 * The live-push share of a cron tick: evaluates the addresses with an open live-push stream (a
 * `risk_watches` row), records one row per margin account for the minute (the dashboard's history),
 * and tells each live-push object what was evaluated, so it pushes to its streams only when a figure
 * changed. The addresses of alert subscriptions are recorded by the queue consumer's evaluation of each
 * shard (`runShard`, src/cron/evaluateSubscriptions.ts), from the same read, all of them; this pass
 * covers only what a dashboard or a stream watches without a subscription.
 */
import type { Database } from '../db/client'
import { createReferenceCache } from '../db/queries/referenceData'
import { getLiveRiskWatches, recordRiskMinutesStatement } from '../db/queries/riskMinutes'
import { sourceKeyString, toSourceKey } from '../db/queries/sources'
import { evaluateEntries } from '../portfolio/evaluateEntries'
import { entriesOf, sourcesOfAccounts } from '../portfolio/loadEntries'
import { parseAccount } from '../protocols/address'
import { adapters as allAdapters } from '../protocols/registry'
import type { AccountRef, AdapterMap, VenueAdapter } from '../protocols/types'
import { createSourceLoader, type SourceState } from '../sources/createSourceLoader'
import { fingerprintRisk } from './fingerprintView'
import { riskHubStub, WATCH_TTL_MS } from './riskHubStub'

/** Watched addresses evaluated per tick at most (one source read each, batched per chain); the rest wait for a later tick. */
export const MAX_RECORDED_ADDRESSES = 500
/** Live-push objects notified per tick at most. */
export const MAX_WATCHES_PER_TICK = 1_000

export type RecordAccountRiskParameters = {
  env: Env
  db: Database
  nowMs: number
  adapters?: AdapterMap | undefined
  fetch?: typeof fetch | undefined
}

export type RecordAccountRiskReport = {
  addresses: number
  /** Addresses left for a later tick (past `MAX_RECORDED_ADDRESSES`). */
  deferred: number
  marginAccounts: number
  watches: number
  pushed: number
  /** Watches whose object holds no stream any more (dropped). */
  dropped: number
}

export async function recordAccountRisk({
  env,
  db,
  nowMs,
  adapters = allAdapters,
  fetch: fetchFn = (input, init) => fetch(input, init),
}: RecordAccountRiskParameters): Promise<RecordAccountRiskReport> {
  const watches = await getLiveRiskWatches(db, nowMs, MAX_WATCHES_PER_TICK)
  const all = new Map<string, AccountRef>()
  const add = (address: string) => {
    try {
      const ref = parseAccount(address)
      all.set(`${ref.kind}:${ref.address}`, ref)
    } catch {
      // stored normalized; an address no longer valid is not recorded
    }
  }
  for (const watch of watches) for (const address of watch.addresses) add(address)
  const accounts = [...all.values()].slice(0, MAX_RECORDED_ADDRESSES)
  const report: RecordAccountRiskReport = {
    addresses: accounts.length,
    deferred: all.size - accounts.length,
    marginAccounts: 0,
    watches: watches.length,
    pushed: 0,
    dropped: 0,
  }
  if (accounts.length === 0) return report

  const adapterList = Object.values(adapters) as VenueAdapter[]
  // Cached (written back): the live-push objects read these very snapshots for their update.
  const loadSources = createSourceLoader({
    db,
    adapters,
    context: { env, fetch: fetchFn, nowMs, referenceCache: createReferenceCache(db) },
  })
  const sourcesOf = new Map(
    accounts.map((account) => [account.address, sourcesOfAccounts([account], adapterList, env, {})]),
  )
  const states = await loadSources([...sourcesOf.values()].flat(), 0)
  const stateOf = new Map(states.map((state) => [sourceKeyString(toSourceKey(state.source)), state]))
  const ownStates = (address: string): SourceState[] =>
    (sourcesOf.get(address) ?? []).flatMap((source) => stateOf.get(sourceKeyString(toSourceKey(source))) ?? [])

  const evaluatedOf = new Map(
    accounts.map((account) => {
      const own = ownStates(account.address)
      return [account.address, evaluateEntries(entriesOf(own), own)] as const
    }),
  )
  // Only current figures are history: a stale or failed source's margin accounts are not recorded.
  const recorded = [...evaluatedOf.values()].flatMap(({ views }) =>
    views.filter((view) => view.source?.status === 'ok'),
  )
  report.marginAccounts = recorded.length
  if (recorded.length > 0) await recordRiskMinutesStatement(db, recorded, nowMs).run()

  const outcomes = await Promise.all(
    watches.map(async (watch) => {
      const own = watch.addresses.flatMap((address) => {
        const evaluated = evaluatedOf.get(address)
        return evaluated ? [evaluated] : []
      })
      const fingerprint = fingerprintRisk(
        own.flatMap((e) => e.views),
        own.flatMap((e) => e.sources),
      )
      try {
        const refs = watch.addresses.map(parseAccount)
        return { watch, ...(await riskHubStub(env, refs).refresh(fingerprint)) }
      } catch (error) {
        console.error(`Live push to ${watch.key} failed; the next tick tries again.`, error)
        return { watch, streams: 1, pushed: false }
      }
    }),
  )
  report.pushed = outcomes.filter((o) => o.pushed).length
  const idle = outcomes.filter((o) => o.streams === 0).map((o) => o.watch.key)
  const open = outcomes.filter((o) => o.streams > 0).map((o) => o.watch.key)
  report.dropped = idle.length
  await renewWatches(db, open, idle, nowMs)
  return report
}

/** Watches that still hold streams live on; those that hold none are dropped. */
async function renewWatches(db: Database, open: readonly string[], idle: readonly string[], nowMs: number) {
  const d1 = db.$client
  const statements = [
    ...(open.length > 0
      ? [
          d1
            .prepare('UPDATE risk_watches SET expires_at_ms = ?1 WHERE key IN (SELECT value FROM json_each(?2))')
            .bind(nowMs + WATCH_TTL_MS, JSON.stringify(open)),
        ]
      : []),
    ...(idle.length > 0
      ? [
          d1
            .prepare('DELETE FROM risk_watches WHERE key IN (SELECT value FROM json_each(?1))')
            .bind(JSON.stringify(idle)),
        ]
      : []),
  ]
  if (statements.length > 0) await d1.batch(statements)
}
