/**
 * Anonymous amplification attempts against the real Worker on loopback, counting every upstream call
 * where it lands: JSON-RPC requests at a counting proxy in front of each sandbox chain (anvil with the
 * real Aave v3 contracts), venue API requests at the Hyperliquid and dYdX simulators.
 *
 * The Worker is `wrangler deploy --dry-run`'s bundle run by Miniflare (workerd) with its wrangler.toml
 * bindings (local D1 with the migrations applied, the ANONYMOUS_REQUESTS Rate Limiting binding, the
 * deployment's default budgets), listening on 127.0.0.1 on an OS-assigned port. Rounds:
 *
 * 1. issue 13's request: 15 aliases, each `portfolio(addresses: [20 random], maxAgeSeconds: 0)`;
 * 2. 150 of the largest documented query (20 random addresses, fresh) in a row from one IP;
 * 3. 30 of them at once from another IP.
 *
 * Each round asserts that its upstream calls stay within the documented bound: the served requests
 * times the per-request bound. Timings are printed, never asserted. `npm run bench -- amplification`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { getAddress, toHex } from 'viem'
import { BUDGETS } from '../../src/auth/limits'
import { startLaggingProxy } from '../harness/rpcFaults'
import { startSandbox } from '../harness/sandbox'
import { ROOT } from '../harness/sandboxFile'

const uptime = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

const randomAddress = () => getAddress(toHex(crypto.getRandomValues(new Uint8Array(20))))
const addresses = (n: number) => JSON.stringify(Array.from({ length: n }, randomAddress))
const portfolio = (alias: string) =>
  `${alias}: portfolio(addresses: ${addresses(20)}, maxAgeSeconds: 0) { summary { equityUsd } sources { status } }`

export default async function amplification(): Promise<void> {
  const sandbox = await startSandbox({ writeFiles: false })
  const proxies = await Promise.all(
    Object.entries(sandbox.chains.rpcUrls).map(async ([chainId, [url]]) => ({
      chainId,
      proxy: await startLaggingProxy({ upstream: url as string }),
    })),
  )
  const outdir = mkdtempSync(join(tmpdir(), 'solvent-bench-'))
  let mf: Miniflare | undefined
  try {
    const build = spawnSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    if (build.status !== 0) throw new Error(`wrangler build failed:\n${build.stderr}`)
    const { vars } = sandbox
    mf = new Miniflare({
      modules: true,
      scriptPath: join(outdir, 'index.js'),
      modulesRoot: outdir,
      modulesRules: [{ type: 'Text', include: ['**/*.graphql'] }],
      compatibilityDate: '2026-04-20',
      host: '127.0.0.1',
      port: 0,
      d1Databases: { DB: 'bench' },
      durableObjects: { WEBHOOK_ENDPOINT: { className: 'WebhookEndpoint', useSQLite: true } },
      ratelimits: { ANONYMOUS_REQUESTS: { simple: { limit: 120, period: 60 } } },
      bindings: {
        ENVIRONMENT: 'development',
        INTROSPECTION: '',
        ALLOWED_ORIGINS: '*',
        MAX_BODY_BYTES: '65536',
        RPC_TIMEOUT_MS: '8000',
        FRESHNESS: '',
        SEQUENCER_FEEDS: '',
        WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
        SIWE_NONCES_PER_MINUTE: '30',
        ANONYMOUS_UNITS_PER_MINUTE: '',
        KEY_UNITS_PER_MINUTE: '',
        ...vars,
        RPC_URLS: JSON.stringify(Object.fromEntries(proxies.map(({ chainId, proxy }) => [chainId, [proxy.url]]))),
      },
    })
    const db = await mf.getD1Database('DB')
    for (const file of readdirSync(join(ROOT, 'migrations'))
      .filter((name) => name.endsWith('.sql'))
      .sort()) {
      const statements = readFileSync(join(ROOT, 'migrations', file), 'utf8')
        .split('--> statement-breakpoint')
        .map((statement) => statement.trim())
        .filter(Boolean)
      await db.batch(statements.map((statement) => db.prepare(statement)))
    }
    const url = new URL('/graphql', await mf.ready)
    const upstream = () =>
      proxies.reduce((total, { proxy }) => total + proxy.count(), 0) +
      sandbox.simulators.hyperliquid.requestCount() +
      sandbox.simulators.dydx.requestCount()
    const bound = BUDGETS.upstreamCallsPerRequest + BUDGETS.callsPerChainRead * proxies.length

    console.log(`\nAnonymous amplification on loopback (${url.host}), load ${uptime()}`)
    console.log(
      `per-request bound: ${bound} upstream calls; anonymous budget ${BUDGETS.anonymousUnitsPerMinute} units/min per IP`,
    )
    console.log('round                                   requests  served  refused(status)        upstream calls  ms')
    const round = async (name: string, ip: string, queries: string[], parallel: boolean) => {
      const before = upstream()
      const started = performance.now()
      const send = async (query: string) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
          body: JSON.stringify({ query }),
        })
        const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }
        return body.errors?.length ? `${response.status} ${body.errors[0]?.extensions?.code}` : 'served'
      }
      const outcomes: string[] = []
      if (parallel) outcomes.push(...(await Promise.all(queries.map(send))))
      else for (const query of queries) outcomes.push(await send(query))
      const ms = performance.now() - started
      const calls = upstream() - before
      const served = outcomes.filter((o) => o === 'served').length
      const refused = new Map<string, number>()
      for (const o of outcomes) if (o !== 'served') refused.set(o, (refused.get(o) ?? 0) + 1)
      const refusedText = [...refused].map(([k, n]) => `${n}× ${k}`).join(', ') || '-'
      console.log(
        `${name.padEnd(40)}${String(queries.length).padStart(8)}${String(served).padStart(8)}  ${refusedText.padEnd(22)}${String(calls).padStart(15)}${ms.toFixed(0).padStart(8)}`,
      )
      if (calls > served * bound) throw new Error(`${name}: ${calls} upstream calls, over ${served} × ${bound}`)
      return { served, calls }
    }

    const aliases = Array.from({ length: 15 }, (_, i) => portfolio(`a${i}`)).join(' ')
    const first = await round('15 aliases × 20 addresses, fresh', '198.18.0.1', [`{ ${aliases} }`], false)
    if (first.calls !== 0) throw new Error('the amplification query reached upstream')
    await round(
      '150 × portfolio(20, fresh), in a row',
      '198.18.0.2',
      Array.from({ length: 150 }, () => `{ ${portfolio('p')} }`),
      false,
    )
    await round(
      '30 × portfolio(20, fresh), at once',
      '198.18.0.3',
      Array.from({ length: 30 }, () => `{ ${portfolio('p')} }`),
      true,
    )
    console.log(`(load after: ${uptime()})`)
  } finally {
    await mf?.dispose()
    await Promise.all(proxies.map(({ proxy }) => proxy.close()))
    await sandbox.close()
  }
}
