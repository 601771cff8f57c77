/**
 * The cron's fan-out at scale (`npm run bench -- cronFanout`): 1,000, 10,000 and 100,000 watched accounts
 * on the sandbox: 80 % Aave v3 (read on both chains: the Sandbox market on chains A and B, Origin on A),
 * 15 % Hyperliquid and 5 % dYdX v4 on the venue simulators. Per invocation (the tick, and each consumer
 * batch: one shard) it reports CPU time, subrequests and D1 queries as maximum and median, against the
 * Workers limits the shards are sized for (src/cron/shardBudget.ts).
 *
 * What is real and what stands in:
 * - real: anvil with the real Aave contracts (up to 10,000 accounts with a real position: 1 WETH supplied,
 *   1,000 USDC borrowed), the venue simulators (in a child process, so their CPU is not billed here), D1
 *   through Miniflare's local D1, and the code: `runTick` (claim, plan, send) and `runShard` (the consumer).
 * - stands in: the Worker runtime and the queue. Both handlers run in this Node process, one invocation at
 *   a time, so each one's CPU (`process.cpuUsage`) is its own; it includes the D1 proxy's serialisation,
 *   which a deployed Worker does not pay: an upper bound. The producer binding is an in-process list that
 *   counts `sendBatch` calls; the consumers run the shards one after another. Deployed, the queue runs
 *   shards concurrently (up to 250 consumers), so "tick to last evaluation" is projected as the tick's wall
 *   time plus the slowest shard's, beside the measured one-consumer total.
 * - counted: subrequests are every `fetch` (RPC and venue APIs) plus each `sendBatch`; no rule fires here
 *   (health factors ~2.6 against a threshold of 1), so there are no Durable Object hand-offs: the shard
 *   budget reserves one per subscription for the worst case. D1 queries count each statement, those in a
 *   `batch` one by one (an upper bound of how D1 counts a batch).
 * - bounded: 100,000 accounts watch the 10,000 seeded positions ten times over (subscription i watches
 *   account i mod 10,000; a shard never holds the same account twice, so its reads are not cheaper), and
 *   only `CRON_FANOUT_SAMPLE` shards (default 24, spread over the plan, the last one included) are run:
 *   the tick itself runs in full over all 100,000. `CRON_FANOUT_SIZES=1000` runs a smaller scenario.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bech32 } from '@scure/base'
import { Miniflare } from 'miniflare'
import { encodeFunctionData, maxUint256, numberToHex, parseAbi } from 'viem'
import { runShard } from '../../src/cron/evaluateSubscriptions'
import type { EvaluationShard } from '../../src/cron/planShards'
import { runTick } from '../../src/cron/scheduled'
import {
  CPU_MS_PER_INVOCATION,
  D1_QUERIES_PER_INVOCATION,
  SUBREQUESTS_PER_INVOCATION,
} from '../../src/cron/shardBudget'
import { createDatabase } from '../../src/db/client'
import { startChains } from '../harness/chains'

const SIZES = (process.env.CRON_FANOUT_SIZES ?? '1000,10000,100000').split(',').map(Number)
/** Real Aave positions seeded at most; larger sizes watch them again. */
const MAX_SEEDED = 10_000
/** Above this many subscriptions only a sample of the shards is run. */
const FULL_RUN_UP_TO = 10_000
const SAMPLE = Number(process.env.CRON_FANOUT_SAMPLE ?? 24)
const RPC_BATCH = 500

const erc20 = parseAbi([
  'function mint(address, uint256) returns (bool)',
  'function approve(address, uint256) returns (bool)',
])
const pool = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
])

type Invocation = { cpuMs: number; wallMs: number; subrequests: number; d1: number }

export default async function cronFanout(): Promise<void> {
  const started = performance.now()
  const simulators = await startSimulatorsProcess()
  const chains = await startChains()
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null) } }',
    d1Databases: { DB: 'bench-fanout' },
  })
  try {
    const { market, rpcUrl } = chains.chains.a
    // --- counters: upstream fetches (RPC calls by chain, venue requests) and D1 statements ---
    let fetches = 0
    let rpcCalls = 0
    const rpcPrefixes = Object.values(chains.rpcUrls).flat()
    const countingFetch: typeof fetch = async (input, init) => {
      fetches += 1
      const url = input instanceof Request ? input.url : String(input)
      if (rpcPrefixes.some((prefix) => url.startsWith(prefix)))
        rpcCalls += [...String(init?.body ?? '').matchAll(/"method":"/g)].length
      return await fetch(input, init)
    }
    const d1Raw = await mf.getD1Database('DB')
    let d1Queries = 0
    const originals = new WeakMap<object, D1PreparedStatement>()
    const countStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
      const proxy = new Proxy(statement, {
        get(target, property) {
          const value = Reflect.get(target, property)
          if (typeof value !== 'function') return value
          if (property === 'bind')
            return (...args: unknown[]) =>
              countStatement((value as (...a: unknown[]) => D1PreparedStatement).apply(target, args))
          if (property === 'run' || property === 'all' || property === 'raw' || property === 'first')
            return (...args: unknown[]) => {
              d1Queries += 1
              return (value as (...a: unknown[]) => unknown).apply(target, args)
            }
          return value.bind(target)
        },
      })
      originals.set(proxy, statement)
      return proxy
    }
    const d1 = new Proxy(d1Raw as unknown as D1Database, {
      get(target, property) {
        const value = Reflect.get(target, property)
        if (property === 'prepare') return (sql: string) => countStatement(target.prepare(sql))
        if (property === 'batch')
          return (statements: D1PreparedStatement[]) => {
            d1Queries += statements.length
            // Unwrap: the binding's batch wants its own statement objects.
            return target.batch(statements.map((statement) => originals.get(statement) ?? statement))
          }
        return typeof value === 'function' ? value.bind(target) : value
      },
    })

    // --- seed up to 10,000 Aave positions on chain A, every step of a phase in one block ---
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
    const largest = Math.max(...SIZES)
    const seeded = Math.min(Math.ceil(largest * 0.8), MAX_SEEDED)
    const evmAccount = (i: number) => numberToHex(0x5017e47n * 2n ** 100n + BigInt(i), { size: 20 })
    const aaveAccounts = Array.from({ length: seeded }, (_, i) => evmAccount(i))
    const weth = market.reserves.WETH?.underlying as `0x${string}`
    const usdc = market.reserves.USDC?.underlying as `0x${string}`
    const lender = numberToHex(0x1e4de7n, { size: 20 })
    const tx = (from: string, to: string, data: `0x${string}`) => ({
      method: 'eth_sendTransaction',
      params: [{ from, to, data, gas: numberToHex(600_000) }],
    })
    const seedStarted = performance.now()
    const mine = async (txs: { method: string; params: unknown[] }[]) => {
      await rpcBatch(txs)
      await rpcBatch([{ method: 'evm_mine', params: [] }])
    }
    await chains.chains.a.stopMining()
    await rpcBatch([
      { method: 'anvil_autoImpersonateAccount', params: [true] },
      { method: 'evm_setBlockGasLimit', params: [numberToHex(20_000_000_000n)] },
      ...[lender, ...aaveAccounts].map((a) => ({ method: 'anvil_setBalance', params: [a, '0x56bc75e2d63100000'] })),
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
    for (const step of steps) await mine(aaveAccounts.map((a) => step(a as `0x${string}`)))
    await chains.chains.a.startMining()
    const seedMs = performance.now() - seedStarted

    // --- D1 with the migrations ---
    const migrationsDir = join(import.meta.dirname, '../../migrations')
    for (const file of readdirSync(migrationsDir)
      .filter((name) => name.endsWith('.sql'))
      .sort()) {
      const statements = readFileSync(join(migrationsDir, file), 'utf8').split('--> statement-breakpoint')
      await d1Raw.batch(statements.map((sql) => d1Raw.prepare(sql)))
    }
    await d1Raw
      .prepare(
        `INSERT INTO api_keys (id, owner, key_hash, prefix, chain_id, created_at_ms)
         VALUES ('key_bench', '0x0000000000000000000000000000000000000001', 'bench', 'slv_bench', 31337, 0)`,
      )
      .run()
    const db = createDatabase(d1)
    let sends = 0
    let queued: EvaluationShard[] = []
    const producer = {
      async send(body: EvaluationShard) {
        sends += 1
        queued.push(body)
      },
      async sendBatch(messages: Iterable<{ body: EvaluationShard }>) {
        sends += 1
        for (const message of messages) queued.push(message.body)
      },
    } as unknown as Queue
    const env = {
      DB: d1,
      EVALUATION_QUEUE: producer,
      ENVIRONMENT: 'development',
      RPC_URLS: JSON.stringify(chains.rpcUrls),
      AAVE_MARKETS: JSON.stringify(chains.aaveMarkets),
      ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides),
      HYPERLIQUID_API_URL: simulators.hyperliquidUrl,
      DYDX_INDEXER_URL: simulators.dydxIndexerUrl,
    } as unknown as Env

    const measure = async <result>(run: () => Promise<result>): Promise<{ result: result } & Invocation> => {
      const [fetchesBefore, d1Before] = [fetches, d1Queries]
      const sendsBefore = sends
      const cpuBefore = process.cpuUsage()
      const wallBefore = performance.now()
      const result = await run()
      const cpu = process.cpuUsage(cpuBefore)
      return {
        result,
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: performance.now() - wallBefore,
        subrequests: fetches - fetchesBefore + (sends - sendsBefore),
        d1: d1Queries - d1Before,
      }
    }

    console.log(
      `\ncron fan-out (seeded ${seeded} Aave positions in ${(seedMs / 1000).toFixed(1)} s; load: ${execSync('uptime').toString().trim()})`,
    )
    const lines: string[] = []
    for (const size of SIZES) {
      await d1Raw.batch([
        d1Raw.prepare('DELETE FROM alert_rules'),
        d1Raw.prepare('DELETE FROM alert_subscriptions'),
        d1Raw.prepare('DELETE FROM alert_events'),
      ])
      const rows = Array.from({ length: size }, (_, i) => {
        const id = String(i).padStart(6, '0')
        const kind = i % 20
        // 16 of 20 Aave, 3 Hyperliquid, 1 dYdX
        const [address, protocol] =
          kind < 16
            ? [aaveAccounts[i % seeded] as string, 'aave-v3']
            : kind < 19
              ? [evmAccount(1_000_000 + i), 'hyperliquid']
              : [
                  bech32.encode('dydx', bech32.toWords(Uint8Array.from({ length: 20 }, (_, k) => (i >> (k % 4)) + k))),
                  'dydx-v4',
                ]
        return { sub: `sub_bench_${id}`, rule: `rule_bench_${id}`, address, protocol }
      })
      for (let i = 0; i < rows.length; i += 1_000) {
        const part = JSON.stringify(rows.slice(i, i + 1_000))
        await d1Raw.batch([
          d1Raw
            .prepare(
              `INSERT INTO alert_subscriptions (id, key_id, endpoint_id, addresses, protocols, status, next_eval_at_ms, created_at_ms)
               SELECT json_extract(value, '$.sub'), 'key_bench', 'ep_bench', json_array(json_extract(value, '$.address')),
                      json_array(json_extract(value, '$.protocol')), 'active', 0, 0 FROM json_each(?1)`,
            )
            .bind(part),
          d1Raw
            .prepare(
              `INSERT INTO alert_rules (id, subscription_id, kind, threshold, hysteresis, cooldown_seconds, state, sequence)
               SELECT json_extract(value, '$.rule'), json_extract(value, '$.sub'), 'HEALTH_FACTOR_BELOW', '1', '0.1', 3600, 'armed', 0
               FROM json_each(?1)`,
            )
            .bind(part),
        ])
      }
      queued = []
      rpcCalls = 0
      const tickMs = Date.now()
      const tick = await measure(() => runTick(env, { nowMs: tickMs, trigger: 'bench' }))
      const shards = queued
      const chosen =
        size <= FULL_RUN_UP_TO || shards.length <= SAMPLE
          ? shards
          : [
              ...new Set([
                ...Array.from({ length: SAMPLE - 1 }, (_, k) => Math.floor((k * shards.length) / SAMPLE)),
                shards.length - 1,
              ]),
            ].map((index) => shards[index] as EvaluationShard)
      const consumers: Invocation[] = []
      let evaluated = 0
      let sourceErrors = 0
      const errorSamples = new Set<string>()
      for (const shard of chosen) {
        const run = await measure(() =>
          runShard({ env, db, shard, nowMs: Math.max(shard.tickMs, Date.now()), fetch: countingFetch }),
        )
        consumers.push(run)
        evaluated += run.result.subscriptions - run.result.skipped
        sourceErrors += run.result.sourceErrors
        for (const sample of run.result.sourceErrorSamples) errorSamples.add(sample)
      }
      const stat = (pick: (i: Invocation) => number) => {
        const values = consumers.map(pick).sort((a, b) => a - b)
        return { max: values.at(-1) ?? 0, p50: values[Math.floor(values.length / 2)] ?? 0 }
      }
      const cpu = stat((i) => i.cpuMs)
      const sub = stat((i) => i.subrequests)
      const q = stat((i) => i.d1)
      const wall = stat((i) => i.wallMs)
      const total = consumers.reduce((sum, i) => sum + i.wallMs, 0)
      const ranAll = chosen.length === shards.length
      lines.push(
        [
          `accounts ${size}: ${shards.length} shards (${chosen.length} run${ranAll ? '' : ', sampled'}), ${evaluated} evaluated, ${sourceErrors} source errors${errorSamples.size ? ` (${[...errorSamples].join('; ')})` : ''}`,
          `  tick:      cpu ${tick.cpuMs.toFixed(0)} ms / ${CPU_MS_PER_INVOCATION}, subrequests ${tick.subrequests} / ${SUBREQUESTS_PER_INVOCATION}, D1 ${tick.d1} / ${D1_QUERIES_PER_INVOCATION}, wall ${tick.wallMs.toFixed(0)} ms`,
          `  consumers: cpu max ${cpu.max.toFixed(0)} p50 ${cpu.p50.toFixed(0)} ms / ${CPU_MS_PER_INVOCATION}; subrequests max ${sub.max} p50 ${sub.p50} / ${SUBREQUESTS_PER_INVOCATION}; D1 max ${q.max} p50 ${q.p50} / ${D1_QUERIES_PER_INVOCATION}; wall max ${wall.max.toFixed(0)} p50 ${wall.p50.toFixed(0)} ms`,
          `  RPC calls (shards run): ${rpcCalls}; tick to last evaluation: ${ranAll ? `${((tick.wallMs + total) / 1000).toFixed(1)} s with one consumer, ` : ''}~${((tick.wallMs + wall.max) / 1000).toFixed(1)} s projected with concurrent consumers`,
        ].join('\n'),
      )
      console.log(lines.at(-1))
      if (sourceErrors > 0) console.log('  (source errors above: check the sandbox before trusting the figures)')
    }
    console.log(
      `(scenario ${((performance.now() - started) / 1000).toFixed(0)} s; load at the end: ${execSync('uptime').toString().trim()})`,
    )
  } finally {
    await mf.dispose()
    await chains.close()
    await simulators.close()
  }
}

/** The venue simulators in a child process (their request handling must not be billed to the handlers' CPU). */
async function startSimulatorsProcess(): Promise<{
  hyperliquidUrl: string
  dydxIndexerUrl: string
  close(): Promise<void>
}> {
  const code = `import { startSimulators } from ${JSON.stringify(join(import.meta.dirname, '../harness/simulators/index.ts'))}
const sims = await startSimulators({ seed: true })
console.log(JSON.stringify({ hyperliquidUrl: sims.hyperliquidUrl, dydxIndexerUrl: sims.dydxIndexerUrl }))
process.on('SIGTERM', () => sims.close().then(() => process.exit(0)))`
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const urls = await new Promise<{ hyperliquidUrl: string; dydxIndexerUrl: string }>((resolve, reject) => {
    let buffered = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const line = buffered.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line))
    })
    child.on('exit', (code) => reject(new Error(`simulators exited (${code})`)))
  })
  return {
    ...urls,
    close: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
