/**
 * `npm run bench -- load`: the GraphQL API under load, on loopback, from a fresh clone.
 *
 * Starts the sandbox (two anvil chains with the real Aave v3 contracts, the Hyperliquid and dYdX
 * simulators), puts a counting proxy in front of each (test/harness/countingProxy.ts: every upstream
 * call the Worker makes is counted there), applies the migrations to a throwaway local D1 and starts
 * `wrangler dev` on 127.0.0.1 (OS-assigned ports, its own `--persist-to`, nothing of `npm run dev`'s
 * state touched). Then, interleaved A/B/A/B in this one process, a bounded number of requests per run
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
 * in parallel (the call a user would write instead, through the same proxies); and CPU per request
 * of the Worker alone from workerd's own V8 profile (test/bench/inspectorProfile.ts), with where it
 * goes, for the same queries and for `stress` with 1 and 20 scenarios. The machine's load (`uptime`)
 * is printed with the figures.
 *
 * Knobs: LOAD_BENCH_REQUESTS (per run, default 300), LOAD_BENCH_COLD_REQUESTS (per cold run, default 60),
 * LOAD_BENCH_ROUNDS (default 3),
 * LOAD_BENCH_CONCURRENCY (default 10), LOAD_BENCH_PROFILE_REQUESTS (default 200; 0 skips profiling).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, http, parseAbi } from 'viem'
import { type CountingProxy, startCountingProxy } from '../harness/countingProxy'
import { demoAccount, demoAccounts } from '../harness/demoAccounts'
import { startSandbox } from '../harness/sandbox'
import { ROOT } from '../harness/sandboxFile'
import { connectInspector, type ProfileSummary } from './inspectorProfile'
import { cpuMs, findDescendants } from './processCpu'

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
const ACCOUNT_FIELDS = `summary { equityUsd maintenanceMarginUsd marginAccountCount liquidatableCount stale
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

const uptime = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN

/** POSTs a query and checks the answer has data and no error; returns the latency in ms. */
async function ask(url: string, query: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': nextClientIp() },
    body: JSON.stringify({ query }),
  })
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] }
  const ms = performance.now() - started
  if (!response.ok || body.errors || !body.data) {
    throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`)
  }
  return ms
}

/**
 * Each request as its own anonymous client (as many users' requests are in production): the budget is
 * spent and checked per request, as for any caller, and no client reaches its per-minute limits.
 */
let clientCounter = 0
const nextClientIp = () => {
  clientCounter++
  return `10.${(clientCounter >> 16) & 255}.${(clientCounter >> 8) & 255}.${clientCounter & 255}`
}

/** `count` requests over `concurrency` connections; latencies and wall time. */
async function burst(url: string, query: string, count: number, concurrency: number) {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++
        latencies.push(await ask(url, query))
      }
    }),
  )
  return { latencies, wallMs: performance.now() - started }
}

export default async function load(): Promise<void> {
  const sandbox = await startSandbox({ writeFiles: false })
  const proxies: CountingProxy[] = []
  const children: ChildProcess[] = []
  // Interrupted (Ctrl-C, a timeout's SIGTERM): stop what this run started before going.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    void sandbox.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)
  const persist = mkdtempSync(join(tmpdir(), 'solvent-load-'))
  try {
    const chains = Object.values(sandbox.chains.chains)
    const chainProxies = await Promise.all(chains.map((chain) => startCountingProxy(chain.rpcUrl)))
    const hyperliquid = await startCountingProxy(sandbox.simulators.hyperliquidUrl)
    const dydx = await startCountingProxy(sandbox.simulators.dydxIndexerUrl)
    proxies.push(...chainProxies, hyperliquid, dydx)
    const counted: [string, CountingProxy][] = [
      ...chains.map((chain, i): [string, CountingProxy] => [
        `chain ${chain.chainId}`,
        chainProxies[i] as CountingProxy,
      ]),
      ['hyperliquid', hyperliquid],
      ['dydx', dydx],
    ]
    const vars = {
      ...sandbox.vars,
      RPC_URLS: JSON.stringify(Object.fromEntries(chains.map((chain, i) => [chain.chainId, [chainProxies[i]?.url]]))),
      HYPERLIQUID_API_URL: hyperliquid.url,
      DYDX_INDEXER_URL: dydx.url,
    }

    const env = {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      NO_D1_WARNING: 'true',
      FORCE_COLOR: '0',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    }
    const wrangler = join(ROOT, 'node_modules/.bin/wrangler')
    const run = (args: string[]) => {
      const child = spawn(wrangler, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
      children.push(child)
      let output = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000)
      })
      child.stderr?.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000)
      })
      return { child, output: () => output }
    }
    const migrate = run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist])
    const [code] = (await once(migrate.child, 'exit')) as [number | null]
    if (code !== 0) throw new Error(`Applying the migrations failed:\n${migrate.output()}`)

    const [port, inspectorPort] = [await freePort(), await freePort()]
    const dev = run([
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persist,
      '--show-interactive-dev-session=false',
      ...Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
    ])
    const url = `http://127.0.0.1:${port}/graphql`
    const deadline = Date.now() + 120_000
    for (;;) {
      if (dev.child.exitCode !== null) throw new Error(`wrangler dev exited:\n${dev.output()}`)
      if (await ask(url, QUERIES.trivial).catch(() => false)) break
      if (Date.now() > deadline) throw new Error(`wrangler dev did not answer:\n${dev.output()}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    // Fill the cache (every source of the three accounts) and warm the isolate.
    await ask(url, QUERIES['cold account'])
    await ask(url, `{ portfolio(addresses: ${JSON.stringify(three)}, maxAgeSeconds: 0) { ${ACCOUNT_FIELDS} } }`)
    for (const query of Object.values(QUERIES)) await burst(url, query, 20, CONCURRENCY)

    const workerd = findDescendants(dev.child.pid as number, 'workerd')
    console.log(
      `\nLoad: wrangler dev on 127.0.0.1, ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${REQUESTS} requests per query`,
    )
    console.log(
      `workerd CPU: user + system time of the ${workerd.length} workerd process(es) wrangler dev runs (/proc), per request: the Worker, local D1 (SQLite) and wrangler's dev proxy together`,
    )
    console.log(`uptime (load average 1/5/15 min) before: ${uptime()}`)
    const totals = new Map<
      QueryName,
      { latencies: number[]; wallMs: number; rates: number[]; upstream: number[]; cpuMs: number }
    >()
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(QUERIES) as QueryName[]) {
        for (const [, proxy] of counted) proxy.reset()
        const count = name === 'cold account' ? COLD_REQUESTS : REQUESTS
        const cpuBefore = cpuMs(workerd)
        const result = await burst(url, QUERIES[name], count, CONCURRENCY)
        const cpuAfter = cpuMs(workerd)
        const total = totals.get(name) ?? {
          latencies: [],
          wallMs: 0,
          rates: [],
          upstream: counted.map(() => 0),
          cpuMs: 0,
        }
        total.cpuMs += cpuAfter - cpuBefore
        total.latencies.push(...result.latencies)
        total.wallMs += result.wallMs
        total.rates.push(count / (result.wallMs / 1000))
        counted.forEach(([, proxy], i) => {
          total.upstream[i] = (total.upstream[i] as number) + proxy.counts().requests
        })
        totals.set(name, total)
      }
    }
    const figures = (name: QueryName) => {
      const total = totals.get(name) as NonNullable<ReturnType<typeof totals.get>>
      const sorted = [...total.latencies].sort((a, b) => a - b)
      return {
        rps: total.latencies.length / (total.wallMs / 1000),
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        rates: total.rates,
        upstream: total.upstream,
        requests: total.latencies.length,
        cpuPerRequest: total.cpuMs / total.latencies.length,
      }
    }
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

    // Cold latency, one request at a time, beside the direct viem call on both chains in parallel.
    const abi = parseAbi([
      'function getUserAccountData(address user) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
    ])
    const clients = chains.map((chain, i) => ({
      client: createPublicClient({ transport: http(chainProxies[i]?.url) }),
      pool: chain.market.pool as `0x${string}`,
    }))
    const direct = () =>
      Promise.all(
        clients.map(({ client, pool }) =>
          client.readContract({ address: pool, abi, functionName: 'getUserAccountData', args: [everywhere] }),
        ),
      )
    await direct()
    const coldMs: number[] = []
    const directMs: number[] = []
    const perChainCold = counted.map(() => 0)
    const coldMethods = chainProxies.map((): Record<string, number> => ({}))
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      for (const [, proxy] of counted) proxy.reset()
      coldMs.push(await ask(url, QUERIES['cold account']))
      counted.forEach(([, proxy], j) => {
        perChainCold[j] = (perChainCold[j] as number) + proxy.counts().requests
      })
      chainProxies.forEach((proxy, j) => {
        for (const [method, n] of Object.entries(proxy.counts().methods)) {
          const methods = coldMethods[j] as Record<string, number>
          methods[method] = (methods[method] ?? 0) + n
        }
      })
      const started = performance.now()
      await direct()
      directMs.push(performance.now() - started)
    }
    const median = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      )
    console.log(
      `\nCold account, one at a time (${LATENCY_SAMPLES}): p50 ${median(coldMs).toFixed(1)} ms; viem getUserAccountData on both chains in parallel: p50 ${median(directMs).toFixed(1)} ms; ratio ${(median(coldMs) / median(directMs)).toFixed(2)}`,
    )
    console.log(
      `  upstream per cold account: ${counted.map(([name], j) => `${name} ${((perChainCold[j] as number) / LATENCY_SAMPLES).toFixed(2)}`).join(', ')}`,
    )
    console.log(
      `  JSON-RPC methods over the cold accounts: ${chains.map((chain, j) => `chain ${chain.chainId} ${JSON.stringify(coldMethods[j])}`).join('; ')}`,
    )

    if (PROFILE_REQUESTS > 0) {
      const inspector = await connectInspector(inspectorPort)
      try {
        console.log(
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
          console.log(
            `${name.padEnd(20)} ${(summary.busyMs / count).toFixed(2).padStart(6)} ms sampled per request   ${top}`,
          )
        }
        for (const [name, summary, count] of summaries.filter(
          ([n]) => n === 'warm account' || n === 'cold account' || n === 'stress x20',
        )) {
          console.log(`  ${name}, top functions (self ms per request):`)
          for (const [fn, ms] of summary.byFunction.slice(0, 12)) {
            console.log(`    ${(ms / count).toFixed(3).padStart(7)}  ${fn}`)
          }
        }
      } finally {
        inspector.close()
      }
    }
    console.log(`uptime at the end: ${uptime()}`)
  } finally {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = once(child, 'exit')
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      }),
    )
    await Promise.all(proxies.map((proxy) => proxy.close()))
    await sandbox.close()
    rmSync(persist, { recursive: true, force: true })
  }
}
