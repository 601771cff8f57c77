/**
 * What the cron fan-out bench hands the Worker's handlers in Node: D1 and the real `WebhookEndpoint`
 * Durable Object in workerd (one Miniflare), and a meter that counts, per invocation, what the Workers limits
 * count: subrequests (every `fetch`, each Durable Object call, each queue send), D1 statements, and the
 * connections the code asks for at once.
 *
 * - D1 is Miniflare's local D1; each statement is counted, those of a `batch` one by one (an upper bound of
 *   how D1 counts a batch). The Node side and the Durable Object share it, as they share the deployed one.
 * - The delivery object is the Worker's own class (src/alerts/WebhookEndpoint.ts, bundled by esbuild): its
 *   storage, its alarm and its signed POST are real. The handlers reach it through the namespace, as the
 *   Worker does through its binding (`endpointStub`).
 * - `fetch` holds a call while 6 are open, as the runtime does with an invocation's simultaneous outgoing
 *   connections (https://developers.cloudflare.com/workers/platform/limits/#simultaneous-open-connections),
 *   so a shard's wall time carries that limit; a connection is open until its body is read. `upstreamDelayMs`
 *   adds latency to each upstream call (local anvil answers in milliseconds, a hosted RPC does not).
 */
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'

/** Simultaneous outgoing connections per invocation (Workers limits). */
export const CONNECTIONS_PER_INVOCATION = 6

/** What one invocation used. */
export type Invocation = {
  cpuMs: number
  wallMs: number
  subrequests: number
  d1: number
  /** Upstream calls the code had open or waiting at once, at most (the runtime opens 6, the rest wait). */
  connections: number
}

export type FanoutRuntime = {
  /** The D1 binding the handlers get (counted). */
  d1: D1Database
  /** The same database, uncounted (seeding). */
  d1Raw: D1Database
  /** The `WEBHOOK_ENDPOINT` binding the handlers get (calls counted as subrequests). */
  webhookEndpoint: DurableObjectNamespace
  /** The handlers' `fetch` (counted, 6 connections at a time). */
  fetch: typeof fetch
  /** The producer binding: each message goes to `receive` (calls counted as subrequests). */
  queue<body>(receive: (message: body) => void): Queue
  /** RPC calls (JSON-RPC methods) made through `fetch` since the last `resetRpcCalls`. */
  rpcCalls(): number
  resetRpcCalls(): void
  /** Runs one invocation and says what it used: CPU of this process, wall time, and the counts above. */
  measure<result>(run: () => Promise<result>): Promise<{ result: result } & Invocation>
  dispose(): Promise<void>
}

export async function startFanoutRuntime({
  root,
  rpcPrefixes,
  upstreamDelayMs = 0,
}: {
  root: string
  /** URL prefixes of the RPC endpoints (their JSON-RPC methods are counted). */
  rpcPrefixes: readonly string[]
  upstreamDelayMs?: number
}): Promise<FanoutRuntime> {
  const bundle = await build({
    absWorkingDir: root,
    stdin: {
      contents: `export { WebhookEndpoint } from './src/alerts/WebhookEndpoint'
export default { fetch: () => new Response(null, { status: 404 }) }`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:*'],
    loader: { '.graphql': 'text' },
    logLevel: 'warning',
  })
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text ?? '',
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: 'bench-fanout' },
    durableObjects: { WEBHOOK_ENDPOINT: { className: 'WebhookEndpoint', useSQLite: true } },
    // What the delivery object reads of the Worker's vars (src/config.ts): loopback receivers allowed locally.
    bindings: { ENVIRONMENT: 'development', WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' },
  })

  let subrequests = 0
  let d1Queries = 0
  let rpcCalls = 0
  let asked = 0
  let peakAsked = 0
  let open = 0
  const waiting: (() => void)[] = []

  const countedFetch: typeof fetch = async (input, init) => {
    subrequests += 1
    const url = input instanceof Request ? input.url : String(input)
    if (rpcPrefixes.some((prefix) => url.startsWith(prefix)))
      rpcCalls += [...String(init?.body ?? '').matchAll(/"method":"/g)].length
    asked += 1
    peakAsked = Math.max(peakAsked, asked)
    while (open >= CONNECTIONS_PER_INVOCATION) await new Promise<void>((resolve) => waiting.push(resolve))
    open += 1
    try {
      if (upstreamDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, upstreamDelayMs))
      const response = await fetch(input, init)
      // The connection is open until the body is read: read it here, then hand the caller a copy.
      const body = await response.arrayBuffer()
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
    } finally {
      open -= 1
      asked -= 1
      waiting.shift()?.()
    }
  }

  const d1Raw = (await mf.getD1Database('DB')) as unknown as D1Database
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
  const d1 = new Proxy(d1Raw, {
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

  const endpoints = await mf.getDurableObjectNamespace('WEBHOOK_ENDPOINT')
  // Only what the cron calls (`handOffEvents`): each call is one subrequest of the invocation.
  const webhookEndpoint = {
    idFromName: (name: string) => endpoints.idFromName(name),
    get: (id: Parameters<typeof endpoints.get>[0]) => {
      const stub = endpoints.get(id) as unknown as { enqueueEvents(...args: unknown[]): Promise<unknown> }
      return {
        enqueueEvents: async (...args: unknown[]) => {
          subrequests += 1
          await stub.enqueueEvents(...args)
        },
      }
    },
  } as unknown as DurableObjectNamespace

  return {
    d1,
    d1Raw,
    webhookEndpoint,
    fetch: countedFetch,
    queue<body>(receive: (message: body) => void) {
      return {
        async send(message: body) {
          subrequests += 1
          receive(message)
        },
        async sendBatch(messages: Iterable<{ body: body }>) {
          subrequests += 1
          for (const message of messages) receive(message.body)
        },
      } as unknown as Queue
    },
    rpcCalls: () => rpcCalls,
    resetRpcCalls: () => {
      rpcCalls = 0
    },
    async measure(run) {
      const [subrequestsBefore, d1Before] = [subrequests, d1Queries]
      peakAsked = asked
      const cpuBefore = process.cpuUsage()
      const wallBefore = performance.now()
      const result = await run()
      const cpu = process.cpuUsage(cpuBefore)
      return {
        result,
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: performance.now() - wallBefore,
        subrequests: subrequests - subrequestsBefore,
        d1: d1Queries - d1Before,
        connections: peakAsked,
      }
    },
    dispose: () => mf.dispose(),
  }
}
