/**
 * The cron tick at scale: 1,000 and then 10,000 watched accounts on the sandbox chains, each with a real
 * Aave v3 position (1 WETH supplied, 1,000 USDC borrowed) on chain A and a health-factor rule.
 *
 * Everything is real but the Worker runtime: anvil with the real Aave contracts, D1 through Miniflare's
 * local D1 (SQLite in workerd), and `evaluateSubscriptions` itself, run in Node. CPU is this Node
 * process's user + system time (`process.cpuUsage`) over the tick: our code, viem's encoding and decoding,
 * the engine, and the D1 proxy's serialisation (which a deployed Worker does not pay): an upper bound of
 * the Worker's CPU time. RPC requests are counted per chain and method.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { encodeFunctionData, maxUint256, numberToHex, parseAbi } from 'viem'
import { evaluateSubscriptions } from '../../src/cron/evaluateSubscriptions'
import { createDatabase } from '../../src/db/client'
import { startChains } from '../harness/chains'

/** `CRON_BENCH_ACCOUNTS=1000` runs a smaller scenario. */
const SIZES = (process.env.CRON_BENCH_ACCOUNTS ?? '1000,10000').split(',').map(Number)
const RPC_BATCH = 500

const erc20 = parseAbi([
  'function mint(address, uint256) returns (bool)',
  'function approve(address, uint256) returns (bool)',
])
const pool = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
])

export default async function cronTick(): Promise<void> {
  const started = performance.now()
  const chains = await startChains()
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null) } }',
    d1Databases: { DB: 'bench' },
  })
  try {
    const { client, market, rpcUrl } = chains.chains.a
    const rpcCalls: { chainId: string; method: string }[] = []
    const urlToChain = new Map(Object.entries(chains.rpcUrls).map(([chainId, [url]]) => [url as string, chainId]))
    const countingFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input)
      const chainId = [...urlToChain].find(([prefix]) => url.startsWith(prefix))?.[1]
      if (chainId) {
        // A regex, not JSON.parse: request bodies are hundreds of kilobytes and parsing them here would bill the bench.
        for (const match of String(init?.body ?? '').matchAll(/"method":"([^"]+)"/g))
          rpcCalls.push({ chainId, method: match[1] as string })
      }
      return await fetch(input, init)
    }

    // --- seed 10,000 accounts with a real position, in JSON-RPC batches (anvil auto-impersonation) ---
    const rpcBatch = async (requests: { method: string; params: unknown[] }[]) => {
      for (let i = 0; i < requests.length; i += RPC_BATCH) {
        const body = requests.slice(i, i + RPC_BATCH).map((r, k) => ({ jsonrpc: '2.0', id: i + k, ...r }))
        const response = await fetch(rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        const answers = (await response.json()) as { error?: { message: string } }[]
        const failed = answers.find((answer) => answer.error)
        if (failed) throw new Error(`seeding: ${failed.error?.message}`)
      }
    }
    const total = SIZES.at(-1) as number
    const accounts = Array.from({ length: total }, (_, i) =>
      numberToHex(0x5017e47n * 2n ** 100n + BigInt(i), { size: 20 }),
    )
    const weth = market.reserves.WETH?.underlying as `0x${string}`
    const usdc = market.reserves.USDC?.underlying as `0x${string}`
    const lender = numberToHex(0x1e4de7n, { size: 20 })
    const tx = (from: string, to: string, data: `0x${string}`) => ({
      method: 'eth_sendTransaction',
      params: [{ from, to, data, gas: numberToHex(600_000) }],
    })
    const seedStarted = performance.now()
    // Every account's step of a phase goes into ONE block (mining stopped, a huge block gas limit): 4 blocks
    // for 10,000 accounts instead of 40,000. Mining starts again once seeded: the tick reads a chain of now.
    const mine = async (txs: { method: string; params: unknown[] }[]) => {
      await rpcBatch(txs)
      await rpcBatch([{ method: 'evm_mine', params: [] }])
    }
    await chains.chains.a.stopMining()
    await rpcBatch([
      { method: 'anvil_autoImpersonateAccount', params: [true] },
      { method: 'evm_setBlockGasLimit', params: [numberToHex(20_000_000_000n)] },
      ...[lender, ...accounts].map((a) => ({ method: 'anvil_setBalance', params: [a, '0x56bc75e2d63100000'] })),
    ])
    const lend = 20_000_000n * 10n ** 6n
    for (const request of [
      tx(lender, usdc, encodeFunctionData({ abi: erc20, functionName: 'mint', args: [lender, lend] })),
      tx(lender, usdc, encodeFunctionData({ abi: erc20, functionName: 'approve', args: [market.pool, maxUint256] })),
      tx(lender, market.pool, encodeFunctionData({ abi: pool, functionName: 'supply', args: [usdc, lend, lender, 0] })),
    ])
      await mine([request])
    const oneWeth = 10n ** 18n
    const steps = [
      (a: `0x${string}`) => tx(a, weth, encodeFunctionData({ abi: erc20, functionName: 'mint', args: [a, oneWeth] })),
      (a: `0x${string}`) =>
        tx(a, weth, encodeFunctionData({ abi: erc20, functionName: 'approve', args: [market.pool, maxUint256] })),
      (a: `0x${string}`) =>
        tx(a, market.pool, encodeFunctionData({ abi: pool, functionName: 'supply', args: [weth, oneWeth, a, 0] })),
      (a: `0x${string}`) =>
        tx(
          a,
          market.pool,
          encodeFunctionData({ abi: pool, functionName: 'borrow', args: [usdc, 1_000n * 10n ** 6n, 2n, 0, a] }),
        ),
    ]
    for (const step of steps) await mine(accounts.map((a) => step(a as `0x${string}`)))
    await chains.chains.a.startMining()
    const seedMs = performance.now() - seedStarted

    // --- D1 with the migrations, subscriptions inserted as rows ---
    const d1 = await mf.getD1Database('DB')
    const migrationsDir = join(import.meta.dirname, '../../migrations')
    for (const file of readdirSync(migrationsDir)
      .filter((name) => name.endsWith('.sql'))
      .sort()) {
      const statements = readFileSync(join(migrationsDir, file), 'utf8').split('--> statement-breakpoint')
      await d1.batch(statements.map((sql) => d1.prepare(sql)))
    }
    const env = {
      DB: d1,
      ENVIRONMENT: 'development',
      RPC_URLS: JSON.stringify(chains.rpcUrls),
      AAVE_MARKETS: JSON.stringify(chains.aaveMarkets),
      ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides),
    } as unknown as Env
    const db = createDatabase(d1 as unknown as D1Database)

    // The subscriptions' key: the cron skips subscriptions whose key is missing or revoked.
    await d1
      .prepare(
        `INSERT INTO api_keys (id, owner, key_hash, prefix, chain_id, created_at_ms)
         VALUES ('key_bench', '0x0000000000000000000000000000000000000001', 'bench', 'slv_bench', 31337, 0)`,
      )
      .run()
    const block = await client.getBlock()
    let nowMs = Number(block.timestamp) * 1000
    const rows: string[][] = []
    let inserted = 0
    console.log(`\ncron tick (seeded ${total} Aave accounts in ${(seedMs / 1000).toFixed(1)} s)`)
    console.log('accounts   wall ms   cpu ms   cpu/account µs   eth_call A/B   other RPC   evaluated   fired')
    for (const size of SIZES) {
      const batch = accounts.slice(inserted, size).map((address, k) => ({
        sub: `sub_bench_${String(inserted + k).padStart(6, '0')}`,
        rule: `rule_bench_${String(inserted + k).padStart(6, '0')}`,
        address,
      }))
      for (let i = 0; i < batch.length; i += 1_000) {
        const part = JSON.stringify(batch.slice(i, i + 1_000))
        await d1.batch([
          d1
            .prepare(
              `INSERT INTO alert_subscriptions (id, key_id, endpoint_id, addresses, protocols, status, next_eval_at_ms, created_at_ms)
               SELECT json_extract(value, '$.sub'), 'key_bench', 'ep_bench', json_array(json_extract(value, '$.address')),
                      '["aave-v3"]', 'active', 0, 0 FROM json_each(?1)`,
            )
            .bind(part),
          d1
            .prepare(
              `INSERT INTO alert_rules (id, subscription_id, kind, threshold, hysteresis, cooldown_seconds, state, sequence)
               SELECT json_extract(value, '$.rule'), json_extract(value, '$.sub'), 'HEALTH_FACTOR_BELOW', '1', '0.1', 3600, 'armed', 0
               FROM json_each(?1)`,
            )
            .bind(part),
        ])
      }
      inserted = size
      nowMs += 60_000
      rpcCalls.length = 0
      const profiler = process.env.CRON_BENCH_PROFILE ? await startProfiler() : undefined
      const cpuBefore = process.cpuUsage()
      const wallBefore = performance.now()
      const report = await evaluateSubscriptions({ env, db, nowMs, fetch: countingFetch })
      const wallMs = performance.now() - wallBefore
      const cpu = process.cpuUsage(cpuBefore)
      if (profiler) await profiler.stop(`cron-tick-${size}.cpuprofile`)
      const cpuMs = (cpu.user + cpu.system) / 1000
      const ethCalls = (chainId: string) =>
        rpcCalls.filter((c) => c.chainId === chainId && c.method === 'eth_call').length
      const other = rpcCalls.filter((c) => c.method !== 'eth_call').length
      const [rule] = await db.$client
        .prepare(`SELECT count(*) AS n FROM alert_rules WHERE last_evaluated_at_ms = ?1 AND last_value NOT IN ('none')`)
        .bind(nowMs)
        .raw()
      rows.push([
        String(size).padStart(8),
        wallMs.toFixed(0).padStart(9),
        cpuMs.toFixed(0).padStart(8),
        ((cpuMs * 1000) / size).toFixed(0).padStart(16),
        `${ethCalls('31337')}/${ethCalls('31338')}`.padStart(14),
        String(other).padStart(11),
        String(rule?.[0]).padStart(11),
        String(report.fired).padStart(7),
      ])
      console.log(rows.at(-1)?.join(' '))
      if (report.subscriptions !== size || report.sourceErrors > 0)
        throw new Error(`tick over ${size}: ${JSON.stringify(report)}`)
    }
    console.log(`(scenario ${(performance.now() - started) / 1000} s; target: 10,000 accounts within 30,000 ms CPU)`)
  } finally {
    await mf.dispose()
    await chains.close()
  }
}

/** `CRON_BENCH_PROFILE=1`: a V8 CPU profile of each tick alone, written to the working directory. */
async function startProfiler() {
  const { Session } = await import('node:inspector/promises')
  const { writeFileSync } = await import('node:fs')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop')
      writeFileSync(file, JSON.stringify(profile))
      session.disconnect()
    },
  }
}
