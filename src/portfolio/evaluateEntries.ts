import {
  EngineInputError,
  evaluateMarginAccount,
  evaluateMarginFigures,
  type MarginAccountSnapshot,
  type RiskFigures,
  type RiskReport,
} from '../engine'
import { InvalidInputError } from '../errors/input'
import { deepFreeze } from '../lib/isolateCache'
import { toSourceError } from '../protocols/toSourceError'
import type { SourceState } from '../sources/createSourceLoader'
import type { Entry, MarginAccountView } from './types'

export type EvaluateEntriesReturnType = {
  views: MarginAccountView[]
  /**
   * The sources as the answer reports them: a source whose snapshot the engine refused is turned
   * into an error (its margin accounts are left out), the others are as they were read.
   */
  sources: SourceState[]
}

/**
 * Evaluates every entry at its own time (`computedAtSec`: a chain's block timestamp, a venue's
 * clock, the request time for a declared margin account). A venue snapshot the engine refuses fails its own source only
 * (a partial result, reported in `sources`); a declared margin account the engine refuses is the
 * caller's input, so it throws.
 *
 * @throws {InvalidInputError} when a declared margin account cannot be evaluated.
 */
export function evaluateEntries(entries: readonly Entry[], sources: readonly SourceState[]): EvaluateEntriesReturnType {
  return evaluateEntriesWith(entries, sources, reportOf)
}

/** A margin account evaluated by `evaluate` (a full report, or its figures only). */
export type EvaluatedEntry<report> = Omit<MarginAccountView, 'report'> & { report: report }

/**
 * `evaluateEntries` with another evaluation of each snapshot (`figuresOf`: the figures without the
 * positions), with the same refusals: a snapshot the engine refuses fails its source, or throws when declared.
 *
 * @throws {InvalidInputError} as `evaluateEntries`.
 */
export function evaluateEntriesWith<report>(
  entries: readonly Entry[],
  sources: readonly SourceState[],
  evaluate: (snapshot: MarginAccountSnapshot) => report,
): { views: EvaluatedEntry<report>[]; sources: SourceState[] } {
  const refused = new Map<SourceState, unknown>()
  const views: EvaluatedEntry<report>[] = []
  for (const entry of entries) {
    if (entry.source && refused.has(entry.source)) continue
    try {
      views.push({
        id: marginAccountId(entry.snapshot, entry.source),
        snapshot: entry.snapshot,
        report: evaluate(entry.snapshot),
        source: entry.source,
        venueReported: entry.venueReported,
      })
    } catch (error) {
      if (!(error instanceof EngineInputError)) throw error
      if (entry.source === null) throw new InvalidInputError(error.message, { cause: error })
      refused.set(entry.source, error)
    }
  }
  if (refused.size === 0) return { views, sources: [...sources] }
  return {
    views: views.filter((view) => view.source === null || !refused.has(view.source)),
    sources: sources.map((source) => {
      const error = refused.get(source)
      return error === undefined
        ? source
        : { ...source, status: 'error', snapshots: [], error: toSourceError({ thrown: error }) }
    }),
  }
}

/**
 * Reports of frozen snapshots (the cache's shared, parsed payloads), per isolate: a report is a pure
 * function of its snapshot (evaluated at the snapshot's own time), so a snapshot served again is not
 * evaluated again. A snapshot that is not frozen (a fresh read, a declared or what-if one) could still
 * change, so it is evaluated every time.
 */
const reports = new WeakMap<MarginAccountSnapshot, RiskReport>()

export function reportOf(snapshot: MarginAccountSnapshot): RiskReport {
  if (!Object.isFrozen(snapshot)) return evaluateMarginAccount({ snapshot, nowSec: computedAtSec(snapshot) })
  let report = reports.get(snapshot)
  if (report === undefined) {
    report = deepFreeze(evaluateMarginAccount({ snapshot, nowSec: computedAtSec(snapshot) }))
    reports.set(snapshot, report)
  }
  return report
}

/**
 * The figures of a snapshot's report without its positions (`evaluateMarginFigures`): the memoized
 * report of a frozen snapshot (a superset of them), else the figures alone, which skip the
 * liquidation price searches.
 */
export function figuresOf(snapshot: MarginAccountSnapshot): RiskFigures {
  if (Object.isFrozen(snapshot)) return reportOf(snapshot)
  return evaluateMarginFigures({ snapshot, nowSec: computedAtSec(snapshot) })
}

/**
 * The time a snapshot's figures are computed at: its own `asOfSec` (block timestamp, venue clock,
 * or the request time of a declared margin account). On-chain figures then equal what the contracts
 * return at that block, to the wei; projecting interest to the request time would buy seconds of
 * accrual and make the figure unverifiable (DESIGN.md, invariants).
 */
export const computedAtSec = (snapshot: Pick<MarginAccountSnapshot, 'asOfSec'>): number => snapshot.asOfSec

/** Stable id of a margin account: `protocol:chain:market:account:marginAccountId`. */
export function marginAccountId(snapshot: MarginAccountSnapshot, source: SourceState | null): string {
  const market = source?.source.market ?? ''
  return [snapshot.venue, snapshot.chainId ?? '', market, snapshot.account, snapshot.marginAccountId].join(':')
}
