import { HttpRequestError, ResponseBodyTooLargeError, RpcRequestError, TimeoutError } from 'viem'
import { describe, expect, it } from 'vitest'
import { requestJsonRpc } from '../../../src/chains/requestJsonRpc'

type Sent = { url: string; init: RequestInit }

/** A fetch that records what it was sent and answers `respond`'s Response. */
function fakeFetch(respond: (sent: Sent) => Response | Promise<Response>) {
  const sent: Sent[] = []
  const fetchFn = (async (url: string, init: RequestInit) => {
    sent.push({ url, init })
    return respond({ url, init })
  }) as unknown as typeof fetch
  return { fetchFn, sent }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const ask = (fetchFn: typeof fetch, url = 'http://127.0.0.1:8545', timeoutMs = 5_000) =>
  requestJsonRpc({ url, method: 'eth_call', params: [{ to: '0x01', data: '0x' }, 'latest'], timeoutMs, fetchFn })

describe('requestJsonRpc', () => {
  it('POSTs one JSON-RPC request and answers its result', async () => {
    const { fetchFn, sent } = fakeFetch(({ init }) => {
      const request = JSON.parse(init.body as string) as { id: number }
      return json({ jsonrpc: '2.0', id: request.id, result: '0xabcd' })
    })
    await expect(ask(fetchFn)).resolves.toBe('0xabcd')
    const [{ url, init } = {} as Sent] = sent
    expect(url).toBe('http://127.0.0.1:8545/')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toMatchObject({
      jsonrpc: '2.0',
      method: 'eth_call',
      params: [{ to: '0x01', data: '0x' }, 'latest'],
    })
  })

  it('sends credentials in the URL as Basic authorization, not in the URL', async () => {
    const { fetchFn, sent } = fakeFetch(() => json({ jsonrpc: '2.0', id: 1, result: '0x1' }))
    await ask(fetchFn, 'https://user:p%40ss@rpc.example/v1')
    const [{ url, init } = {} as Sent] = sent
    expect(url).toBe('https://rpc.example/v1')
    expect((init.headers as Record<string, string>).authorization).toBe(`Basic ${btoa('user:p@ss')}`)
  })

  it('a JSON-RPC error is an RpcRequestError with its code (a revert: 3), on 200 or not', async () => {
    const revert = { jsonrpc: '2.0', id: 1, error: { code: 3, message: 'execution reverted', data: '0x08c379a0' } }
    const error = await ask(fakeFetch(() => json(revert)).fetchFn).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcRequestError)
    expect((error as RpcRequestError).code).toBe(3)
    expect((error as RpcRequestError).details).toBe('execution reverted')
    const limited = { jsonrpc: '2.0', id: 1, error: { code: -32005, message: 'rate limited' } }
    const error429 = await ask(fakeFetch(() => json(limited, 429)).fetchFn).catch((e: unknown) => e)
    expect(error429).toBeInstanceOf(RpcRequestError)
    expect((error429 as RpcRequestError).code).toBe(-32005)
  })

  it('an HTTP error without a JSON-RPC error is an HttpRequestError with its status', async () => {
    const error = await ask(fakeFetch(() => new Response('Service Unavailable', { status: 503 })).fetchFn).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(HttpRequestError)
    expect((error as HttpRequestError).status).toBe(503)
  })

  it('an unreachable endpoint is an HttpRequestError without a status', async () => {
    const error = await ask(
      fakeFetch(() => {
        throw new TypeError('fetch failed')
      }).fetchFn,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpRequestError)
    expect((error as HttpRequestError).status).toBeUndefined()
  })

  it('no answer within the timeout is a TimeoutError', async () => {
    const hang = fakeFetch(
      ({ init }) =>
        new Promise<Response>((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason))
        }),
    )
    const error = await ask(hang.fetchFn, 'http://127.0.0.1:8545', 50).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
  })

  it('an answer larger than 10 MB is refused', async () => {
    const big = fakeFetch(
      () => new Response('{}', { headers: { 'content-type': 'application/json', 'content-length': '20000000' } }),
    )
    await expect(ask(big.fetchFn)).rejects.toBeInstanceOf(ResponseBodyTooLargeError)
  })
})
