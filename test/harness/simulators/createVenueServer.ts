import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from '../listenOnLoopback'
import { handlePriceControl, type PriceControl } from './priceControl'

/** What a simulator answers: a status and a JSON (or text) body. */
export type VenueResponse = { status: number; json?: unknown; text?: string }

/** A simulated outage: answer `status` (default 500), or `hang` without answering until the server closes. */
export type VenueFailure = {
  status?: number | undefined
  hang?: boolean | undefined
  /** Fail only requests this predicate accepts (default: all). */
  match?: ((request: VenueRequest) => boolean) | undefined
  /** Fail this many matching requests, then answer normally again (default: until cleared). */
  times?: number | undefined
}

export type VenueRequest = { method: string; path: string; query: URLSearchParams; body: string }

export type VenueServer = {
  url: string
  /** Requests received, by key (`handler` decides the key: the info `type`, the route). */
  counts: Map<string, number>
  setFailure(failure: VenueFailure | null): void
  close(): Promise<void>
}

export type CreateVenueServerOptions = {
  /** Answers one request; returns the count key with the response. */
  handle(request: VenueRequest): { key: string; response: VenueResponse }
  /** Text body of a failed request (the venue's own 5xx page). */
  failureText?: string | undefined
  /** Serves the price-control routes under `/__sandbox` (see `handlePriceControl`): never failed, never counted. */
  priceControl?: PriceControl | undefined
}

/**
 * A loopback HTTP server for one venue simulator: port 0 on 127.0.0.1, request counting,
 * switchable outages (HTTP 5xx or a hang) and, when given, the sandbox's price-control routes.
 * Node only: lives under test/harness.
 */
export async function createVenueServer({
  handle,
  failureText = 'Internal Server Error',
  priceControl,
}: CreateVenueServerOptions): Promise<VenueServer> {
  const counts = new Map<string, number>()
  let failure: (VenueFailure & { remaining: number }) | null = null

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const request: VenueRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      const controlled = priceControl && handlePriceControl(priceControl, request)
      if (controlled) {
        res.writeHead(controlled.status, { 'content-type': 'application/json' }).end(JSON.stringify(controlled.json))
        return
      }
      let answer: { key: string; response: VenueResponse }
      try {
        answer = handle(request)
      } catch (error) {
        answer = { key: 'error', response: { status: 500, text: String(error) } }
      }
      counts.set(answer.key, (counts.get(answer.key) ?? 0) + 1)
      if (failure && failure.remaining > 0 && (failure.match?.(request) ?? true)) {
        failure.remaining -= 1
        if (failure.hang) return // never answered; close() drops the socket
        res.writeHead(failure.status ?? 500, { 'content-type': 'text/plain' }).end(failureText)
        return
      }
      const { status, json, text } = answer.response
      if (json !== undefined) {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json))
      } else {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text ?? '')
      }
    })
  })
  const { url, close } = await listenOnLoopback(server)
  return {
    url,
    counts,
    setFailure(next) {
      failure = next ? { ...next, remaining: next.times ?? Number.POSITIVE_INFINITY } : null
    },
    close,
  }
}
