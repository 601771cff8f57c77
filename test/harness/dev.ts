/**
 * `npm run dev`: the local service against the local sandbox, offline, no Cloudflare account.
 *
 * 1. starts the sandbox (test/harness/sandbox.ts): two anvil chains with Aave v3 and the demo
 *    accounts, the Hyperliquid and dYdX simulators; passes their URLs to wrangler dev as `--var`s and
 *    `.sandbox/sandbox.json`,
 * 2. applies the D1 migrations to the local database (.wrangler/state),
 * 3. starts `wrangler dev` with scheduled-trigger testing (GET /__scheduled runs the cron),
 * 4. once the Worker answers: adds its URLs to `.sandbox/sandbox.json` (for `npm run sandbox`), runs the
 *    cron at once and then every minute (wrangler dev never fires cron triggers by itself; without this,
 *    `health` turns DEGRADED and subscriptions are never evaluated), and prints a banner.
 *
 * Offline, wrangler cannot fetch the `Request.cf` placeholder it gives requests; it is told not to try
 * (CLOUDFLARE_CF_FETCH_ENABLED=false), and any such warning is cut to one line without its stack trace.
 *
 * Ctrl-C (SIGINT) or SIGTERM stops every process it started (wrangler, anvil, simulators).
 * `--smoke` asks `{ health { status } }` and one `account` of the sandbox, runs the README's alert
 * walkthrough (sign in, subscribe, oracle move, one cron tick, a verified webhook: test/harness/alertsSmoke.ts),
 * prints the answers and exits (CI uses it to prove the quick start works); it runs no cron timer, its ticks are its
 * own. `--port N` picks the port (default 8787).
 * `--alert-runs N` repeats the alert walkthrough N times in that one session (the bench's oracle-move-to-delivery
 * latency, test/bench/alertDelivery.scenario.ts), printing one line per run.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { runAlertsSmoke } from './alertsSmoke'
import { demoAccount } from './demoAccounts'
import { type StartSandboxReturnType, startSandbox } from './sandbox'
import { writeSandboxFile } from './sandboxFile'

const args = process.argv.slice(2)
const smoke = args.includes('--smoke')
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback
const port = option('--port', 8787)
const alertRuns = option('--alert-runs', 1)
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  NO_D1_WARNING: 'true',
  FORCE_COLOR: '0',
  // Offline there is no Request.cf to download: use miniflare's placeholder without trying (and without a stack trace).
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
}
/** The cron trigger's period: wrangler dev does not fire it, so this runner does. */
const CRON_PERIOD_MS = 60_000
const children = new Set<ChildProcess>()
let sandbox: StartSandboxReturnType | undefined
let stopping = false

function run(command: string, commandArgs: string[], options: { quiet?: boolean } = {}): ChildProcess {
  const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.on('exit', () => children.delete(child))
  if (!options.quiet) {
    child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(quietCfWarning(chunk.toString())))
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(quietCfWarning(chunk.toString())))
  } else {
    child.stdout?.resume()
    child.stderr?.resume()
  }
  return child
}

const CF_WARNING = /^.*Unable to fetch the `Request\.cf` object!.*$/m
const STACK_LINE = /^(Error: .*|\s+at .*)$/
let skippingStack = false

/**
 * Should wrangler still warn that it could not download the `Request.cf` object (offline), says so in one
 * line and drops the stack trace that follows it: the placeholder is all a local Worker needs.
 */
function quietCfWarning(text: string): string {
  const lines = text.split('\n')
  const kept: string[] = []
  for (const line of lines) {
    if (CF_WARNING.test(line)) {
      kept.push("[dev] Request.cf: offline, using wrangler's placeholder (harmless; Solvent does not read it).")
      skippingStack = true
      continue
    }
    if (skippingStack && STACK_LINE.test(line)) continue
    skippingStack = false
    kept.push(line)
  }
  return kept.join('\n')
}

/** Stops wrangler (and waits for it), then the chains and simulators, then exits. */
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    await Promise.all(
      [...children].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = once(child, 'exit')
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      }),
    )
    await sandbox?.close().catch(() => undefined)
  }
  process.exit(code)
}
process.on('SIGINT', () => void stopAll(130))
process.on('SIGTERM', () => void stopAll(143))

async function graphql(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return await response.json()
}

async function waitForHealth(url: string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await graphql(url, '{ health { status version lastCronAt } }')
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The Worker did not answer on ${url} within ${timeoutMs / 1000} s.`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

try {
  sandbox = await startSandbox()
} catch (error) {
  console.error('Starting the sandbox failed:', error instanceof Error ? error.message : error)
  await stopAll(1)
}

const wrangler = 'node_modules/.bin/wrangler'
const migrate = run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local'], { quiet: smoke })
const [migrateCode] = (await once(migrate, 'exit')) as [number | null]
if (migrateCode !== 0) {
  console.error('Applying D1 migrations failed.')
  await stopAll(1)
}

run(
  wrangler,
  [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--test-scheduled',
    '--show-interactive-dev-session=false',
    ...Object.entries(sandbox?.vars ?? {}).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
  ],
  { quiet: smoke },
)
const graphqlUrl = `http://127.0.0.1:${port}/graphql`
const health = await waitForHealth(graphqlUrl, 60_000).catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  return await stopAll(1)
})

const origin = `http://127.0.0.1:${port}`
if (sandbox) {
  sandbox.file.worker = { url: origin, graphqlUrl, tickUrl: `${origin}/__sandbox/tick` }
  writeSandboxFile(sandbox.file)
}

const everywhere = demoAccount('everywhere').address
if (smoke) {
  console.log(JSON.stringify(health))
  // Exercise the sandbox through the Worker: one demo account across every venue; every source must answer.
  const answer = (await graphql(
    graphqlUrl,
    `{ account(address: "${everywhere}", maxAgeSeconds: 0) { summary { equityUsd marginAccountCount } sources { protocol chainId status } } }`,
  ).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }))) as {
    data?: { account: { summary: { marginAccountCount: number }; sources: { status: string }[] } }
  }
  console.log(JSON.stringify(answer))
  const account = answer.data?.account
  const ok =
    account !== undefined && account.summary.marginAccountCount > 0 && account.sources.every((s) => s.status === 'OK')
  // The README's alert walkthrough: sign in, subscribe, move the oracle, one cron tick, a verified webhook.
  let alertsOk = true
  for (let run = 0; run < alertRuns; run++) {
    const alerts = sandbox
      ? await runAlertsSmoke({ origin: `http://127.0.0.1:${port}`, sandbox }).catch((error: unknown) => ({
          error: error instanceof Error ? error.message : String(error),
        }))
      : { error: 'no sandbox' }
    console.log(JSON.stringify({ alerts }))
    if ('error' in alerts) alertsOk = false
  }
  await stopAll(ok && alertsOk ? 0 : 1)
}

/**
 * One cron run through wrangler's scheduled-trigger route, as the real trigger would; a tick still running
 * when the next is due makes that one skip, never overlap.
 */
let cronRunning = false
async function runCron(): Promise<void> {
  if (cronRunning || stopping) return
  cronRunning = true
  try {
    const response = await fetch(`${origin}/__scheduled?cron=*+*+*+*+*`)
    // Read to the end: cancelling the body resets the connection, which workerd logs as an error with a stack.
    await response.text()
    if (!response.ok) console.error(`[dev] cron run: HTTP ${response.status}`)
  } catch (error) {
    if (!stopping) console.error(`[dev] cron run failed: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    cronRunning = false
  }
}
await runCron()
setInterval(() => void runCron(), CRON_PERIOD_MS)

const file = sandbox?.file
console.log(`
  Solvent is running locally, against the local sandbox (.sandbox/sandbox.json).
  GraphiQL:        ${graphqlUrl}
  curl:            curl -s '${graphqlUrl}' -H 'content-type: application/json' -d '{"query":"{ health { status version } }"}'
  Cron:            runs now and every minute by itself (this runner calls '${origin}/__scheduled?cron=*+*+*+*+*')
  Sandbox:         npm run sandbox -- price ETH -10%     (also: price BTC 50000, tick, accounts, reset, mining stop, feed stale WETH, sequencer down)
  Chains:          ${file?.chains.map((c) => `${c.chainId} ${c.rpcUrl} (Aave ${(c.aaveMarkets ?? [c.aave]).map((m) => `${m.market} ${m.rules}, pool ${String(m.pool)}`).join('; ')})`).join('\n                   ')}
  Hyperliquid:     ${file?.simulators.hyperliquidUrl}
  dYdX indexer:    ${file?.simulators.dydxIndexerUrl}
  Demo accounts:   ${file?.demoAccounts.map((a) => `${a.name.padEnd(18)} ${a.address}${a.dydxAddress ? `  dYdX ${a.dydxAddress}` : ''}`).join('\n                   ')}
  Chains started in ${file?.startup.ms} ms (${file?.startup.fromCache ? 'cached state' : 'fresh deployment'}).
  Ctrl-C stops everything.
`)
