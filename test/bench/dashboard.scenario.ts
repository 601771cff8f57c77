/**
 * The dashboard's timings, measured where they mean something: in the browser test against the local stack
 * (test/node/dashboard/dashboard.test.ts: the sandbox, `wrangler dev`, Debian's chromium), which prints them
 * and asserts none (a loaded 2-core machine must not fail a test on speed). This runs that test once and
 * prints its figures with the machine's load:
 *
 * - the page's first load (every asset, gzipped) and its first render of the near-liquidation demo (the page's
 *   `dashboard-ready` performance mark, from navigation start);
 * - 100 concurrent `accountRisk` streams on one account: the delay from the evaluation's start to each
 *   stream's event (min, p50, p90, max);
 * - one open stream while nothing changes: workerd's CPU over 15 s, with and without the stream.
 */
import { spawn } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'

export default async function dashboard(): Promise<void> {
  const root = join(import.meta.dirname, '..', '..')
  const before = loadavg()[0]?.toFixed(2)
  const child = spawn(
    join(root, 'node_modules/.bin/vitest'),
    ['run', '--config', 'test/vitest.unit.config.ts', 'test/node/dashboard/dashboard.test.ts'],
    // The test's idle window is short; the measurement watches 15 s, past one of yoga's 12 s keep-alives.
    {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', DASHBOARD_BENCH_IDLE_MS: '15000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const TAG = '[dashboard test] '
  // vitest may colour the line's start: the figure is what follows the tag.
  const figures = output
    .split('\n')
    .flatMap((line) => (line.includes(TAG) ? [line.slice(line.indexOf(TAG) + TAG.length)] : []))
  if (code !== 0) throw new Error(`the dashboard test failed (exit ${code}):\n${output.slice(-4_000)}`)
  console.log(
    `\ndashboard (browser test against wrangler dev + sandbox; load ${before} before, ${loadavg()[0]?.toFixed(2)} after)`,
  )
  for (const line of figures) console.log(`  ${line}`)
}
