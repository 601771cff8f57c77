/**
 * Issue 14's options target: the liquidation-price search of a 20-option book (test/bench/optionsBook.ts)
 * at least 3× faster than before. Both paths are the same solver (scan + Brent on the same trial
 * prices); "before" revalues the whole risk matrix exactly at every trial price
 * (`evaluateUnderlyingRisk`), "after" ranks the scenarios in doubles and revalues only the worst one
 * exactly (`evaluateUnderlyingMargin`). Runs alternate before/after so machine load hits both alike;
 * the printed figures are the median and mean ms per book, with the CPU time of this process, and
 * the load (`uptime`). `OPTIONS_LIQ_RUNS` sets the number of runs per side (default 40).
 */
import { execSync } from 'node:child_process'
import { evaluatePortfolioMargin } from '../../src/engine/options'
import {
  evaluateUnderlyingMargin,
  evaluateUnderlyingRisk,
  preparePortfolioMargin,
} from '../../src/engine/options/preparePortfolioMargin'
import { solvePortfolioLiquidationPrice } from '../../src/engine/options/solvePortfolioLiquidationPrice'
import { NOW, snapshot } from './optionsBook'

const RUNS = Number(process.env.OPTIONS_LIQ_RUNS ?? '40')
const uptime = () => execSync('uptime').toString().trim()
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

export default async function optionsLiquidation(): Promise<void> {
  const report = evaluatePortfolioMargin({ snapshot, nowSec: NOW })
  // The inputs evaluatePortfolioMargin hands the solver (USDC collateral only: no linear ETH
  // exposure), prepared once: the figures time the search alone.
  const { underlyings, grid } = preparePortfolioMargin(snapshot, NOW)
  const book = underlyings[0] as (typeof underlyings)[number]
  const current = evaluateUnderlyingRisk(book, grid, { spotRatio: book.price.div(book.price), logSpotRatio: 0 })
  const search = (evaluate: typeof evaluateUnderlyingMargin) =>
    solvePortfolioLiquidationPrice({
      book,
      grid,
      current,
      equityUsd: report.haircutEquityUsd,
      otherMaintenanceMarginUsd: current.maintenanceMargin.sub(current.maintenanceMargin),
      linearExposure: book.perpSize,
      evaluate,
    })
  const sides = { before: evaluateUnderlyingRisk, after: evaluateUnderlyingMargin } as const
  const results = Object.fromEntries(Object.entries(sides).map(([name, evaluate]) => [name, search(evaluate)]))
  const printed = (name: string) => {
    const result = results[name]
    return result?.kind === 'price' ? result.priceUsd.toSignificantDigits(20).toString() : JSON.stringify(result)
  }
  const wall: Record<string, number[]> = { before: [], after: [] }
  const cpu: Record<string, number[]> = { before: [], after: [] }
  const loadBefore = uptime()
  for (let run = 0; run < RUNS; run++) {
    for (const [name, evaluate] of Object.entries(sides)) {
      const cpuStart = process.cpuUsage()
      const started = performance.now()
      search(evaluate)
      wall[name]?.push(performance.now() - started)
      const used = process.cpuUsage(cpuStart)
      cpu[name]?.push((used.user + used.system) / 1000)
    }
  }
  console.log(`\nOptions liquidation-price search, 20-option book, ${RUNS} runs per side, alternating`)
  console.log(`  load before: ${loadBefore}`)
  console.log('  path                                   median ms  mean ms  CPU ms (mean)  liquidation price')
  for (const name of Object.keys(sides)) {
    const label = name === 'before' ? 'before: whole matrix exact per trial' : 'after: doubles rank, exact worst'
    console.log(
      `  ${label.padEnd(38)} ${median(wall[name] ?? [])
        .toFixed(2)
        .padStart(9)}  ${mean(wall[name] ?? [])
        .toFixed(2)
        .padStart(7)}  ${mean(cpu[name] ?? [])
        .toFixed(2)
        .padStart(13)}  ${printed(name)}`,
    )
  }
  const speedup = median(wall.before ?? []) / median(wall.after ?? [])
  console.log(`  speed-up (median before / median after): ${speedup.toFixed(1)}× (target ≥ 3×)`)
  console.log(`  same liquidation price: ${printed('before') === printed('after')}`)
  const whole: number[] = []
  for (let run = 0; run < Math.min(RUNS, 10); run++) {
    const started = performance.now()
    evaluatePortfolioMargin({ snapshot, nowSec: NOW })
    whole.push(performance.now() - started)
  }
  console.log(`  whole evaluatePortfolioMargin (prepare, report, search) now: median ${median(whole).toFixed(2)} ms`)
  console.log(`  load after: ${uptime()}`)
}
