/**
 * What the load-style benches share (`load`, `protect`): the Worker under `wrangler dev` in front of
 * the sandbox, and a small HTTP load generator.
 *
 * `startDevTarget()` starts the sandbox (two anvil chains with the real Aave v3 contracts, the
 * Hyperliquid and dYdX simulators), puts a counting proxy in front of each (test/harness/countingProxy.ts:
 * every upstream call the Worker makes is counted there), applies the migrations to a throwaway local
 * D1 and starts `wrangler dev` on 127.0.0.1 (OS-assigned ports, its own `--persist-to`, nothing of
 * `npm run dev`'s state touched). `close()` stops all of it; so does Ctrl-C or a timeout's SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Address, createPublicClient, http, parseAbi } from 'viem'
import { unstable_readConfig } from 'wrangler'
import { type CountingProxy, startCountingProxy } from '../harness/countingProxy'
import { startSandbox } from '../harness/sandbox'
import { ROOT } from '../harness/sandboxFile'
import { findDescendants } from './processCpu'

/** The load averages over 1, 5 and 15 minutes, as `uptime` prints them. */
export const uptime = () =>
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

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN

/** POSTs a query and checks the answer has data and no error; returns the latency in ms. */
export async function ask(url: string, query: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': nextClientIp() },
    body: JSON.stringify({ query }),
  })
  const text = await response.text()
  const ms = performance.now() - started
  let body: { data?: unknown; errors?: { message: string }[] }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    throw new Error(`HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`)
  }
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
export async function burst(url: string, query: string, count: number, concurrency: number) {
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

type Sandbox = Awaited<ReturnType<typeof startSandbox>>

/**
 * wrangler.toml's `[env.production] define` as `wrangler dev --define` arguments: the top-level config
 * `wrangler dev` runs has none (graphql-js in production mode, as deployed; see wrangler.toml).
 */
function productionDefines(root: string): string[] {
  const { define } = unstable_readConfig(
    { config: join(root, 'wrangler.toml'), env: 'production' },
    { hideWarnings: true },
  )
  return Object.entries(define).flatMap(([key, value]) => ['--define', `${key}:${value}`])
}

export type DevTarget = {
  /** The Worker's GraphQL endpoint. */
  url: string
  inspectorPort: number
  sandbox: Sandbox
  chains: Sandbox['chains']['chains'][keyof Sandbox['chains']['chains']][]
  /** One proxy per chain, in the order of `chains`. */
  chainProxies: CountingProxy[]
  /** Every upstream with its proxy: the chains, then Hyperliquid and dYdX. */
  counted: [string, CountingProxy][]
  /** The workerd processes wrangler dev runs, for their CPU time (processCpu.ts). */
  workerdPids: number[]
  close(): Promise<void>
}

export type StartDevTargetOptions = {
  /** The checkout whose Worker `wrangler dev` runs (e.g. a baseline revision's tree); default this one. */
  root?: string | undefined
  /** A sandbox already running (shared by two targets); the target then leaves it running on `close()`. */
  sandbox?: Sandbox | undefined
}

export async function startDevTarget({ root = ROOT, sandbox: shared }: StartDevTargetOptions = {}): Promise<DevTarget> {
  const sandbox = shared ?? (await startSandbox({ writeFiles: false }))
  const proxies: CountingProxy[] = []
  const children: ChildProcess[] = []
  // Interrupted (Ctrl-C, a timeout's SIGTERM): stop what this run started before going.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    void (shared ? Promise.resolve() : sandbox.close()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)
  const persist = mkdtempSync(join(tmpdir(), 'solvent-load-'))
  const close = async () => {
    process.removeListener('SIGINT', stopOnSignal)
    process.removeListener('SIGTERM', stopOnSignal)
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
    if (!shared) await sandbox.close()
    rmSync(persist, { recursive: true, force: true })
  }
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
      // The bundle as `wrangler deploy` builds it: wrangler defines process.env.NODE_ENV from this
      // ("development" otherwise), with the production environment's `define` (productionDefines).
      NODE_ENV: 'production',
      WRANGLER_SEND_METRICS: 'false',
      NO_D1_WARNING: 'true',
      FORCE_COLOR: '0',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    }
    const wrangler = join(ROOT, 'node_modules/.bin/wrangler')
    const run = (args: string[]) => {
      const child = spawn(wrangler, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
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
      ...productionDefines(root),
      ...Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
    ])
    const url = `http://127.0.0.1:${port}/graphql`
    const deadline = Date.now() + 120_000
    for (;;) {
      if (dev.child.exitCode !== null) throw new Error(`wrangler dev exited:\n${dev.output()}`)
      if (await ask(url, '{ __typename }').catch(() => false)) break
      if (Date.now() > deadline) throw new Error(`wrangler dev did not answer:\n${dev.output()}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    return {
      url,
      inspectorPort,
      sandbox,
      chains,
      chainProxies,
      counted,
      workerdPids: findDescendants(dev.child.pid as number, 'workerd'),
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * The reads a user would make instead of asking the Worker, through the same counting proxies, every chain in
 * parallel: viem's `getUserAccountData` on each chain's Pool, and the RPC floor of the Worker's own read — its
 * last `eth_call` on each chain (the cold `aggregate3`, as the proxy saw it: the same calls and state) replayed
 * as is, nothing decoded. Call it after a cold request has gone through.
 */
export function directReads(target: Pick<DevTarget, 'chains' | 'chainProxies'>, account: Address) {
  const { chains, chainProxies } = target
  const abi = parseAbi([
    'function getUserAccountData(address user) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
  ])
  const clients = chains.map((chain, i) => ({
    client: createPublicClient({ transport: http(chainProxies[i]?.url) }),
    pool: chain.market.pool as Address,
  }))
  const ownCalls = chainProxies.map((proxy, i) => {
    const call = proxy.lastCall('eth_call')
    if (!call) throw new Error(`No eth_call of the Worker seen on chain ${chains[i]?.chainId}.`)
    return call
  })
  return {
    userAccountData: () =>
      Promise.all(
        clients.map(({ client, pool }) =>
          client.readContract({ address: pool, abi, functionName: 'getUserAccountData', args: [account] }),
        ),
      ),
    ownAggregate3: () =>
      Promise.all(
        clients.map(({ client }, i) =>
          client.request({ method: 'eth_call', params: ownCalls[i]?.params as never }, { dedupe: false }),
        ),
      ),
  }
}

/**
 * The upstream floor of one query: every request it made upstream (as the proxies of `counted` recorded
 * them since their last reset: RPC, venue APIs), replayed as they were, all in parallel, through the
 * same proxies, nothing decoded. Call it right after the query.
 */
export function replayUpstream(counted: DevTarget['counted']): () => Promise<void> {
  const requests = counted.flatMap(([, proxy]) => proxy.requests().map((request) => ({ proxy, request })))
  return async () => {
    await Promise.all(
      requests.map(async ({ proxy, request }) => {
        const response = await fetch(`${proxy.url}${request.path}`, {
          method: request.method,
          headers: { 'content-type': 'application/json' },
          ...(request.body === undefined ? {} : { body: request.body }),
        })
        if (!response.ok) throw new Error(`Replaying ${request.path}: HTTP ${response.status}`)
        await response.arrayBuffer()
      }),
    )
  }
}

/** One query's bursts added up over interleaved rounds: latencies, wall time, each round's rate and workerd CPU. */
export class BurstTally {
  readonly latencies: number[] = []
  readonly rates: number[] = []
  wallMs = 0
  cpuMs = 0

  /** Adds one burst of `count` requests and the workerd CPU (ms) it took. */
  add(result: { latencies: readonly number[]; wallMs: number }, count: number, cpuMs: number): void {
    this.latencies.push(...result.latencies)
    this.rates.push(count / (result.wallMs / 1000))
    this.wallMs += result.wallMs
    this.cpuMs += cpuMs
  }

  /** req/s over every round, p50 and p99 (ms), the per-round rates and workerd CPU per request (ms). */
  figures() {
    const sorted = [...this.latencies].sort((a, b) => a - b)
    return {
      rps: this.latencies.length / (this.wallMs / 1000),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      rates: this.rates,
      requests: this.latencies.length,
      cpuPerRequest: this.cpuMs / this.latencies.length,
    }
  }
}
