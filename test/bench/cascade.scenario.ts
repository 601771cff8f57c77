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
 */
import { execSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { computeCascade } from '../../src/engine/cascade'
import { CASCADE_MARKETS, cascadePortfolio } from './cascadePortfolio'

const ACCOUNTS = Number(process.env.CASCADE_BENCH_ACCOUNTS ?? '10000')
/** `CASCADE_BENCH_RUNS=1` runs each side once. */
const RUNS = Number(process.env.CASCADE_BENCH_RUNS ?? '3')
const uptime = () => execSync('uptime').toString().trim()

export default async function cascade(): Promise<void> {
  const accounts = cascadePortfolio(ACCOUNTS)
  console.log(`\nCascade: ${ACCOUNTS} margin accounts, 3 underlyings, shock −15 %; target 2,000 ms in Node`)
  for (let run = 1; run <= RUNS; run++) {
    const perRound: number[] = []
    let last = performance.now()
    const started = last
    const cpuBefore = process.cpuUsage()
    const result = computeCascade({
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
    const cpuMs = (cpu.user + cpu.system) / 1000
    console.log(
      `node run ${run}: ${totalMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (this process, GC threads included), ${result.rounds.length} rounds, fixed point ${result.fixedPoint}; ` +
        `liquidations ${result.rounds.map((r) => r.liquidations.length).join(',')}; ms per round ${perRound.map((ms) => ms.toFixed(0)).join(',')} ` +
        `(shock and last check: ${(totalMs - perRound.reduce((a, b) => a + b, 0)).toFixed(0)} ms)`,
    )
    console.log(`  load: ${uptime()}`)
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
    const url = new URL(`/?accounts=${ACCOUNTS}`, await mf.ready)
    const timed = async (query: string) => {
      const started = performance.now()
      const response = await mf.dispatchFetch(`${url}${query}`)
      const body = (await response.json()) as Record<string, unknown>
      return { ms: performance.now() - started, body }
    }
    for (let run = 1; run <= RUNS; run++) {
      const buildOnly = await timed('&only=build')
      const full = await timed('')
      console.log(
        `workerd run ${run}: ${(full.ms - buildOnly.ms).toFixed(0)} ms cascade (${full.ms.toFixed(0)} ms request, ` +
          `${buildOnly.ms.toFixed(0)} ms building the book), ${JSON.stringify(full.body)}`,
      )
      console.log(`  load: ${uptime()}`)
    }
  } finally {
    await mf.dispose()
  }
}
