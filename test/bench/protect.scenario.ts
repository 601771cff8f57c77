/**
 * `npm run bench -- protect`: issue 14's target, `protect` for the demo account with positions on
 * every venue (`everywhere`) answers within 3× the time of `account` for the same account.
 *
 * The Worker runs under `wrangler dev` in front of the sandbox (test/bench/devTarget.ts, as the load
 * bench). Both queries are warm (served from D1: no upstream read), asked interleaved A/B/A/B over
 * the same connections; `account` asks what the load bench's warm `account` asks, `protect` asks for
 * every margin account's actions to stay clear of a ±85 % move (DISTANCE_TO_LIQUIDATION 0.85, or
 * PROTECT_BENCH_DISTANCE: far enough that the Aave and Hyperliquid margin accounts of the demo account
 * need actions, Aave's with their calls), each with
 * its figures after, its calls and its venue action. It prints req/s, p50, p99 of both, the
 * protect/account ratios, the workerd CPU per request, and the load (`uptime`).
 *
 * Knobs: PROTECT_BENCH_REQUESTS (per run, default 200), PROTECT_BENCH_ROUNDS (default 3),
 * PROTECT_BENCH_CONCURRENCY (default 10), PROTECT_BENCH_PROFILE_REQUESTS (default 60; 0 skips the
 * Worker's V8 profile of `protect`, test/bench/inspectorProfile.ts, which says where its CPU goes).
 */
import { demoAccount } from '../harness/demoAccounts'
import { ask, BurstTally, burst, startDevTarget, uptime } from './devTarget'
import { connectInspector } from './inspectorProfile'
import { ACCOUNT_FIELDS } from './load.scenario'
import { cpuMs } from './processCpu'

const REQUESTS = Number(process.env.PROTECT_BENCH_REQUESTS ?? 200)
const ROUNDS = Number(process.env.PROTECT_BENCH_ROUNDS ?? 3)
const CONCURRENCY = Number(process.env.PROTECT_BENCH_CONCURRENCY ?? 10)
const PROFILE_REQUESTS = Number(process.env.PROTECT_BENCH_PROFILE_REQUESTS ?? 60)
const WARM_MAX_AGE = 3_600
/** The distance to liquidation asked for: far enough that every margin account of the demo account needs an action. */
const DISTANCE = process.env.PROTECT_BENCH_DISTANCE ?? '0.85'
/** The ratio issue 14 allows: protect's time ÷ account's. */
const TARGET_RATIO = 3

const everywhere = demoAccount('everywhere').address
const PROTECT_FIELDS = `target { kind value }
  marginAccounts { status reason marginAccount { id protocol marginRatio { kind value } healthFactor { kind value } }
    options { kind asset amount valueUsd fundedFrom
      after { equityUsd marginRatio { kind value } healthFactor { kind value } }
      calls { chainId to data value description } venueAction { venue format action } } }
  sources { protocol chainId status }`

const QUERIES = {
  'warm account': `{ account(address: "${everywhere}", maxAgeSeconds: ${WARM_MAX_AGE}) { ${ACCOUNT_FIELDS} } }`,
  'warm protect': `{ protect(addresses: ["${everywhere}"], maxAgeSeconds: ${WARM_MAX_AGE},
    target: { kind: DISTANCE_TO_LIQUIDATION, value: "${DISTANCE}" }) { ${PROTECT_FIELDS} } }`,
} as const
type QueryName = keyof typeof QUERIES

export default async function protect(): Promise<void> {
  const target = await startDevTarget()
  try {
    const { url } = target
    // Fill the cache (every source of the account) and warm the isolate.
    await ask(url, `{ account(address: "${everywhere}", maxAgeSeconds: 0) { ${ACCOUNT_FIELDS} } }`)
    for (const query of Object.values(QUERIES)) await burst(url, query, 20, CONCURRENCY)
    const answer = (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERIES['warm protect'] }),
      })
    ).json()) as {
      data: {
        protect: {
          marginAccounts: {
            status: string
            marginAccount: { id: string }
            options: { kind: string; calls: unknown[] }[]
          }[]
        }
      }
    }
    console.log(`\nprotect on "everywhere" (DISTANCE_TO_LIQUIDATION ${DISTANCE}), what each answer holds:`)
    for (const entry of answer.data.protect.marginAccounts) {
      const kinds = entry.options.map((o) => `${o.kind}${o.calls.length ? ` (${o.calls.length} calls)` : ''}`)
      console.log(`  ${entry.marginAccount.id}: ${entry.status} ${kinds.join(', ')}`)
    }

    const workerd = target.workerdPids
    console.log(
      `\nprotect vs account, warm: wrangler dev on 127.0.0.1, ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${REQUESTS} requests per query`,
    )
    console.log(`uptime (load average 1/5/15 min) before: ${uptime()}`)
    const totals = new Map<QueryName, BurstTally>()
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(QUERIES) as QueryName[]) {
        const cpuBefore = cpuMs(workerd)
        const result = await burst(url, QUERIES[name], REQUESTS, CONCURRENCY)
        const tally = totals.get(name) ?? new BurstTally()
        tally.add(result, REQUESTS, cpuMs(workerd) - cpuBefore)
        totals.set(name, tally)
      }
    }
    const figures = (name: QueryName) => (totals.get(name) as BurstTally).figures()
    console.log(
      `${'query'.padEnd(16)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'workerd CPU ms/req'.padStart(20)}   per-round req/s`,
    )
    for (const name of Object.keys(QUERIES) as QueryName[]) {
      const f = figures(name)
      console.log(
        `${name.padEnd(16)}${f.rps.toFixed(0).padStart(8)}${f.p50.toFixed(1).padStart(9)}${f.p99.toFixed(1).padStart(9)}${f.cpuPerRequest.toFixed(2).padStart(20)}   ${f.rates.map((r) => r.toFixed(0)).join('/')}`,
      )
    }
    const account = figures('warm account')
    const protection = figures('warm protect')
    console.log(
      `protect / account: time per request (1 / req/s) ${(account.rps / protection.rps).toFixed(2)}×, p50 ${(protection.p50 / account.p50).toFixed(2)}×, p99 ${(protection.p99 / account.p99).toFixed(2)}×, workerd CPU ${(protection.cpuPerRequest / account.cpuPerRequest).toFixed(2)}× (target ≤ ${TARGET_RATIO}×)`,
    )
    console.log(`uptime after: ${uptime()}`)

    if (PROFILE_REQUESTS > 0) {
      const inspector = await connectInspector(target.inspectorPort)
      try {
        console.log(
          `\nWhere the Worker's CPU goes (its V8 profile, ${PROFILE_REQUESTS} requests each; self ms per request):`,
        )
        for (const name of Object.keys(QUERIES) as QueryName[]) {
          const summary = await inspector.profile(async () => {
            await burst(url, QUERIES[name], PROFILE_REQUESTS, CONCURRENCY)
          })
          const groups = summary.byGroup
            .slice(0, 6)
            .map(([group, ms]) => `${group} ${((100 * ms) / summary.busyMs).toFixed(0)}%`)
            .join(', ')
          console.log(`  ${name}: ${(summary.busyMs / PROFILE_REQUESTS).toFixed(2)} ms sampled per request; ${groups}`)
          for (const [fn, ms] of summary.byFunction.slice(0, 10)) {
            console.log(`    ${(ms / PROFILE_REQUESTS).toFixed(3).padStart(7)}  ${fn}`)
          }
        }
      } finally {
        inspector.close()
      }
      console.log(`uptime at the end: ${uptime()}`)
    }
  } finally {
    await target.close()
  }
}
