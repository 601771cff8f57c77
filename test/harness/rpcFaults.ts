/**
 * Node-only: loopback JSON-RPC endpoints that misbehave the ways providers do, for the chain client's
 * failover tests and bench. Each counts the JSON-RPC requests it received (by method), which is what
 * the tests assert on (never elapsed time).
 *
 * - `startHungEndpoint`: accepts the connection and the request, never answers.
 * - `startDownEndpoint`: answers every request HTTP 503 (`refused: true`: a port nothing listens on).
 * - `startLaggingProxy`: forwards to an upstream node (anvil), and when told to lag, answers as a node
 *   stuck at an older block: `eth_blockNumber` / `eth_getBlockByNumber("latest")` give that block, and a
 *   read pinned to a newer block gets geth's `header not found` (a block by number: `null`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { listenOnLoopback } from './listenOnLoopback'

export type FaultEndpoint = {
  url: string
  /** JSON-RPC requests received, by method (a batch counts each of its requests). */
  requests: Map<string, number>
  /** All JSON-RPC requests received. */
  count(): number
  close(): Promise<void>
}

type JsonRpcRequest = { jsonrpc: '2.0'; id: number | string | null; method: string; params?: unknown[] }

function counter() {
  const requests = new Map<string, number>()
  return {
    requests,
    record(body: JsonRpcRequest | JsonRpcRequest[]) {
      for (const request of Array.isArray(body) ? body : [body])
        requests.set(request.method, (requests.get(request.method) ?? 0) + 1)
    },
    count: () => [...requests.values()].reduce((total, n) => total + n, 0),
  }
}

async function readJson(request: IncomingMessage): Promise<JsonRpcRequest | JsonRpcRequest[]> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonRpcRequest | JsonRpcRequest[]
}

async function serve(
  handle: (body: JsonRpcRequest | JsonRpcRequest[], response: ServerResponse) => void | Promise<void>,
): Promise<FaultEndpoint> {
  const { requests, record, count } = counter()
  const server: Server = createServer(async (request, response) => {
    let body: JsonRpcRequest | JsonRpcRequest[]
    try {
      body = await readJson(request)
    } catch {
      response.writeHead(400).end()
      return
    }
    record(body)
    try {
      await handle(body, response)
    } catch (error) {
      if (!response.headersSent) response.writeHead(502).end(String(error))
    }
  })
  const { url, close } = await listenOnLoopback(server)
  return { url, requests, count, close }
}

/** Reads the request, then never answers (the connection stays open until `close`). */
export async function startHungEndpoint(): Promise<FaultEndpoint> {
  return await serve(() => {})
}

export type StartDownEndpointOptions = {
  /** true: nothing listens at the URL (connection refused), so nothing is counted. Default: HTTP 503. */
  refused?: boolean | undefined
}

/** An endpoint that is down: HTTP 503 to everything, or a closed port. */
export async function startDownEndpoint({ refused = false }: StartDownEndpointOptions = {}): Promise<FaultEndpoint> {
  const endpoint = await serve((_, response) => {
    response.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable')
  })
  if (refused) await endpoint.close()
  return endpoint
}

export type LaggingProxy = FaultEndpoint & {
  /** From now on answer as a node whose latest block is `blockNumber`. */
  lagAt(blockNumber: bigint): void
  /** Forward everything as it is again. */
  catchUp(): void
}

const hex = (n: bigint) => `0x${n.toString(16)}`

/** Which parameter of a method is its block (number or tag). */
const BLOCK_PARAMETER: Record<string, number> = {
  eth_call: 1,
  eth_getBalance: 1,
  eth_getCode: 1,
  eth_getTransactionCount: 1,
  eth_getStorageAt: 2,
  eth_getBlockByNumber: 0,
}

/** A proxy in front of `upstream` that can be told to lag behind it. */
export async function startLaggingProxy({ upstream }: { upstream: string }): Promise<LaggingProxy> {
  let lagBlock: bigint | undefined
  const forward = async (body: unknown) => {
    const response = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await response.json()) as unknown
  }
  const answer = async (request: JsonRpcRequest): Promise<unknown> => {
    if (lagBlock === undefined) return await forward(request)
    const { id, method } = request
    const params = [...(request.params ?? [])]
    if (method === 'eth_blockNumber') return { jsonrpc: '2.0', id, result: hex(lagBlock) }
    const index = BLOCK_PARAMETER[method]
    if (index !== undefined) {
      const block = params[index] ?? 'latest'
      if (block === 'latest' || block === 'pending' || block === 'safe' || block === 'finalized') {
        params[index] = hex(lagBlock)
      } else if (typeof block === 'string' && BigInt(block) > lagBlock) {
        // geth: a block by number it does not have is null; state at it is "header not found".
        return method === 'eth_getBlockByNumber'
          ? { jsonrpc: '2.0', id, result: null }
          : { jsonrpc: '2.0', id, error: { code: -32000, message: 'header not found' } }
      }
    }
    return await forward({ ...request, params })
  }
  const endpoint = await serve(async (body, response) => {
    const result = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body)
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result))
  })
  return {
    ...endpoint,
    lagAt(blockNumber) {
      lagBlock = blockNumber
    },
    catchUp() {
      lagBlock = undefined
    },
  }
}

/**
 * A proxy in front of `upstream` for a node that takes no state override set: an `eth_call` with a
 * third parameter gets the JSON-RPC error such nodes answer (geth before 1.9: "too many arguments").
 */
export async function startNoStateOverrideProxy({ upstream }: { upstream: string }): Promise<FaultEndpoint> {
  const answer = async (request: JsonRpcRequest): Promise<unknown> => {
    if (request.method === 'eth_call' && (request.params?.length ?? 0) > 2) {
      return {
        jsonrpc: '2.0',
        id: request.id,
        error: { code: -32602, message: 'too many arguments, want at most 2' },
      }
    }
    const response = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    })
    return (await response.json()) as unknown
  }
  return await serve(async (body, response) => {
    const result = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body)
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result))
  })
}
