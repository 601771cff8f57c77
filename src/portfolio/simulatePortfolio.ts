import {
  applyChanges,
  applyChangesWithFunding,
  type D,
  dec,
  EngineInputError,
  type RiskFigures,
  sum,
  type WhatIfChange,
  ZERO,
} from '../engine'
import { InvalidInputError } from '../errors/input'
import type { SourceState } from '../sources/createSourceLoader'
import { checkPriceNames } from './checkPriceNames'
import {
  computedAtSec,
  type EvaluateEntriesReturnType,
  evaluateEntries,
  evaluateEntriesWith,
  figuresOf,
  reportOf,
} from './evaluateEntries'
import { type GetPortfolioParameters, getEntries } from './getPortfolio'
import { byRisk, summarize } from './summarize'
import type {
  Entry,
  FundingView,
  MarginAccountView,
  PortfolioContext,
  SimulationView,
  StressResultView,
  WarningView,
} from './types'

/** A what-if change and the margin account it applies to (null: every margin account, as market moves do). */
export type TargetedChange = { marginAccount: string | null; change: WhatIfChange }

export type SimulatePortfolioParameters = GetPortfolioParameters & { changes: readonly TargetedChange[] }

/**
 * What-if: the portfolio before and after `changes`, and where the funds of every deposit and
 * repay came from (outside the margin accounts, or a named collateral of the same one). Writes
 * nothing.
 *
 * @throws {InvalidInputError} for a change naming a margin account the query does not hold, a price
 * change naming an unknown underlying or asset (`checkPriceNames`), or one the engine refuses
 * (withdrawing more than is supplied, a market the venue does not list, ...).
 */
export async function simulatePortfolio(
  context: PortfolioContext,
  { changes, ...query }: SimulatePortfolioParameters,
): Promise<SimulationView> {
  const { entries, sources, warnings } = await getEntries(context, query)
  return simulateEvaluated(context, evaluateEntries(entries, sources), warnings, changes)
}

/**
 * `simulatePortfolio` over margin accounts already read and evaluated: the one what-if path, shared
 * by `simulate` and by `protect`, whose options are evaluated exactly as `simulate` would evaluate them.
 *
 * @throws {InvalidInputError} as `simulatePortfolio`.
 */
export function simulateEvaluated(
  context: Pick<PortfolioContext, 'nowMs'>,
  before: EvaluateEntriesReturnType,
  warnings: WarningView[],
  changes: readonly TargetedChange[],
): SimulationView {
  checkPriceNames(
    changes.flatMap(({ change }) => priceName(change)),
    before.views.map((view) => view.snapshot),
  )
  const known = new Set(before.views.map((view) => view.id))
  for (const { marginAccount } of changes) {
    if (marginAccount !== null && !known.has(marginAccount))
      throw new InvalidInputError(`No margin account "${marginAccount}" in this query.`)
  }
  const funding: FundingView[] = []
  const changed = before.views.map((view) => {
    const own = changes.flatMap((c, index) =>
      c.marginAccount === null || c.marginAccount === view.id ? [{ index, change: c.change }] : [],
    )
    const applied = withFundedChanges(toEntry(view), own)
    funding.push(...applied.funding)
    return applied.entry
  })
  funding.sort((a, b) => a.change - b.change)
  const after = evaluateEntries(changed, before.sources)
  const afterSummary = summarize(after.views, context.nowMs, after.sources)
  return {
    before: summarize(before.views, context.nowMs, before.sources),
    after: afterSummary,
    marginAccounts: [...afterSummary.marginAccounts],
    sources: after.sources,
    warnings,
    funding,
    externalFundsUsd: funding.reduce((sum, f) => (f.source === 'external' ? sum.add(f.valueUsd) : sum), ZERO),
  }
}

export type StressScenario = {
  name: string
  /** The underlying shocked; null for every crypto underlying together. */
  underlying: string | null
  /** Relative move, a decimal string fraction (`"-0.2"`: down 20 %). */
  move: string
}

export type StressPortfolioParameters = GetPortfolioParameters & { scenarios: readonly StressScenario[] }

/**
 * Price shocks: equity after each and the margin accounts it would liquidate. Writes nothing.
 *
 * @throws {InvalidInputError} for a scenario naming an unknown underlying or asset (`checkPriceNames`).
 */
export async function stressPortfolio(
  context: PortfolioContext,
  { scenarios, ...query }: StressPortfolioParameters,
): Promise<StressResultView[]> {
  const { entries, sources, warnings } = await getEntries(context, query)
  return stressEntries(entries, sources, warnings, scenarios)
}

/**
 * `stressPortfolio` over margin accounts already read: each scenario's shock applied to every
 * margin account, evaluated and summed.
 *
 * @throws {InvalidInputError} as `stressPortfolio`.
 */
export function stressEntries(
  entries: readonly Entry[],
  sources: readonly SourceState[],
  warnings: WarningView[],
  scenarios: readonly StressScenario[],
): StressResultView[] {
  checkPriceNames(
    scenarios.flatMap((scenario) => (scenario.underlying === null ? [] : [scenario.underlying])),
    entries.map((entry) => entry.snapshot),
  )
  const base = evaluateEntries(entries, sources)
  const baseEquityUsd = totalEquityUsd([...base.views].sort(byRisk))
  const evaluable = base.views.map(toEntry)
  return scenarios.map((scenario) => {
    const change: WhatIfChange = scenario.underlying
      ? { kind: 'movePrice', underlying: scenario.underlying, move: scenario.move }
      : { kind: 'moveAllCrypto', move: scenario.move }
    const shocked = evaluable.map((entry) => withChanges(entry, [change]))
    // A scenario's answer is its equity and the margin accounts it liquidates: figures only, no
    // liquidation price searches; `liquidatedViews` evaluates the full reports of those asked for.
    const evaluated = evaluateEntriesWith(shocked, base.sources, figuresOf)
    const sorted = [...evaluated.views].sort(byRisk)
    const equityUsd = totalEquityUsd(sorted)
    return {
      name: scenario.name,
      underlying: scenario.underlying,
      move: dec(scenario.move),
      known: sorted.length > 0 || evaluated.sources.every((source) => source.status !== 'error'),
      equityUsd,
      equityChangeUsd: equityUsd.sub(baseEquityUsd),
      liquidated: sorted.filter((view) => view.report.liquidatable),
      warnings,
    }
  })
}

/** Σ equity in the order given, as `aggregateReports` sums a summary's (risk order): the same figure to the last digit. */
const totalEquityUsd = (views: readonly { report: Pick<RiskFigures, 'equityUsd'> }[]): D =>
  sum(views.map((view) => view.report.equityUsd))

/** The full views (report with positions and liquidation prices) of the margin accounts a scenario liquidates. */
export function liquidatedViews(result: StressResultView): MarginAccountView[] {
  return result.liquidated.map((view) => ({ ...view, report: reportOf(view.snapshot) }))
}

/** The underlying or asset a change prices, if it names one. */
function priceName(change: WhatIfChange): string[] {
  if (change.kind === 'movePrice' || change.kind === 'setPrice') return [change.underlying]
  if (change.kind === 'shiftVolatility' && change.underlying !== undefined) return [change.underlying]
  return []
}

const toEntry = ({ snapshot, source, venueReported }: MarginAccountView): Entry => ({ snapshot, source, venueReported })

/** The entry with `changes` applied; a change the engine refuses is the caller's input. */
function withChanges(entry: Entry, changes: readonly WhatIfChange[]): Entry {
  const nowSec = computedAtSec(entry.snapshot)
  return refusedAsInput(() => ({ ...entry, snapshot: applyChanges({ snapshot: entry.snapshot, changes, nowSec }) }))
}

/** `withChanges` for changes that keep their index in the caller's list, with the funding of each deposit and repay. */
function withFundedChanges(
  entry: Entry,
  changes: readonly { index: number; change: WhatIfChange }[],
): { entry: Entry; funding: FundingView[] } {
  return refusedAsInput(() => {
    const applied = applyChangesWithFunding({
      snapshot: entry.snapshot,
      changes: changes.map((c) => c.change),
      nowSec: computedAtSec(entry.snapshot),
    })
    const funding = applied.funding.flatMap((flow, i) => {
      const change = changes[i]?.index
      return flow === undefined || change === undefined ? [] : [{ ...flow, change }]
    })
    return { entry: { ...entry, snapshot: applied.snapshot }, funding }
  })
}

function refusedAsInput<value>(run: () => value): value {
  try {
    return run()
  } catch (error) {
    if (error instanceof EngineInputError) throw new InvalidInputError(error.message, { cause: error })
    throw error
  }
}
