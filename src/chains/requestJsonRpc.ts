import { HttpRequestError, ResponseBodyTooLargeError, RpcRequestError, TimeoutError } from 'viem'

export type RequestJsonRpcParameters = {
  url: string
  method: string
  params: readonly unknown[] | undefined
  /** The whole attempt (answer and body) must be done within this. */
  timeoutMs: number
  /** The fetch to send it with (the request's: a loader may count it). */
  fetchFn: typeof fetch
}

/** viem's default bound on an answer's body (its `http` transport's `maxResponseBodySize`). */
const MAX_RESPONSE_BYTES = 10_485_760

/**
 * ONE JSON-RPC request over HTTP to ONE endpoint: POST `{jsonrpc, id, method, params}`, the body read
 * within `timeoutMs`, and the `result` returned. What viem's `http` transport does for one call with
 * `retryCount: 0`, failing with the same error classes, which `failoverTransport` sorts failures by:
 * `TimeoutError` (no answer in time), `HttpRequestError` (unreachable, or an HTTP error without a
 * JSON-RPC error; `status` when it answered), `RpcRequestError` (the node answered a JSON-RPC error,
 * with its `code`), `ResponseBodyTooLargeError`. Without viem's client and transport layers around it
 * (request formatting, retry and dedupe wrappers, a batch scheduler, a chunked body reader), which cost
 * more than a cold read's own work, and with the caller's `fetch` for each request, so the client
 * need not be built per request for it.
 *
 * @see https://www.jsonrpc.org/specification
 * @example
 * const block = await requestJsonRpc({ url, method: 'eth_blockNumber', params: [], timeoutMs: 8_000, fetchFn: fetch })
 */
export async function requestJsonRpc({
  url,
  method,
  params,
  timeoutMs,
  fetchFn,
}: RequestJsonRpcParameters): Promise<unknown> {
  const { url: target, headers } = endpointOf(url)
  const request = { jsonrpc: '2.0', id: nextId++, method, params }
  const body = { method, params }
  const signal = AbortSignal.timeout(timeoutMs)
  let response: Response
  let text: string
  try {
    response = await fetchFn(target, { method: 'POST', headers, body: JSON.stringify(request), signal })
    const length = Number(response.headers.get('content-length') ?? 0)
    if (length > MAX_RESPONSE_BYTES) {
      void response.body?.cancel().catch(() => undefined)
      throw new ResponseBodyTooLargeError({ maxSize: MAX_RESPONSE_BYTES, size: length })
    }
    text = await response.text()
    if (text.length > MAX_RESPONSE_BYTES)
      throw new ResponseBodyTooLargeError({ maxSize: MAX_RESPONSE_BYTES, size: text.length })
  } catch (error) {
    if (error instanceof ResponseBodyTooLargeError) throw error
    if (signal.aborted) throw new TimeoutError({ body, url })
    throw new HttpRequestError({ body, cause: error as Error, url })
  }
  let answer: { result?: unknown; error?: unknown }
  try {
    answer = JSON.parse(text || '{}') as typeof answer
  } catch (error) {
    if (response.ok) throw new HttpRequestError({ body, cause: error as Error, url })
    answer = { error: text }
  }
  if (!response.ok) {
    if (isRpcError(answer.error))
      throw new RpcRequestError({ body, error: answer.error, headers: response.headers, status: response.status, url })
    throw new HttpRequestError({
      body,
      details: (answer.error === undefined ? '' : JSON.stringify(answer.error)) || response.statusText,
      headers: response.headers,
      status: response.status,
      url,
    })
  }
  if (answer.error) throw new RpcRequestError({ body, error: answer.error as { code: number; message: string }, url })
  return answer.result
}

let nextId = 1

const isRpcError = (error: unknown): error is { code: number; message: string; data?: unknown } =>
  typeof (error as { code?: unknown } | undefined)?.code === 'number' &&
  typeof (error as { message?: unknown }).message === 'string'

const endpoints = new Map<string, { url: string; headers: Record<string, string> }>()

/** The URL to fetch and the headers to send: credentials in the URL go as Basic authorization (as viem's `http`). */
function endpointOf(url: string): { url: string; headers: Record<string, string> } {
  let endpoint = endpoints.get(url)
  if (!endpoint) {
    endpoint = { url, headers: { 'content-type': 'application/json' } }
    try {
      const parsed = new URL(url)
      if (parsed.username) {
        const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
        parsed.username = ''
        parsed.password = ''
        endpoint = {
          url: parsed.toString(),
          headers: { ...endpoint.headers, authorization: `Basic ${btoa(credentials)}` },
        }
      } else endpoint = { ...endpoint, url: parsed.toString() }
    } catch {
      // Not a URL: fetch says so.
    }
    endpoints.set(url, endpoint)
  }
  return endpoint
}
