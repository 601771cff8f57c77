/**
 * `stressEntries` evaluates each scenario's margin accounts for their figures only and the liquidated
 * ones' full reports when asked: every answer must equal the one of the full evaluation it replaces
 * (each shocked margin account evaluated with its positions and summarized, as `simulate` does).
 */
import { describe, expect, it } from 'vitest'
import { applyChanges } from '../../../src/engine'
import { D } from '../../../src/engine/decimal'
import type { MarginAccountSnapshot } from '../../../src/engine/evaluateMarginAccount'
import { deepFreeze } from '../../../src/lib/isolateCache'
import { evaluateEntries } from '../../../src/portfolio/evaluateEntries'
import { liquidatedViews, type StressScenario, stressEntries } from '../../../src/portfolio/simulatePortfolio'
import { summarize } from '../../../src/portfolio/summarize'
import type { Entry } from '../../../src/portfolio/types'
import { morphoSnapshot } from '../engine/morpho-blue/fixtures'
import { allSamples } from '../engine/sampleSnapshots'

/** Decimals as strings, everything else as it is: two answers compare digit for digit. */
function plain(value: unknown): unknown {
  if (value instanceof D) return `D:${value.toFixed()}`
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plain(field)]))
  return value
}

/** The answer of the full evaluation: every shocked margin account evaluated with its positions, then summarized. */
function fullAnswer(entries: readonly Entry[], scenario: StressScenario) {
  const base = evaluateEntries(entries, [])
  const baseSummary = summarize(base.views, 0, base.sources)
  const change = scenario.underlying
    ? ({ kind: 'movePrice', underlying: scenario.underlying, move: scenario.move } as const)
    : ({ kind: 'moveAllCrypto', move: scenario.move } as const)
  const shocked = base.views.map((view) => ({
    ...view,
    snapshot: applyChanges({ snapshot: view.snapshot, changes: [change], nowSec: view.snapshot.asOfSec }),
  }))
  const after = evaluateEntries(shocked, base.sources)
  const summary = summarize(after.views, 0, after.sources)
  return plain({
    equityUsd: summary.known ? summary.aggregate.equityUsd : null,
    equityChangeUsd: summary.known ? summary.aggregate.equityUsd.sub(baseSummary.aggregate.equityUsd) : null,
    liquidatedCount: summary.aggregate.liquidatableCount,
    liquidated: summary.marginAccounts.filter((view) => view.report.liquidatable),
  })
}

const SCENARIOS: StressScenario[] = [
  ...['-0.05', '-0.2', '-0.35', '-0.6', '-0.9', '0.3'].map((move) => ({ name: move, underlying: null, move })),
  { name: 'ETH crash', underlying: 'ETH', move: '-0.95' },
  { name: 'BTC rally', underlying: 'BTC', move: '0.5' },
  { name: 'USDC depeg', underlying: 'USDC', move: '-0.3' },
]

describe('stressEntries', () => {
  it('answers every scenario as the full evaluation does, on every margin model', () => {
    // Every model; the frozen copies take the per-isolate report memo's path, as cached snapshots do.
    const snapshots: MarginAccountSnapshot[] = [...allSamples, morphoSnapshot()]
    const entries: Entry[] = [
      ...snapshots.map((snapshot) => ({ snapshot, source: null })),
      ...snapshots.map((snapshot) => ({
        snapshot: deepFreeze(structuredClone({ ...snapshot, marginAccountId: `${snapshot.marginAccountId}:frozen` })),
        source: null,
      })),
    ]
    expect(new Set(entries.map((entry) => entry.snapshot.model)).size).toBe(6)
    const results = stressEntries(entries, [], [], SCENARIOS)
    let liquidatedSeen = 0
    for (const [index, scenario] of SCENARIOS.entries()) {
      const result = results[index]
      if (!result) throw new Error(`no result for ${scenario.name}`)
      const answer = plain({
        equityUsd: result.known ? result.equityUsd : null,
        equityChangeUsd: result.known ? result.equityChangeUsd : null,
        liquidatedCount: result.liquidated.length,
        liquidated: liquidatedViews(result),
      })
      expect(answer, scenario.name).toEqual(fullAnswer(entries, scenario))
      liquidatedSeen += result.liquidated.length
    }
    // The scenarios reach liquidations (with their full reports and liquidation prices), not only healthy accounts.
    expect(liquidatedSeen).toBeGreaterThan(4)
  })
})
