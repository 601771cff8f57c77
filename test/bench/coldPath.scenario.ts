/**
 * `npm run bench -- coldPath`: the cold `account` (`maxAgeSeconds: 0`, every source read upstream) of the
 * demo account with positions everywhere, and what the Worker adds over its reads, optionally beside a
 * baseline revision in the same run.
 *
 * One sandbox; `wrangler dev` of this checkout in front of it, and with `COLD_BENCH_BASELINE=<git revision>`
 * a second `wrangler dev` of that revision's tree (`git archive`d to a temporary folder, sharing these
 * node_modules), each with its own counting proxies and local D1. Interleaved A/B rounds of a bounded
 * burst over 10 connections give req/s, p50 and workerd CPU per request (/proc, the Worker, local D1 and
 * the dev proxy together); then, one request at a time and interleaved, the cold latency beside viem's
 * `getUserAccountData` on both chains in parallel (what a user would write instead) and beside the
 * Worker's own aggregate3 `eth_call`s replayed directly (the RPC floor of the same reads, nothing
 * decoded). Both sides read the same chains, so their floors are the same. `uptime` is printed with the figures.
 *
 * Knobs: COLD_BENCH_BASELINE (a revision; none: this checkout alone), COLD_BENCH_REQUESTS (per burst,
 * default 60), COLD_BENCH_ROUNDS (default 3), COLD_BENCH_SAMPLES (one at a time, default 40).
 */
import { execSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoAccount } from '../harness/demoAccounts'
import { startSandbox } from '../harness/sandbox'
import { ROOT } from '../harness/sandboxFile'
import { ask, burst, type DevTarget, directReads, percentile, startDevTarget, uptime } from './devTarget'
import { ACCOUNT_FIELDS } from './load.scenario'
import { cpuMs } from './processCpu'

const BASELINE = process.env.COLD_BENCH_BASELINE
const REQUESTS = Number(process.env.COLD_BENCH_REQUESTS ?? 60)
const ROUNDS = Number(process.env.COLD_BENCH_ROUNDS ?? 3)
const SAMPLES = Number(process.env.COLD_BENCH_SAMPLES ?? 40)
const CONCURRENCY = 10

const everywhere = demoAccount('everywhere').address
const COLD = `{ account(address: "${everywhere}", maxAgeSeconds: 0) { ${ACCOUNT_FIELDS} } }`

/** The baseline revision's tree in a temporary folder, with this checkout's node_modules. */
function extractBaseline(revision: string): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'solvent-baseline-'))
  execSync(`git archive ${revision} | tar -x -C ${root}`, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'))
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) }
}

type Side = {
  name: string
  target: DevTarget
  latencies: number[]
  wallMs: number
  cpuMs: number
  oneAtATime: number[]
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )

export default async function coldPath(): Promise<void> {
  const sandbox = await startSandbox({ writeFiles: false })
  const baseline = BASELINE ? extractBaseline(BASELINE) : undefined
  const sides: Side[] = []
  try {
    const side = async (name: string, root?: string) => {
      const target = await startDevTarget({ sandbox, root })
      sides.push({ name, target, latencies: [], wallMs: 0, cpuMs: 0, oneAtATime: [] })
    }
    await side('current')
    if (baseline && BASELINE) await side(`baseline ${BASELINE}`, baseline.root)
    for (const { target } of sides) await burst(target.url, COLD, 20, CONCURRENCY)

    console.log(
      `\nCold account (maxAgeSeconds: 0, "everywhere"): ${ROUNDS} interleaved rounds of ${REQUESTS} requests over ${CONCURRENCY} connections per side`,
    )
    console.log(`uptime (load average 1/5/15 min) before: ${uptime()}`)
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of sides) {
        const before = cpuMs(s.target.workerdPids)
        const result = await burst(s.target.url, COLD, REQUESTS, CONCURRENCY)
        s.cpuMs += cpuMs(s.target.workerdPids) - before
        s.latencies.push(...result.latencies)
        s.wallMs += result.wallMs
      }
    }

    // One at a time, interleaved: each side's cold account, viem's getUserAccountData, the Worker's own eth_calls.
    const { userAccountData, ownAggregate3 } = directReads((sides[0] as Side).target, everywhere)
    await userAccountData()
    await ownAggregate3()
    const directMs: number[] = []
    const ownMs: number[] = []
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now()
      await run()
      return performance.now() - started
    }
    for (let i = 0; i < SAMPLES; i++) {
      for (const s of sides) s.oneAtATime.push(await ask(s.target.url, COLD))
      directMs.push(await timed(userAccountData))
      ownMs.push(await timed(ownAggregate3))
    }
    const uptimeAfter = uptime()

    console.log(
      `${'side'.padEnd(34)}${'req/s'.padStart(7)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'workerd CPU ms/req'.padStart(20)}${'1-at-a-time p50'.padStart(17)}${'/getUserAccountData'.padStart(21)}${'/own aggregate3'.padStart(17)}`,
    )
    for (const s of sides) {
      const sorted = [...s.latencies].sort((a, b) => a - b)
      const one = median(s.oneAtATime)
      console.log(
        `${s.name.padEnd(34)}${(s.latencies.length / (s.wallMs / 1000)).toFixed(0).padStart(7)}${percentile(sorted, 50).toFixed(1).padStart(9)}${percentile(sorted, 99).toFixed(1).padStart(9)}${(s.cpuMs / s.latencies.length).toFixed(2).padStart(20)}${one.toFixed(1).padStart(17)}${(one / median(directMs)).toFixed(2).padStart(21)}${(one / median(ownMs)).toFixed(2).padStart(17)}`,
      )
    }
    console.log(
      `one at a time (${SAMPLES}): viem getUserAccountData on both chains in parallel p50 ${median(directMs).toFixed(1)} ms; the Worker's own aggregate3 eth_calls replayed directly (viem, both chains in parallel) p50 ${median(ownMs).toFixed(1)} ms`,
    )
    console.log(`uptime after: ${uptimeAfter}`)
  } finally {
    for (const s of sides) await s.target.close()
    await sandbox.close()
    baseline?.remove()
  }
}
