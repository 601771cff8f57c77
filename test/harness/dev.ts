/**
 * `npm run dev`: the local service on its embedded defaults, offline, no Cloudflare account.
 *
 * 1. applies the D1 migrations to the local database (.wrangler/state),
 * 2. starts `wrangler dev` with scheduled-trigger testing (GET /__scheduled runs the cron),
 * 3. prints the GraphiQL URL once the Worker answers.
 *
 * Ctrl-C stops everything it started. `--smoke` asks `{ health { status } }`, prints the answer and
 * exits (CI uses it to prove the quick start works). `--port N` picks the port (default 8787).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'

const args = process.argv.slice(2)
const smoke = args.includes('--smoke')
const port = Number(args[args.indexOf('--port') + 1] || 8787)
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_D1_WARNING: 'true', FORCE_COLOR: '0' }
const children = new Set<ChildProcess>()

function run(command: string, commandArgs: string[], options: { quiet?: boolean } = {}): ChildProcess {
  const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.on('exit', () => children.delete(child))
  if (!options.quiet) {
    child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk))
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk))
  }
  return child
}

function stopAll(code: number): never {
  for (const child of children) child.kill('SIGTERM')
  process.exit(code)
}
process.on('SIGINT', () => stopAll(130))
process.on('SIGTERM', () => stopAll(143))

async function waitForHealth(url: string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ health { status version lastCronAt } }' }),
      })
      if (response.ok) return await response.json()
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The Worker did not answer on ${url} within ${timeoutMs / 1000} s.`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const wrangler = 'node_modules/.bin/wrangler'
const migrate = run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local'], { quiet: smoke })
const [migrateCode] = (await once(migrate, 'exit')) as [number | null]
if (migrateCode !== 0) {
  console.error('Applying D1 migrations failed.')
  stopAll(1)
}

run(
  wrangler,
  ['dev', '--ip', '127.0.0.1', '--port', String(port), '--test-scheduled', '--show-interactive-dev-session=false'],
  {
    quiet: smoke,
  },
)
const graphqlUrl = `http://127.0.0.1:${port}/graphql`
const health = await waitForHealth(graphqlUrl, 60_000).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  return stopAll(1)
})

if (smoke) {
  console.log(JSON.stringify(health))
  stopAll(0)
}
console.log(`
  Solvent is running locally.
  GraphiQL:        ${graphqlUrl}
  curl:            curl -s ${graphqlUrl} -H 'content-type: application/json' -d '{"query":"{ health { status version } }"}'
  Run the cron:    curl -s http://127.0.0.1:${port}/__scheduled?cron=*+*+*+*+*
  Ctrl-C stops it.
`)
