/**
 * Oracle move → verified webhook, end to end on the local stack: `npm run dev -- --smoke --alert-runs N`
 * starts the sandbox (anvil with the real Aave v3 contracts) and `wrangler dev` (workerd, local D1 and
 * Durable Objects), then runs the README's alert walkthrough N times: subscribe just below the demo
 * account's health factor, move the WETH oracle down 10 % with no user transaction, run one cron tick
 * (`/__scheduled`), and time until the loopback receiver holds a delivery whose Standard Webhooks
 * signature verifies (test/harness/alertsSmoke.ts). The first run pays workerd's cold start.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'

/** `ALERT_BENCH_RUNS=10` for more samples. */
const RUNS = Number(process.env.ALERT_BENCH_RUNS ?? 5)
const PORT = 8799

type SmokeAlerts = { moveToDeliveryMs: number; tickMs: number; eventType: string } | { error: string }

export default async function alertDelivery(): Promise<void> {
  const root = join(import.meta.dirname, '..', '..')
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/harness/dev.ts', '--smoke', '--alert-runs', String(RUNS), '--port', String(PORT)],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr.resume()
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const runs = output
    .split('\n')
    .filter((line) => line.startsWith('{"alerts"'))
    .map((line) => (JSON.parse(line) as { alerts: SmokeAlerts }).alerts)
  const failed = runs.filter((run): run is { error: string } => 'error' in run)
  if (code !== 0 || failed.length > 0 || runs.length !== RUNS)
    throw new Error(`alert walkthrough failed (exit ${code}): ${failed.map((run) => run.error).join('; ') || output}`)

  const measured = runs as Exclude<SmokeAlerts, { error: string }>[]
  console.log('\noracle move → verified webhook (wrangler dev + anvil + loopback receiver)')
  console.log('run   move→delivery ms   cron tick ms')
  for (const [i, run] of measured.entries()) {
    const cells = [
      String(i + 1).padStart(3),
      String(run.moveToDeliveryMs).padStart(16),
      String(run.tickMs).padStart(12),
    ]
    console.log(cells.join('   '))
  }
  const warm = measured.slice(1).map((run) => run.moveToDeliveryMs)
  const sorted = [...(warm.length > 0 ? warm : measured.map((run) => run.moveToDeliveryMs))].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
  console.log(`median after the first run: ${median} ms`)
}
