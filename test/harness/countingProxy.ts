/**
 * Node-only, for the load benchmark and the request-count tests: an HTTP proxy on 127.0.0.1 (OS-assigned port) in front of one
 * upstream (an anvil chain or a venue simulator) that counts what passes through it: HTTP requests
 * and, for JSON-RPC, the methods inside each body (a batch counts once as a request, once per method).
 * The Worker is pointed at the proxy, so every upstream call it makes is seen here.
 *
 * Code that cannot hold the object (a test inside workerd) reads and resets the counts over HTTP:
 * `GET <url>/__counts` answers them as JSON, `POST <url>/__counts/reset` resets them; neither is
 * forwarded or counted.
 */
import { createServer, type IncomingMessage } from 'node:http'
import { listenOnLoopback } from './listenOnLoopback'

/** The proxy's own path (not forwarded): counts as JSON (GET), reset (POST `/reset`). */
export const COUNTS_PATH = '/__counts'

export type ProxyCounts = { requests: number; methods: Record<string, number> }

export type CountingProxy = {
  url: string
  /** Counts since the last `reset()`. */
  counts(): ProxyCounts
  /**
   * The last JSON-RPC call with this method that passed through (its `method` and `params`), e.g. to
   * replay the Worker's own `eth_call` directly (the load bench's RPC floor); undefined if none.
   */
  lastCall(method: string): { method: string; params: unknown[] } | undefined
  /**
   * The requests since the last `reset()` (the last 64 of them), as they came: to replay one query's upstream
   * requests as they were.
   */
  requests(): readonly RecordedRequest[]
  reset(): void
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

type JsonRpcCall = { method: string; params: unknown[] }

/** A request as it came, and when (`performance.now()` of this process): it arrived, its answer was sent back. */
export type RecordedRequest = {
  method: string
  path: string
  body: string | undefined
  arrivedAtMs: number
  answeredAtMs: number | undefined
}

/** JSON-RPC calls in a body (one, or each of a batch); none for other bodies. */
function callsOf(body: Buffer): JsonRpcCall[] {
  if (body.length === 0) return []
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown
    const calls = Array.isArray(parsed) ? parsed : [parsed]
    return calls.flatMap((call) =>
      call !== null && typeof call === 'object' && typeof (call as { method?: unknown }).method === 'string'
        ? [
            {
              method: (call as { method: string }).method,
              params: ((call as { params?: unknown }).params ?? []) as unknown[],
            },
          ]
        : [],
    )
  } catch {
    return []
  }
}

/**
 * @example
 * const proxy = await startCountingProxy('http://127.0.0.1:8545')
 * // point the Worker at proxy.url, run, then proxy.counts()
 */
export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = upstream.replace(/\/$/, '')
  let counts: ProxyCounts = { requests: 0, methods: {} }
  const last = new Map<string, JsonRpcCall>()
  let recorded: RecordedRequest[] = []
  /** Bodies are kept for replay: bounded, so a proxy that is never reset does not grow without end. */
  const MAX_RECORDED = 64
  const server = createServer((request, response) => {
    void (async () => {
      const arrivedAtMs = performance.now()
      const body = await readBody(request)
      if (request.url?.startsWith(COUNTS_PATH)) {
        if (request.url === `${COUNTS_PATH}/reset`) counts = { requests: 0, methods: {} }
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(counts))
        return
      }
      counts.requests++
      const forwarded = body.length > 0 && request.method !== 'GET' && request.method !== 'HEAD'
      const record: RecordedRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        body: forwarded ? body.toString('utf8') : undefined,
        arrivedAtMs,
        answeredAtMs: undefined,
      }
      recorded.push(record)
      if (recorded.length > MAX_RECORDED) recorded.shift()
      for (const call of callsOf(body)) {
        counts.methods[call.method] = (counts.methods[call.method] ?? 0) + 1
        last.set(call.method, call)
      }
      try {
        const answer = await fetch(`${target}${request.url ?? '/'}`, {
          method: request.method ?? 'GET',
          headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
          ...(record.body === undefined ? {} : { body: record.body }),
        })
        const bytes = Buffer.from(await answer.arrayBuffer())
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
        response.end(bytes)
        record.answeredAtMs = performance.now()
      } catch (error) {
        response.writeHead(502, { 'content-type': 'text/plain' })
        response.end(error instanceof Error ? error.message : String(error))
      }
    })()
  })
  server.keepAliveTimeout = 60_000
  const { url, close } = await listenOnLoopback(server)
  return {
    url,
    counts: () => ({ requests: counts.requests, methods: { ...counts.methods } }),
    lastCall: (method) => last.get(method),
    requests: () => [...recorded],
    reset: () => {
      counts = { requests: 0, methods: {} }
      recorded = []
    },
    close,
  }
}
