import { beforeEach, describe, expect, it } from 'vitest'
import {
  COOL_DOWN_MS,
  chainKeyOf,
  forgetEndpointHealth,
  getChainHead,
  orderEndpoints,
  recordEndpointFailure,
  recordEndpointHead,
  recordEndpointSuccess,
} from '../../../src/chains/endpointHealth'
import { RpcEndpointsFailedError } from '../../../src/chains/errors'
import { DEFAULT_RPC_TIMEOUT_MS, getChainConfig } from '../../../src/chains/getChainConfig'

const [a, b, c] = ['https://a.example/key', 'https://b.example/key', 'https://c.example/key'] as const
const t0 = 1_000_000

beforeEach(() => forgetEndpointHealth())

describe('orderEndpoints', () => {
  it('keeps the configured order while nothing failed', () => {
    expect(orderEndpoints([a, b, c], t0)).toEqual([a, b, c])
  })

  it('puts an endpoint that failed last for the cool-down, oldest failure first, then back in its place', () => {
    recordEndpointFailure(b, { kind: 'http', status: 503 }, t0)
    recordEndpointFailure(a, { kind: 'timeout', timeoutMs: 8_000 }, t0 + 1)
    expect(orderEndpoints([a, b, c], t0 + 2)).toEqual([c, b, a])
    expect(orderEndpoints([a, b, c], t0 + COOL_DOWN_MS)).toEqual([b, c, a])
    expect(orderEndpoints([a, b, c], t0 + 1 + COOL_DOWN_MS)).toEqual([a, b, c])
  })

  it('a success restores the configured place at once', () => {
    recordEndpointFailure(a, { kind: 'unreachable' }, t0)
    recordEndpointSuccess(a)
    expect(orderEndpoints([a, b], t0 + 1)).toEqual([a, b])
  })
})

describe('recordEndpointHead', () => {
  it('refuses an older head than the chain has shown; the chain head never goes down', () => {
    const key = chainKeyOf(1, [a, b])
    expect(recordEndpointHead(key, a, 100n)).toEqual({ status: 'ok' })
    expect(recordEndpointHead(key, b, 99n)).toEqual({ status: 'behind', chainHead: 100n })
    expect(recordEndpointHead(key, b, 100n)).toEqual({ status: 'ok' })
    expect(getChainHead(key)).toBe(100n)
    // Another endpoint list (another deployment's chain) keeps its own head.
    expect(recordEndpointHead(chainKeyOf(1, [c]), c, 5n)).toEqual({ status: 'ok' })
  })
})

describe('RpcEndpointsFailedError', () => {
  it('says why, per kind, without URLs', () => {
    const lag = new RpcEndpointsFailedError({
      chainId: 42161,
      method: 'eth_getBlockByNumber',
      failures: [
        { kind: 'behind', blockNumber: 1234n },
        { kind: 'timeout', timeoutMs: 8_000 },
      ],
    })
    expect(lag.summary).toBe(
      'Every RPC endpoint of chain 42161 is behind block 1234 or unreachable (1 behind, 1 timed out after 8000 ms).',
    )
    const down = new RpcEndpointsFailedError({
      chainId: 1,
      method: 'eth_call',
      failures: [
        { kind: 'http', status: 503 },
        { kind: 'http', status: 503 },
        { kind: 'rpc', code: -32603 },
      ],
    })
    expect(down.summary).toBe(
      'Every RPC endpoint of chain 1 failed (2 answered HTTP 503, 1 answered RPC error -32603).',
    )
  })
})

describe('RPC_TIMEOUT_MS', () => {
  it('defaults to 8 s, takes whole milliseconds, refuses anything else', () => {
    expect(getChainConfig({ RPC_URLS: '' }).get(1)?.timeoutMs).toBe(DEFAULT_RPC_TIMEOUT_MS)
    expect(DEFAULT_RPC_TIMEOUT_MS).toBe(8_000)
    expect(getChainConfig({ RPC_URLS: '', RPC_TIMEOUT_MS: '1500' }).get(1)?.timeoutMs).toBe(1_500)
    for (const bad of ['0', '-1', '1.5', 'soon'])
      expect(() => getChainConfig({ RPC_URLS: '', RPC_TIMEOUT_MS: bad })).toThrow(/RPC_TIMEOUT_MS must be/)
  })
})
