/**
 * Issue 17's performance target: a cascade over 10,000 margin accounts and 3 underlyings to its
 * fixed point within 2 s in Node, and within the request CPU limit in a Worker. The book is
 * test/bench/cascadePortfolio.ts (Aave v3 across releases, Morpho Blue, Hyperliquid, dYdX v4;
 * ETH on a 2 % book, BTC on the square-root law, SOL in a constant-product pool; all shocked −15 %).
 *
 * Node: three runs in this process (the first pays the JIT), each with its time per round and its
 * CPU time (process.cpuUsage: on a loaded machine, wall time counts other processes' turns too).
 * Worker: the same code bundled (esbuild) and run by Miniflare in workerd; the Worker's clock does
 * not advance while it computes, so the time is the request's wall time seen from here, minus a
 * request that only builds the book. The machine's load (`uptime`) is printed beside each: the
 * numbers are wall times on a shared machine.
 *
 * Each run prints a hash of the whole result (rounds, liquidations, price path, bad debt, toxic
 * accounts, every account's outcome and final snapshot), so runs and revisions can be compared for
 * equality. `CASCADE_BENCH_BASELINE=<git revision>` also runs that revision's computeCascade.ts
 * (copied beside the current one for the run, removed after) on the same book in the same process,
 * alternating with the current one, and prints both hashes and the CPU ratio; the rest of the engine
 * (venue rules, decimal.ts) is the current one on both sides.
 *
 * The workerd side also runs the cascade at `CASCADE_BENCH_QUERY_ACCOUNTS` (default 500) accounts:
 * the `cascade` query reads at most 20 addresses and 10 declared margin accounts, a few hundred
 * margin accounts at most, which is what one request computes.
 */
import { execSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { computeCascade } from '../../src/engine/cascade'
import { CASCADE_MARKETS, cascadePortfolio, resultHash } from './cascadePortfolio'

const ACCOUNTS = Number(process.env.CASCADE_BENCH_ACCOUNTS ?? '10000')
/** `CASCADE_BENCH_RUNS=1` runs each side once. */
const RUNS = Number(process.env.CASCADE_BENCH_RUNS ?? '3')
const uptime = () => execSync('uptime').toString().trim()
const BASELINE = process.env.CASCADE_BENCH_BASELINE
const QUERY_ACCOUNTS = Number(process.env.CASCADE_BENCH_QUERY_ACCOUNTS ?? '500')

type Cascade = typeof computeCascade

/** `revision`'s computeCascade.ts, written beside the current one so its imports resolve. */
async function loadBaseline(revision: string): Promise<{ compute: Cascade; remove(): void }> {
  const source = execSync(`git show ${revision}:src/engine/cascade/computeCascade.ts`, {
    cwd: import.meta.dirname,
  }).toString()
  const path = join(import.meta.dirname, '../../src/engine/cascade', `.baseline-${process.pid}.ts`)
  writeFileSync(path, source)
  try {
    const module = (await import(path)) as { computeCascade: Cascade }
    return { compute: module.computeCascade, remove: () => rmSync(path, { force: true }) }
  } catch (error) {
    rmSync(path, { force: true })
    throw error
  }
}

function timedRun(compute: Cascade, accounts: ReturnType<typeof cascadePortfolio>) {
  const perRound: number[] = []
  let last = performance.now()
  const started = last
  const cpuBefore = process.cpuUsage()
  const result = compute({
    accounts,
    markets: CASCADE_MARKETS,
    maxRounds: 100,
    onRound: () => {
      const now = performance.now()
      perRound.push(now - last)
      last = now
    },
  })
  const totalMs = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  return { result, perRound, totalMs, cpuMs: (cpu.user + cpu.system) / 1000 }
}

export default async function cascade(): Promise<void> {
  const accounts = cascadePortfolio(ACCOUNTS)
  console.log(`\nCascade: ${ACCOUNTS} margin accounts, 3 underlyings, shock −15 %; target 2,000 ms in Node`)
  const baseline = BASELINE ? await loadBaseline(BASELINE) : undefined
  try {
    const cpu: { current: number[]; baseline: number[] } = { current: [], baseline: [] }
    for (let run = 1; run <= RUNS; run++) {
      const sides = baseline
        ? ([
            ['current', computeCascade],
            [`baseline ${BASELINE}`, baseline.compute],
          ] as const)
        : ([['current', computeCascade]] as const)
      for (const [name, compute] of sides) {
        const { result, perRound, totalMs, cpuMs } = timedRun(compute, accounts)
        ;(name === 'current' ? cpu.current : cpu.baseline).push(cpuMs)
        console.log(
          `node run ${run} (${name}): ${totalMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (this process, GC threads included), ${result.rounds.length} rounds, fixed point ${result.fixedPoint}, result ${resultHash(result)}; ` +
            `liquidations ${result.rounds.map((r) => r.liquidations.length).join(',')}; ms per round ${perRound.map((ms) => ms.toFixed(0)).join(',')} ` +
            `(shock and last check: ${(totalMs - perRound.reduce((a, b) => a + b, 0)).toFixed(0)} ms)`,
        )
        console.log(`  load: ${uptime()}`)
      }
    }
    if (baseline) {
      const best = (values: number[]) => Math.min(...values)
      console.log(
        `best CPU: current ${best(cpu.current).toFixed(0)} ms, baseline ${best(cpu.baseline).toFixed(0)} ms: ` +
          `${(best(cpu.baseline) / best(cpu.current)).toFixed(2)}x`,
      )
    }
  } finally {
    baseline?.remove()
  }

  const outdir = mkdtempSync(join(tmpdir(), 'solvent-cascade-'))
  await build({
    entryPoints: [join(import.meta.dirname, 'cascadeWorker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: join(outdir, 'worker.js'),
    logLevel: 'error',
  })
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    modulesRoot: outdir,
    compatibilityDate: '2026-04-20',
  })
  try {
    const origin = await mf.ready
    const timed = async (count: number, query: string) => {
      const started = performance.now()
      const response = await mf.dispatchFetch(new URL(`/?accounts=${count}${query}`, origin))
      const body = (await response.json()) as Record<string, unknown>
      return { ms: performance.now() - started, body }
    }
    for (const count of [...new Set([QUERY_ACCOUNTS, ACCOUNTS])]) {
      for (let run = 1; run <= RUNS; run++) {
        const buildOnly = await timed(count, '&only=build')
        const full = await timed(count, '')
        console.log(
          `workerd ${count} accounts, run ${run}: ${(full.ms - buildOnly.ms).toFixed(0)} ms cascade (${full.ms.toFixed(0)} ms request, ` +
            `${buildOnly.ms.toFixed(0)} ms building the book), ${JSON.stringify(full.body)}`,
        )
        console.log(`  load: ${uptime()}`)
      }
    }
  } finally {
    await mf.dispose()
  }
}
