/**
 * `npm run bench -- load`: the GraphQL API under load, on loopback, from a fresh clone.
 *
 * Starts the sandbox and `wrangler dev` in front of it with counting proxies (test/bench/devTarget.ts).
 * Then, interleaved A/B/A/B in this one process, a bounded number of requests per run
 * over 10 concurrent connections:
 *
 * - trivial `{ __typename }`,
 * - warm `account` of the demo account with positions on every venue (`everywhere`), served from D1,
 * - warm `portfolio` of the three demo addresses,
 * - cold `account` (`maxAgeSeconds: 0`: every source read upstream),
 * - `stress` of `everywhere` with 1 and with 20 price scenarios, warm.
 *
 * It prints req/s, p50, p99, their ratio to the trivial query and the upstream calls per run; the
 * cold `account`'s latency one request at a time beside viem's `getUserAccountData` on both chains
 * in parallel (the call a user would write instead, through the same proxies), beside its own upstream
 * requests replayed as they were (the upstream floor of the same reads) and beside this runtime's floors
 * (the trivial query and the warm account one at a time: no cold account can be faster here than warm +
 * upstream floor, nor any Worker request than trivial); and CPU per request
 * of the Worker alone from workerd's own V8 profile (test/bench/inspectorProfile.ts), with where it
 * goes, for the same queries and for `stress` with 1 and 20 scenarios. The machine's load (`uptime`)
 * is printed with the figures.
 *
 * Knobs: LOAD_BENCH_REQUESTS (per run, default 300), LOAD_BENCH_COLD_REQUESTS (per cold run, default 60),
 * LOAD_BENCH_ROUNDS (default 3),
 * LOAD_BENCH_CONCURRENCY (default 10), LOAD_BENCH_PROFILE_REQUESTS (default 200; 0 skips profiling).
 */
import { demoAccount, demoAccounts } from '../harness/demoAccounts'
import { ask, BurstTally, burst, directReads, percentile, replayUpstream, startDevTarget, uptime } from './devTarget'
import { connectInspector, type ProfileSummary } from './inspectorProfile'
import { cpuMs } from './processCpu'

const REQUESTS = Number(process.env.LOAD_BENCH_REQUESTS ?? 300)
/** Cold requests read every source upstream: fewer per run. */
const COLD_REQUESTS = Number(process.env.LOAD_BENCH_COLD_REQUESTS ?? 60)
const ROUNDS = Number(process.env.LOAD_BENCH_ROUNDS ?? 3)
const CONCURRENCY = Number(process.env.LOAD_BENCH_CONCURRENCY ?? 10)
const PROFILE_REQUESTS = Number(process.env.LOAD_BENCH_PROFILE_REQUESTS ?? 200)
/** One request at a time for the cold latency beside the direct viem call. */
const LATENCY_SAMPLES = 40
/** Warm: anything read within the hour is served from D1 (no upstream call). */
const WARM_MAX_AGE = 3_600

const everywhere = demoAccount('everywhere').address
const three = demoAccounts.map((a) => a.address)
export const ACCOUNT_FIELDS = `summary { equityUsd maintenanceMarginUsd marginAccountCount liquidatableCount stale
  nearestToLiquidation { id protocol } }
  marginAccounts(first: 10) { nodes { id protocol chainId equityUsd marginRatio { kind value } healthFactor { kind value }
    positions { asset { symbol } kind notionalUsd liquidationPrice { priceUsd distance } } } }
  sources { protocol chainId status blockNumber }`

const stressQuery = (count: number) => {
  const scenarios = Array.from({ length: count }, (_, i) => `{ move: "${(-(i + 1) / (count + 1)).toFixed(4)}" }`)
  return `{ stress(addresses: ["${everywhere}"], maxAgeSeconds: ${WARM_MAX_AGE}, scenarios: [${scenarios.join(', ')}]) {
    name equityUsd equityChangeUsd liquidatedCount } }`
}

const QUERIES = {
  trivial: '{ __typename }',
  'warm account': `{ account(address: "${everywhere}", maxAgeSeconds: ${WARM_MAX_AGE}) { ${ACCOUNT_FIELDS} } }`,
  'warm portfolio x3': `{ portfolio(addresses: ${JSON.stringify(three)}, maxAgeSeconds: ${WARM_MAX_AGE}) { ${ACCOUNT_FIELDS} } }`,
  'cold account': `{ account(address: "${everywhere}", maxAgeSeconds: 0) { ${ACCOUNT_FIELDS} } }`,
  'stress x1': stressQuery(1),
  'stress x20': stressQuery(20),
} as const
type QueryName = keyof typeof QUERIES

export default async function load(): Promise<void> {
  const target = await startDevTarget()
  try {
    const { url, inspectorPort, chains, chainProxies, counted } = target
    // Fill the cache (every source of the three accounts) and warm the isolate.
    await ask(url, QUERIES['cold account'])
    await ask(url, `{ portfolio(addresses: ${JSON.stringify(three)}, maxAgeSeconds: 0) { ${ACCOUNT_FIELDS} } }`)
    for (const query of Object.values(QUERIES)) await burst(url, query, 20, CONCURRENCY)
    // The profile first, printed last: wrangler's inspector proxy stopped answering once the measured rounds
    // had run (Debugger.enable never answered, at any load), and answers on a freshly started Worker.
    const profile =
      PROFILE_REQUESTS > 0
        ? await profileWorker(url, inspectorPort).catch((error: Error) => [
            `\nProfile skipped: ${error.message}. The table's workerd CPU stands.`,
          ])
        : []

    const workerd = target.workerdPids
    console.log(
      `\nLoad: wrangler dev on 127.0.0.1, ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${REQUESTS} requests per query`,
    )
    console.log(
      `workerd CPU: user + system time of the ${workerd.length} workerd process(es) wrangler dev runs (/proc), per request: the Worker, local D1 (SQLite) and wrangler's dev proxy together`,
    )
    console.log(`uptime (load average 1/5/15 min) before: ${uptime()}`)
    const totals = new Map<QueryName, BurstTally>()
    const upstream = new Map<QueryName, number[]>()
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(QUERIES) as QueryName[]) {
        for (const [, proxy] of counted) proxy.reset()
        const count = name === 'cold account' ? COLD_REQUESTS : REQUESTS
        const cpuBefore = cpuMs(workerd)
        const result = await burst(url, QUERIES[name], count, CONCURRENCY)
        const tally = totals.get(name) ?? new BurstTally()
        tally.add(result, count, cpuMs(workerd) - cpuBefore)
        totals.set(name, tally)
        const calls = upstream.get(name) ?? counted.map(() => 0)
        counted.forEach(([, proxy], i) => {
          calls[i] = (calls[i] as number) + proxy.counts().requests
        })
        upstream.set(name, calls)
      }
    }
    const figures = (name: QueryName) => ({
      ...(totals.get(name) as BurstTally).figures(),
      upstream: upstream.get(name) as number[],
    })
    const trivial = figures('trivial')
    console.log(
      `${'query'.padEnd(20)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'rps/trivial'.padStart(13)}${'p50/trivial'.padStart(13)}${'workerd CPU ms/req'.padStart(20)}   per-round req/s      upstream requests per request (${counted.map(([n]) => n).join(', ')})`,
    )
    for (const name of Object.keys(QUERIES) as QueryName[]) {
      const f = figures(name)
      console.log(
        `${name.padEnd(20)}${f.rps.toFixed(0).padStart(8)}${f.p50.toFixed(1).padStart(9)}${f.p99.toFixed(1).padStart(9)}${(f.rps / trivial.rps).toFixed(2).padStart(13)}${(f.p50 / trivial.p50).toFixed(2).padStart(13)}${f.cpuPerRequest.toFixed(2).padStart(20)}   ${f.rates
          .map((r) => r.toFixed(0))
          .join('/')
          .padEnd(20)} ${f.upstream.map((n) => (n / f.requests).toFixed(2)).join(', ')}`,
      )
    }
    console.log(`uptime after: ${uptime()}`)

    // Cold latency, one request at a time, beside the direct viem call on both chains in parallel, the
    // upstream floor (every upstream request of one cold account replayed as it was, devTarget.ts
    // `replayUpstream`) and the floors of this runtime (the trivial query; the warm account: the budget's
    // D1 batch and the same fields), interleaved so that all share the machine's state.
    const { userAccountData: direct } = directReads(target, everywhere)
    for (const [, proxy] of counted) proxy.reset()
    await ask(url, QUERIES['cold account'])
    const upstreamFloor = replayUpstream(counted)
    await direct()
    await upstreamFloor()
    const oneAtATime = {
      cold: [] as number[],
      direct: [] as number[],
      own: [] as number[],
      trivial: [] as number[],
      warm: [] as number[],
    }
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now()
      await run()
      return performance.now() - started
    }
    const phases = { before: [] as number[], upstream: [] as number[], after: [] as number[] }
    const perChainCold = counted.map(() => 0)
    const coldMethods = chainProxies.map((): Record<string, number> => ({}))
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      oneAtATime.trivial.push(await ask(url, QUERIES.trivial))
      oneAtATime.warm.push(await ask(url, QUERIES['warm account']))
      for (const [, proxy] of counted) proxy.reset()
      const coldStarted = performance.now()
      const coldMs = await ask(url, QUERIES['cold account'])
      oneAtATime.cold.push(coldMs)
      // Where its time went, on this process's clock (the proxies note when each upstream request came and was answered).
      const upstream = counted.flatMap(([, proxy]) => proxy.requests())
      const firstIn = Math.min(...upstream.map((request) => request.arrivedAtMs))
      const lastOut = Math.max(...upstream.map((request) => request.answeredAtMs ?? Number.NaN))
      phases.before.push(firstIn - coldStarted)
      phases.upstream.push(lastOut - firstIn)
      phases.after.push(coldStarted + coldMs - lastOut)
      counted.forEach(([, proxy], j) => {
        perChainCold[j] = (perChainCold[j] as number) + proxy.counts().requests
      })
      chainProxies.forEach((proxy, j) => {
        for (const [method, n] of Object.entries(proxy.counts().methods)) {
          const methods = coldMethods[j] as Record<string, number>
          methods[method] = (methods[method] ?? 0) + n
        }
      })
      oneAtATime.direct.push(await timed(direct))
      oneAtATime.own.push(await timed(upstreamFloor))
    }
    const median = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      )
    const [cold, directMs, own, trivialMs, warmMs] = [
      median(oneAtATime.cold),
      median(oneAtATime.direct),
      median(oneAtATime.own),
      median(oneAtATime.trivial),
      median(oneAtATime.warm),
    ]
    const ms = (value: number) => `${value.toFixed(1)} ms`
    const times = (value: number) => `${(value / directMs).toFixed(2)}x`
    console.log(
      `\nCold account, one at a time (${LATENCY_SAMPLES}, interleaved with the rest of this list): p50 ${ms(cold)}, ${times(cold)} viem's getUserAccountData on both chains in parallel (${ms(directMs)}, the call a user would write instead)`,
    )
    console.log(
      `  the upstream floor: one cold account's own upstream requests (the chains' eth_calls, Hyperliquid's two) replayed as they were, in parallel: ${ms(own)}`,
    )
    console.log(
      `  this runtime's floors: trivial query ${ms(trivialMs)} (wrangler dev's proxy, workerd, yoga: every request pays it); warm account ${ms(warmMs)} (and the budget's D1 batch, the same fields)`,
    )
    console.log(
      `  a cold account cannot be faster here than warm account + upstream floor = ${ms(warmMs + own)} (${times(warmMs + own)}); a Worker that only made those requests, trivial + upstream floor = ${ms(trivialMs + own)} (${times(trivialMs + own)})`,
    )
    console.log(
      `  what the cold path adds over that floor (upstream requests, decoding, a fresh evaluation, the write-back): ${ms(cold - warmMs - own)}; cold - warm = ${ms(cold - warmMs)} (${times(cold - warmMs)})`,
    )
    console.log(
      `  where a cold account's time goes (medians, this process's clock): until its first upstream request arrives ${ms(median(phases.before))} (the runtime, GraphQL, the budget's D1 batch, planning and encoding the reads); upstream ${ms(median(phases.upstream))} (first request in to last answer out; replayed alone: ${ms(own)}); after the last answer ${ms(median(phases.after))} (decoding, evaluating, GraphQL, the response)`,
    )
    console.log(
      `  upstream per cold account: ${counted.map(([name], j) => `${name} ${((perChainCold[j] as number) / LATENCY_SAMPLES).toFixed(2)}`).join(', ')}`,
    )
    console.log(
      `  JSON-RPC methods over the cold accounts: ${chains.map((chain, j) => `chain ${chain.chainId} ${JSON.stringify(coldMethods[j])}`).join('; ')}`,
    )

    for (const line of profile) console.log(line)
    console.log(`uptime at the end: ${uptime()}`)
  } finally {
    await target.close()
  }
}

/**
 * The Worker's own CPU profile per query (workerd's V8 inspector): where the samples go, as lines to print. A
 * profile that cannot be taken (an inspector step times out) rejects, and is reported, not awaited forever.
 */
async function profileWorker(url: string, inspectorPort: number): Promise<string[]> {
  const lines: string[] = []
  const print = (line: string) => lines.push(line)
  const inspector = await connectInspector(inspectorPort)
  try {
    print(
      `\nWhere the Worker's CPU goes: its own V8 profile (wrangler dev --inspector-port, 1 ms sampling), ${PROFILE_REQUESTS} requests (cold ${COLD_REQUESTS}), ${CONCURRENCY} connections. "sampled" counts every sample but (idle): wall-clock sampling, so it grows when a loaded machine deschedules workerd (the table's workerd CPU is the figure to quote); the shares say where the samples go.`,
    )
    const profiled: [string, string][] = [
      ['trivial', QUERIES.trivial],
      ['warm account', QUERIES['warm account']],
      ['warm portfolio x3', QUERIES['warm portfolio x3']],
      ['cold account', QUERIES['cold account']],
      ['stress x1', QUERIES['stress x1']],
      ['stress x20', QUERIES['stress x20']],
    ]
    const summaries: [string, ProfileSummary, number][] = []
    for (const [name, query] of profiled) {
      const count = name === 'cold account' ? COLD_REQUESTS : PROFILE_REQUESTS
      await burst(url, query, 10, CONCURRENCY)
      const summary = await inspector.profile(async () => {
        await burst(url, query, count, CONCURRENCY)
      })
      summaries.push([name, summary, count])
      const top = summary.byGroup
        .slice(0, 8)
        .map(([group, ms]) => `${group} ${((100 * ms) / summary.busyMs).toFixed(0)}%`)
        .join(', ')
      print(`${name.padEnd(20)} ${(summary.busyMs / count).toFixed(2).padStart(6)} ms sampled per request   ${top}`)
    }
    for (const [name, summary, count] of summaries.filter(
      ([n]) => n === 'warm account' || n === 'cold account' || n === 'stress x20',
    )) {
      print(`  ${name}, top functions (self ms per request):`)
      for (const [fn, ms] of summary.byFunction.slice(0, 12)) {
        print(`    ${(ms / count).toFixed(3).padStart(7)}  ${fn}`)
      }
      print(`  ${name}, the project's own steps (ms per request with what they call):`)
      for (const [fn, ms] of summary.inclusive.slice(0, 15)) {
        print(`    ${(ms / count).toFixed(3).padStart(7)}  ${fn}`)
      }
    }
  } finally {
    inspector.close()
  }
  return lines
}
