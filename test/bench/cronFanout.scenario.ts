/**
 * The cron's fan-out at scale (`npm run bench -- cronFanout`): 1,000, 10,000 and 100,000 watched accounts
 * on the sandbox: 80 % Aave v3 (read on both chains: the Sandbox market on chains A and B, Origin on A),
 * 15 % Hyperliquid and 5 % dYdX v4 on the venue simulators. Per invocation (the tick, and each consumer
 * batch: one shard) it reports CPU time, subrequests, D1 queries and the connections asked for at once as
 * maximum and median, against the Workers limits the shards are sized for (src/cron/shardBudget.ts); then
 * tick to last evaluation, and oracle move to a verified webhook for an account in the last shard.
 *
 * What is real and what stands in:
 * - real: anvil with the real Aave contracts (up to 10,000 accounts with a real position: 1 WETH supplied,
 *   1,000 USDC borrowed), the venue simulators and the webhook receiver (in a child process, so their CPU is
 *   not billed here), D1 (Miniflare's local D1), the `WebhookEndpoint` Durable Object (the Worker's class in
 *   workerd: storage, alarm, signed POST), and the code: `runTick` (claim, plan, send) and `runShard` (the
 *   consumer), which hands events to the object through its namespace as the Worker does.
 * - stands in: the Worker runtime and the queue. Both handlers run in this Node process, one invocation at
 *   a time, so each one's CPU (`process.cpuUsage`) is its own; it includes the D1 proxy's serialisation,
 *   which a deployed Worker does not pay: an upper bound. `fetch` opens 6 connections at a time, as the
 *   runtime does (test/bench/fanoutRuntime.ts). The producer binding is an in-process list; one consumer
 *   runs the shards one after another, in the order they were sent, except the shard holding the measured
 *   account, which runs last (the worst case for it).
 * - measured, then projected: "one consumer" is what this process measured end to end. Deployed, the queue
 *   runs up to 250 consumers at once (test/bench/consumerSchedule.ts cites the limit): the projection lays
 *   the measured shard wall times onto 250 consumers in send order, and says how many consumers the 60 s
 *   target needs (the queue scales its consumers up with the backlog, so fewer is the margin).
 * - the alert: every subscription has a health-factor rule at 1 (health factors are ~2.6), except the
 *   measured one: the last Aave subscription claimed (due last), with its threshold 3 % under its account's
 *   health factor. The WETH oracle moves down 10 % just before the tick: only that rule fires, and the time
 *   runs until the receiver holds its delivery with a verified Standard Webhooks signature.
 * - bounded: 100,000 accounts watch the 10,000 seeded positions ten times over (subscription i watches
 *   account i mod 10,000; a shard never holds the same account twice, so its reads are not cheaper).
 *
 * Knobs: `CRON_FANOUT_SIZES=1000` runs a smaller scenario; `CRON_FANOUT_SAMPLE=24` runs only 24 shards per
 * size (spread over the plan, the measured one included; the tick still runs in full) and projects the rest
 * at the slowest sampled wall time; `CRON_FANOUT_UPSTREAM_MS=100` adds that latency to every upstream call.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bech32 } from '@scure/base'
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
import { PRICE_FEED_SLOTS, setPrice } from '../harness/aave'
import { startChains } from '../harness/chains'
import type { InboxState } from '../harness/receiver'
import { consumersNeeded, MAX_CONCURRENT_CONSUMERS, scheduleShards } from './consumerSchedule'
import { CONNECTIONS_PER_INVOCATION, type Invocation, startFanoutRuntime } from './fanoutRuntime'

const SIZES = (process.env.CRON_FANOUT_SIZES ?? '1000,10000,100000').split(',').map(Number)
/** Real Aave positions seeded at most; larger sizes watch them again. */
const MAX_SEEDED = 10_000
/** Shards run per size; unset: every shard. */
const SAMPLE = process.env.CRON_FANOUT_SAMPLE ? Number(process.env.CRON_FANOUT_SAMPLE) : null
const UPSTREAM_MS = Number(process.env.CRON_FANOUT_UPSTREAM_MS ?? 0)
/** The issue's target: every account evaluated within a minute of its due time (the tick). */
const DUE_WITHIN_MS = 60_000
const RPC_BATCH = 500
/** The measured rule fires under this fraction of its account's health factor; the oracle moves 10 %. */
const THRESHOLD_FRACTION = 0.97
const WEBHOOK_SECRET = `whsec_${Buffer.from('cron-fanout-bench-secret-0123').toString('base64')}`
/** Hang backstop for the delivery (a loaded machine is slow, not wrong). */
const DELIVERY_BACKSTOP_MS = 120_000

const erc20 = parseAbi([
  'function mint(address, uint256) returns (bool)',
  'function approve(address, uint256) returns (bool)',
])
const pool = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function getUserAccountData(address user) view returns (uint256, uint256, uint256, uint256, uint256, uint256 healthFactor)',
])

type Stat = { max: number; p50: number }
type ScaleResult = {
  size: number
  shards: number
  run: number
  evaluated: number
  sourceErrors: number
  tick: Invocation
  consumers: Record<'cpuMs' | 'subrequests' | 'd1' | 'connections' | 'wallMs', Stat>
  /** Tick start to the last shard's end, one consumer, measured. */
  oneConsumerMs: number | null
  /** Tick start to the last shard's end with 250 consumers, projected from the measured walls. */
  projectedMs: number
  consumersFor60s: number | null
  /** Oracle move to the verified delivery, one consumer, measured. */
  deliveryOneConsumerMs: number | null
  /** The same with 250 consumers: the measured shard starts where the schedule starts the last shard. */
  deliveryProjectedMs: number
  /** From the measured shard's start to the verified delivery (evaluation, hand-off, the object's POST). */
  shardToDeliveryMs: number
}

const stat = (values: readonly number[]): Stat => {
  const sorted = [...values].sort((a, b) => a - b)
  return { max: sorted.at(-1) ?? 0, p50: sorted[Math.floor(sorted.length / 2)] ?? 0 }
}
const uptime = () => execSync('uptime').toString().trim()

export default async function cronFanout(): Promise<void> {
  const started = performance.now()
  const upstreams = await startUpstreamsProcess()
  const chains = await startChains()
  const runtime = await startFanoutRuntime({
    root: join(import.meta.dirname, '../..'),
    rpcPrefixes: Object.values(chains.rpcUrls).flat(),
    upstreamDelayMs: UPSTREAM_MS,
  })
  try {
    const { client, market, rpcUrl } = chains.chains.a
    const { d1, d1Raw } = runtime

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

    // --- D1 with the migrations, the bench's key; one webhook endpoint per size (its own delivery object) ---
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
    let queued: EvaluationShard[] = []
    const env = {
      DB: d1,
      EVALUATION_QUEUE: runtime.queue<EvaluationShard>((shard) => queued.push(shard)),
      WEBHOOK_ENDPOINT: runtime.webhookEndpoint,
      ENVIRONMENT: 'development',
      RPC_URLS: JSON.stringify(chains.rpcUrls),
      AAVE_MARKETS: JSON.stringify(chains.aaveMarkets),
      ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides),
      HYPERLIQUID_API_URL: upstreams.hyperliquidUrl,
      DYDX_INDEXER_URL: upstreams.dydxIndexerUrl,
    } as unknown as Env

    const aggregator = market.reserves.WETH?.aggregator as `0x${string}`
    const wethPrice = BigInt(
      (await client.getStorageAt({ address: aggregator, slot: numberToHex(PRICE_FEED_SLOTS.answer) })) ?? '0x0',
    )
    console.log(
      `\ncron fan-out (seeded ${seeded} Aave positions in ${(seedMs / 1000).toFixed(1)} s; load: ${uptime()})`,
    )
    const results: ScaleResult[] = []
    for (const size of SIZES) {
      await d1Raw.batch([
        d1Raw.prepare('DELETE FROM alert_rules'),
        d1Raw.prepare('DELETE FROM alert_subscriptions'),
        d1Raw.prepare('DELETE FROM alert_events'),
      ])
      // The measured subscription: the last Aave one, due last (so claimed last: the plan's last Aave shard).
      let target = size - 1
      while (target % 20 >= 16) target -= 1
      const targetAccount = aaveAccounts[target % seeded] as `0x${string}`
      const [, , , , , healthFactorWad] = await client.readContract({
        address: market.pool,
        abi: pool,
        functionName: 'getUserAccountData',
        args: [targetAccount],
      })
      const threshold = ((Number(healthFactorWad) / 1e18) * THRESHOLD_FRACTION).toFixed(4)
      const endpointId = `ep_bench_${size}`
      const inbox = `fanout-${size}`
      await d1Raw
        .prepare(
          `INSERT INTO webhook_endpoints (id, key_id, url, secret, status, created_at_ms, updated_at_ms)
           VALUES (?1, 'key_bench', ?2, ?3, 'active', 0, 0)`,
        )
        .bind(endpointId, `${upstreams.receiverUrl}/inbox/${inbox}`, WEBHOOK_SECRET)
        .run()
      await upstreams.control(inbox, { reset: true, secrets: [WEBHOOK_SECRET] })

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
        const measured = i === target
        return {
          sub: `sub_bench_${id}`,
          rule: `rule_bench_${id}`,
          address,
          protocol,
          threshold: measured ? threshold : '1',
          due: measured ? 1 : 0,
        }
      })
      for (let i = 0; i < rows.length; i += 1_000) {
        const part = JSON.stringify(rows.slice(i, i + 1_000))
        await d1Raw.batch([
          d1Raw
            .prepare(
              `INSERT INTO alert_subscriptions (id, key_id, endpoint_id, addresses, protocols, status, next_eval_at_ms, created_at_ms)
               SELECT json_extract(value, '$.sub'), 'key_bench', ?2, json_array(json_extract(value, '$.address')),
                      json_array(json_extract(value, '$.protocol')), 'active', json_extract(value, '$.due'), 0 FROM json_each(?1)`,
            )
            .bind(part, endpointId),
          d1Raw
            .prepare(
              `INSERT INTO alert_rules (id, subscription_id, kind, threshold, hysteresis, cooldown_seconds, state, sequence)
               SELECT json_extract(value, '$.rule'), json_extract(value, '$.sub'), 'HEALTH_FACTOR_BELOW',
                      json_extract(value, '$.threshold'), '0.1', 3600, 'armed', 0
               FROM json_each(?1)`,
            )
            .bind(part),
        ])
      }
      const targetId = rows[target]?.sub as string

      // --- the oracle moves, the cron ticks ---
      queued = []
      runtime.resetRpcCalls()
      const movedAt = performance.now()
      await setPrice(client, market, { symbol: 'WETH', priceRaw: (wethPrice * 90n) / 100n })
      const tickStartedAt = performance.now()
      const tick = await runtime.measure(() => runTick(env, { nowMs: Date.now(), trigger: 'bench' }))
      const shards = queued
      const targetShard = shards.find((shard) => shard.subscriptionIds.includes(targetId))
      if (!targetShard) throw new Error(`The measured subscription ${targetId} is in no shard.`)
      // Send order, the measured shard last; a sample keeps shards spread over the plan.
      const others = shards.filter((shard) => shard !== targetShard)
      const picked =
        SAMPLE === null || SAMPLE >= shards.length
          ? others
          : [
              ...new Set(Array.from({ length: SAMPLE - 1 }, (_, k) => Math.floor((k * others.length) / (SAMPLE - 1)))),
            ].map((index) => others[index] as EvaluationShard)
      const order = [...picked, targetShard]

      // --- the consumer: one shard per invocation, one after another ---
      const consumers: Invocation[] = []
      let evaluated = 0
      let sourceErrors = 0
      const errorSamples = new Set<string>()
      let targetStartedAt = 0
      for (const shard of order) {
        if (shard === targetShard) targetStartedAt = performance.now()
        const run = await runtime.measure(() =>
          runShard({ env, db, shard, nowMs: Math.max(shard.tickMs, Date.now()), fetch: runtime.fetch }),
        )
        consumers.push(run)
        evaluated += run.result.subscriptions - run.result.skipped
        sourceErrors += run.result.sourceErrors
        for (const sample of run.result.sourceErrorSamples) errorSamples.add(sample)
        if (shard === targetShard && run.result.fired !== 1)
          throw new Error(`The measured shard fired ${run.result.fired} rules, not 1: ${JSON.stringify(run.result)}`)
      }
      const lastEndedAt = performance.now()
      const delivered = await upstreams.waitForVerified(inbox, targetId)
      const deliveredAt = delivered.receivedAtMs - performance.timeOrigin
      await setPrice(client, market, { symbol: 'WETH', priceRaw: wethPrice })

      // --- projection: the measured walls on 250 consumers, the measured shard last ---
      const ranAll = order.length === shards.length
      const walls = consumers.map((invocation) => invocation.wallMs)
      const slowest = Math.max(...walls)
      const projectedWalls = ranAll
        ? walls
        : [
            ...walls.slice(0, -1),
            ...Array.from({ length: shards.length - order.length }, () => slowest),
            walls.at(-1) as number,
          ]
      const schedule = scheduleShards(projectedWalls, MAX_CONCURRENT_CONSUMERS)
      const shardToDeliveryMs = deliveredAt - targetStartedAt
      const result: ScaleResult = {
        size,
        shards: shards.length,
        run: order.length,
        evaluated,
        sourceErrors,
        tick,
        consumers: {
          cpuMs: stat(consumers.map((i) => i.cpuMs)),
          subrequests: stat(consumers.map((i) => i.subrequests)),
          d1: stat(consumers.map((i) => i.d1)),
          connections: stat(consumers.map((i) => i.connections)),
          wallMs: stat(walls),
        },
        oneConsumerMs: ranAll ? lastEndedAt - tickStartedAt : null,
        projectedMs: tick.wallMs + schedule.makespanMs,
        consumersFor60s: consumersNeeded(projectedWalls, DUE_WITHIN_MS - tick.wallMs),
        deliveryOneConsumerMs: ranAll ? deliveredAt - movedAt : null,
        deliveryProjectedMs:
          tickStartedAt - movedAt + tick.wallMs + (schedule.startsMs.at(-1) as number) + shardToDeliveryMs,
        shardToDeliveryMs,
      }
      results.push(result)
      const c = result.consumers
      console.log(
        [
          `accounts ${size}: ${shards.length} shards (${order.length} run${ranAll ? '' : ', sampled'}), ${evaluated} evaluated, ${sourceErrors} source errors${errorSamples.size ? ` (${[...errorSamples].join('; ')})` : ''}; RPC calls ${runtime.rpcCalls()}`,
          `  tick:      cpu ${tick.cpuMs.toFixed(0)} ms, subrequests ${tick.subrequests}, D1 ${tick.d1}, wall ${tick.wallMs.toFixed(0)} ms`,
          `  consumers: cpu max ${c.cpuMs.max.toFixed(0)} p50 ${c.cpuMs.p50.toFixed(0)} ms; subrequests max ${c.subrequests.max} p50 ${c.subrequests.p50}; D1 max ${c.d1.max} p50 ${c.d1.p50}; connections asked max ${c.connections.max}; wall max ${c.wallMs.max.toFixed(0)} p50 ${c.wallMs.p50.toFixed(0)} ms`,
          `  measured account ${targetId} (threshold ${threshold}): ${delivered.type} verified ${(shardToDeliveryMs / 1000).toFixed(2)} s after its shard started; load ${uptime()}`,
        ].join('\n'),
      )
      if (sourceErrors > 0) console.log('  (source errors above: check the sandbox before trusting the figures)')
    }
    printTable(results)
    console.log(`(scenario ${((performance.now() - started) / 1000).toFixed(0)} s; load at the end: ${uptime()})`)
  } finally {
    await runtime.dispose()
    await chains.close()
    await upstreams.close()
  }
}

function printTable(results: readonly ScaleResult[]): void {
  const s = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`)
  const ms = (value: number) => value.toFixed(0)
  const both = (value: Stat, format: (n: number) => string = String) => `${format(value.max)} / ${format(value.p50)}`
  const rows: [string, string, (r: ScaleResult) => string][] = [
    ['shards (run)', '', (r) => `${r.shards} (${r.run})`],
    ['tick CPU ms', String(CPU_MS_PER_INVOCATION), (r) => ms(r.tick.cpuMs)],
    ['tick subrequests', String(SUBREQUESTS_PER_INVOCATION), (r) => String(r.tick.subrequests)],
    ['tick D1 queries', String(D1_QUERIES_PER_INVOCATION), (r) => String(r.tick.d1)],
    ['tick wall ms', '', (r) => ms(r.tick.wallMs)],
    ['consumer CPU ms max / p50', String(CPU_MS_PER_INVOCATION), (r) => both(r.consumers.cpuMs, ms)],
    ['consumer subrequests max / p50', String(SUBREQUESTS_PER_INVOCATION), (r) => both(r.consumers.subrequests)],
    ['consumer D1 queries max / p50', String(D1_QUERIES_PER_INVOCATION), (r) => both(r.consumers.d1)],
    [
      'consumer connections asked max / p50',
      `${CONNECTIONS_PER_INVOCATION} open`,
      (r) => both(r.consumers.connections),
    ],
    ['consumer wall ms max / p50', '', (r) => both(r.consumers.wallMs, ms)],
    ['tick → last evaluation, 1 consumer (measured)', '', (r) => s(r.oneConsumerMs)],
    [
      `tick → last evaluation, ${MAX_CONCURRENT_CONSUMERS} consumers (projected)`,
      s(DUE_WITHIN_MS),
      (r) => s(r.projectedMs),
    ],
    ['consumers needed for 60 s', String(MAX_CONCURRENT_CONSUMERS), (r) => String(r.consumersFor60s ?? '> 250')],
    ['oracle move → verified webhook, 1 consumer (measured)', '', (r) => s(r.deliveryOneConsumerMs)],
    [
      `oracle move → verified webhook, ${MAX_CONCURRENT_CONSUMERS} consumers (projected)`,
      '',
      (r) => s(r.deliveryProjectedMs),
    ],
    ['  of which: last shard start → verified webhook (measured)', '', (r) => s(r.shardToDeliveryMs)],
  ]
  const header = ['', 'limit', ...results.map((r) => `${r.size.toLocaleString('en')} accounts`)]
  const table = [header, ...rows.map(([name, limit, cell]) => [name, limit, ...results.map(cell)])]
  const widths = header.map((_, k) => Math.max(...table.map((row) => (row[k] as string).length)))
  console.log(
    `\ncron fan-out per invocation and end to end${UPSTREAM_MS ? ` (+${UPSTREAM_MS} ms per upstream call)` : ''}`,
  )
  for (const row of table)
    console.log(
      row
        .map((cell, k) => (k === 0 ? cell.padEnd(widths[k] as number) : cell.padStart(widths[k] as number)))
        .join('  '),
    )
}

type Upstreams = {
  hyperliquidUrl: string
  dydxIndexerUrl: string
  receiverUrl: string
  control(inbox: string, plan: unknown): Promise<void>
  /** Waits until the inbox holds a verified delivery of an event of `subscriptionId`. */
  waitForVerified(inbox: string, subscriptionId: string): Promise<{ receivedAtMs: number; type: string }>
  close(): Promise<void>
}

/**
 * The venue simulators and the webhook receiver in a child process: their request handling must not be billed
 * to the handlers' CPU.
 */
async function startUpstreamsProcess(): Promise<Upstreams> {
  const harness = join(import.meta.dirname, '../harness')
  const code = `import { startSimulators } from ${JSON.stringify(join(harness, 'simulators/index.ts'))}
import { startReceiver } from ${JSON.stringify(join(harness, 'receiver/index.ts'))}
const sims = await startSimulators({ seed: true })
const receiver = await startReceiver()
console.log(JSON.stringify({ hyperliquidUrl: sims.hyperliquidUrl, dydxIndexerUrl: sims.dydxIndexerUrl, receiverUrl: receiver.url }))
process.on('SIGTERM', () => Promise.all([sims.close(), receiver.close()]).then(() => process.exit(0)))`
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const urls = await new Promise<{ hyperliquidUrl: string; dydxIndexerUrl: string; receiverUrl: string }>(
    (resolve, reject) => {
      let buffered = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString()
        const line = buffered.split('\n').find((l) => l.startsWith('{'))
        if (line) resolve(JSON.parse(line))
      })
      child.on('exit', (code) => reject(new Error(`upstreams exited (${code})`)))
    },
  )
  const controlUrl = (inbox: string) => `${urls.receiverUrl}/control/${inbox}`
  return {
    ...urls,
    async control(inbox, plan) {
      const response = await fetch(controlUrl(inbox), { method: 'POST', body: JSON.stringify(plan) })
      if (!response.ok) throw new Error(`receiver control: HTTP ${response.status}`)
      await response.body?.cancel()
    },
    async waitForVerified(inbox, subscriptionId) {
      const deadline = Date.now() + DELIVERY_BACKSTOP_MS
      for (;;) {
        const state = (await (await fetch(controlUrl(inbox))).json()) as InboxState
        for (const request of state.requests) {
          const body = JSON.parse(request.body) as { type: string; data?: { subscription?: { id?: string } } }
          if (request.verified && body.data?.subscription?.id === subscriptionId)
            return { receivedAtMs: request.receivedAtMs, type: body.type }
        }
        if (Date.now() > deadline)
          throw new Error(
            `No verified delivery for ${subscriptionId} within ${DELIVERY_BACKSTOP_MS} ms: ${JSON.stringify(state)}`,
          )
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    close: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
